// Differential test: clasp (WASM, through clasp-api.mjs) against the
// reference implementation's own zod schemas (@paperclipai/shared@2026.916.1
// with zod 4.6.7, pinned in package-lock.json and installed by
// scripts/test.sh into .cache/npm-differential, install scripts never run),
// on the same seeded inputs, CLASP_DIFF_CASES per family (100,000 default).
//
// Run with `node --no-turbo-fast-api-calls`: Node 20's URL.canParse (which
// zod's .url() calls) answers false for Latin-1 strings such as "https://ß.de"
// once V8 takes its fast-call path, a Node bug Paperclip's own runtime (Node
// >= 24.11) does not have; the flag keeps the reference on the correct path.
//
// Compared per family: the verdict, and where both accept, the value Paperclip
// stores; where the schema has messages, the messages in order. A divergence
// listed in DIVERGENCES.md is matched by its id below, counted and reported
// separately; any other divergence fails the test and prints the input and
// both answers.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import v8 from "node:v8";

import { paperclipModel } from "./paperclip_model.mjs";
import { PROVIDERS, genAddress, genBinding, genEnv, genKey, genVaultConfig, rng } from "../wasm/generators.mjs";

// Also set here, before any URL call, in case the runner did not pass the flag on.
v8.setFlagsFromString("--no-turbo-fast-api-calls");

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const wasmDir = resolve(process.env.CLASP_WASM_DIR ?? join(root, "build", "wasm"));
const cache = resolve(process.env.CLASP_NPM_CACHE ?? join(root, ".cache"));
const secretJs = join(cache, "npm-differential", "node_modules", "@paperclipai", "shared", "dist", "validators", "secret.js");
const CASES = Number(process.env.CLASP_DIFF_CASES ?? 100000);
const SEED = Number(process.env.CLASP_DIFF_SEED ?? 916);

const missing = !existsSync(secretJs)
  ? `@paperclipai/shared not installed at ${secretJs} (scripts/test.sh installs it)`
  : !existsSync(join(wasmDir, "clasp-api.mjs")) && `clasp-api.mjs not built in ${wasmDir}`;

const pc = missing ? null : await import(pathToFileURL(secretJs).href);
const clasp = missing ? null : await import(pathToFileURL(join(wasmDir, "clasp-api.mjs")).href);
await clasp?.init();

const { canonicalize, normalizeEnvConfig: paperclipNormalizeEnv, REDACTED } = missing ? {} : paperclipModel(pc);

const messages = (result) => (result.success ? [] : result.error.issues.map((i) => i.message));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const COMPAT = { paperclipCompat: true };

// Each family: make(r) -> input; compare(input) -> null when both agree, else
// {reference, clasp} (what each answered).
const FAMILIES = {
  // envBindingSchema on one binding (+ RED-1, the server's check on its result).
  env_binding: {
    make: (r) => genBinding(r),
    compare(binding) {
      const parsed = pc.envBindingSchema.safeParse(binding);
      let reference = parsed.success ? { ok: true, canonical: canonicalize(parsed.data) } : { ok: false };
      if (reference.ok && reference.canonical.type === "plain" && reference.canonical.value === REDACTED) reference = { ok: false };
      const c = clasp.validateEnv({ K: binding }, COMPAT);
      const mine = c.ok ? { ok: true, canonical: c.value.env.K } : { ok: false };
      return same(reference, mine) ? null : { reference, clasp: c };
    },
  },
  // envConfigSchema on a whole map (it checks bindings, not key names), and
  // the server's normalizeEnvConfig verdict, first message and stored map.
  env_config: {
    make: (r) => ({ env: r.chance(0.97) ? genEnv(r, 8) : r.pick([null, [], "x", 1]), strictMode: r.chance(0.5) }),
    compare({ env, strictMode }) {
      const schemaOk = pc.envConfigSchema.safeParse(env).success;
      const isMap = typeof env === "object" && env !== null && !Array.isArray(env);
      // envConfigSchema checks every binding but no key name, and its record
      // parser skips an own "__proto__" key: clasp's equivalent is "no
      // env_binding_invalid" on the same bindings under valid names.
      let bindingsOk = false;
      if (isMap) {
        const renamed = {};
        let n = 0;
        for (const [k, v] of Object.entries(env)) if (k !== "__proto__") renamed[`K${n++}`] = v;
        bindingsOk = clasp.validateEnv(renamed, COMPAT).diagnostics.every((d) => d.code !== "env_binding_invalid");
      }
      const reference = { schemaOk, ...paperclipNormalizeEnv(env, strictMode) };
      const c = clasp.validateEnv(env, { ...COMPAT, strictMode });
      const mine = c.ok ? { schemaOk: bindingsOk, ok: true, env: c.value.env } : { schemaOk: bindingsOk, ok: false, error: c.diagnostics[0]?.message };
      return same(reference, mine) ? null : { reference, clasp: { bindingsOk, ...c } };
    },
  },
  // createSecretProviderConfigSchema (verdict + issue messages) and the stored
  // config (secretProviderConfigPayloadSchema's output).
  vault_config_create: {
    make: (r) => {
      const provider = r.pick(PROVIDERS);
      return { provider, config: r.chance(0.97) ? genVaultConfig(r, provider) : undefined };
    },
    compare({ provider, config }) {
      const body = { provider, displayName: "Vault", config };
      const parsed = pc.createSecretProviderConfigSchema.safeParse(body);
      const stored = parsed.success ? pc.secretProviderConfigPayloadSchema.parse({ provider, config: parsed.data.config }).config : null;
      const reference = { ok: parsed.success, messages: messages(parsed), config: stored };
      const c = clasp.validateVaultConfig(provider, config);
      const mine = { ok: c.ok, messages: c.value?.paperclipErrors ?? c.diagnostics.map((d) => d.message), config: c.value?.config ?? null };
      return same(reference, mine) ? null : { reference, clasp: c };
    },
  },
  // vaultProviderConfigSchema alone on a vault config.
  vault_provider_config: {
    make: (r) => genVaultConfig(r, "vault"),
    compare(config) {
      const parsed = pc.vaultProviderConfigSchema.safeParse(config);
      const reference = { ok: parsed.success, config: parsed.success ? parsed.data : null };
      const c = clasp.validateVaultConfig("vault", config);
      const mine = { ok: c.ok, config: c.value?.config ?? null };
      return same(reference, mine) ? null : { reference, clasp: c };
    },
  },
  // updateSecretProviderConfigSchema: its refusals are clasp's 400s (the
  // service's own 422 rules run only after the schema passed).
  vault_config_update: {
    make: (r) => {
      const provider = r.pick(PROVIDERS);
      const patch = {};
      if (r.chance(0.7)) patch.config = genVaultConfig(r, r.chance(0.8) ? provider : r.pick(PROVIDERS));
      if (r.chance(0.3)) patch.status = r.pick(["ready", "warning", "coming_soon", "disabled", "bogus"]);
      if (r.chance(0.3)) patch.isDefault = r.pick([true, false, "yes"]);
      if (r.chance(0.2)) patch.displayName = r.pick(["V", "", "   ", " x ", "x".repeat(121), 5]);
      const status = r.pick(["ready", "warning", "coming_soon", "disabled"]);
      return { existing: { id: "v1", companyId: "c1", provider, displayName: "V", status, isDefault: false, config: {} }, patch };
    },
    compare({ existing, patch }) {
      const parsed = pc.updateSecretProviderConfigSchema.safeParse(patch);
      const reference = { schemaOk: parsed.success, messages: messages(parsed) };
      const c = clasp.planVaultChange([existing], { kind: "update", id: "v1", patch });
      const refused400 = c.value?.httpStatus === 400;
      const mine = { schemaOk: !refused400, messages: refused400 ? c.value.paperclipErrors : [] };
      return same(reference, mine) ? null : { reference, clasp: c };
    },
  },
  // The stored vault origin: vaultProviderConfigSchema's address transform.
  vault_origin: {
    make: (r) => genAddress(r),
    compare(address) {
      const parsed = pc.vaultProviderConfigSchema.safeParse({ address });
      const reference = { ok: parsed.success, origin: parsed.success ? (parsed.data.address ?? null) : null, messages: messages(parsed) };
      const c = clasp.normalizeVaultAddress(address);
      const mine = { ok: c.ok, origin: c.value?.origin ?? null, messages: c.diagnostics.map((d) => d.message) };
      return same(reference, mine) ? null : { reference, clasp: c };
    },
  },
};

// Deliberate divergences (DIVERGENCES.md), by id: family -> predicate on the input.
const hasOwnProto = (o) => typeof o === "object" && o !== null && Object.prototype.hasOwnProperty.call(o, "__proto__");
// The URL parser drops tabs and newlines before it looks at the host.
const xnLabel = (address) => typeof address === "string" && /xn--/i.test(address.replace(/[\t\n\r]/g, ""));
const configAddress = (config) => (typeof config === "object" && config !== null ? config.address : undefined);
const N1 = "N1 ASCII xn-- label: Node 20 here, Node 24 for Paperclip";
const KNOWN = {
  vault_provider_config: { "D1 own __proto__ key, bare strict schema": hasOwnProto, [N1]: (c) => xnLabel(configAddress(c)) },
  vault_config_create: { [N1]: ({ config }) => xnLabel(configAddress(config)) },
  vault_config_update: { [N1]: ({ patch }) => xnLabel(configAddress(patch.config)) },
  vault_origin: { [N1]: xnLabel },
};

for (const [family, { make, compare }] of Object.entries(FAMILIES)) {
  test(`${family}: ${CASES} seeded inputs, 0 divergences from Paperclip`, { skip: missing || false }, () => {
    const r = rng(SEED ^ [...family].reduce((h, ch) => Math.imul(h, 31) + ch.charCodeAt(0), 11));
    const divergences = [];
    const known = {};
    let accepted = 0;
    for (let i = 0; i < CASES; i++) {
      const input = make(r);
      const diff = compare(input);
      if (diff === null) {
        accepted++;
        continue;
      }
      const id = Object.entries(KNOWN[family] ?? {}).find(([, matches]) => matches(input))?.[0];
      if (id) known[id] = (known[id] ?? 0) + 1;
      else divergences.push({ i, input, ...diff });
    }
    for (const [id, n] of Object.entries(known)) console.log(`# ${family}: ${n} inputs differ as documented in DIVERGENCES.md (${id})`);
    const shown = divergences
      .slice(0, 5)
      .map((d) => `#${d.i} input ${JSON.stringify(d.input)}\n  paperclip ${JSON.stringify(d.reference)}\n  clasp     ${JSON.stringify(d.clasp)}`)
      .join("\n");
    assert.equal(divergences.length, 0, `${divergences.length} undocumented divergences, first ones:\n${shown}`);
    assert.ok(accepted + Object.values(known).reduce((a, b) => a + b, 0) === CASES);
  });
}

test("generated inputs exercise both verdicts", { skip: missing || false }, () => {
  const r = rng(SEED);
  let ok = 0;
  for (let i = 0; i < 2000; i++) if (clasp.validateEnv({ [genKey(r)]: genBinding(r) }, COMPAT).ok) ok++;
  assert.ok(ok > 200 && ok < 1800, `accepted ${ok} of 2000`);
});

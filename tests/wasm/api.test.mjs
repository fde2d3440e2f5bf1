// The plain-object API (clasp-api.mjs over clasp.mjs + clasp.wasm) in Node:
// shapes, a passing and a failing call per function, hostile input, and that
// no key material or secret value comes back.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";

const wasmDir = resolve(process.env.CLASP_WASM_DIR ?? join(import.meta.dirname ?? ".", "..", "..", "build", "wasm"));
const api = await import(pathToFileURL(join(wasmDir, "clasp-api.mjs")).href);
await api.init();
const G = "8f884973-c29b-44e4-8ea3-6413437f8081";
const A = "aaaaaaaa-0000-4000-8000-00000000000a";

function assertShape(result) {
  assert.equal(typeof result.ok, "boolean");
  assert.ok(Array.isArray(result.diagnostics));
  for (const d of result.diagnostics) {
    assert.deepEqual(Object.keys(d), ["code", "path", "message", "httpStatus", "severity"]);
    assert.equal(typeof d.httpStatus, "number");
  }
  return result;
}

test("validateEnv: canonical env, strict mode, every bad entry reported", () => {
  const ok = assertShape(api.validateEnv({ LOG_LEVEL: "debug", B: { type: "secret_ref", secretId: G } }));
  assert.equal(ok.ok, true);
  assert.deepEqual(ok.value.env, {
    LOG_LEVEL: { type: "plain", value: "debug" },
    B: { type: "secret_ref", secretId: G, version: "latest", projectionClass: "unclassified", projectionAllowlistKey: null },
  });
  const strict = assertShape(api.validateEnv({ OPENAI_API_KEY: "sk-1", GITHUB_TOKEN: "ghp" }, { strictMode: true }));
  assert.equal(strict.ok, false);
  assert.deepEqual(strict.diagnostics.map((d) => [d.code, d.path, d.httpStatus]), [
    ["strict_sensitive_plain", "/env/OPENAI_API_KEY", 422],
    ["strict_sensitive_plain", "/env/GITHUB_TOKEN", 422],
  ]);
  // Paperclip's own policy (SENS-1) lets GITHUB_TOKEN through.
  const compat = api.validateEnv({ GITHUB_TOKEN: "ghp" }, { strictMode: true, policy: "paperclip" });
  assert.equal(compat.ok, true);
  assert.equal(api.validateEnv(null).diagnostics[0].message, "env must be an object");
  assert.equal(api.validateEnv([], { fieldPath: "adapterConfig.env" }).diagnostics[0].path, "/adapterConfig/env");
  const bad = api.validateEnv({ "1X": "a", B: 5 });
  assert.deepEqual(bad.diagnostics.map((d) => d.path), ["/env/1X", "/env/B"]);
});

test("validateEnv: operator patterns and their validation", () => {
  const policy = { extraPatterns: [{ id: "corp.vault", regex: "vault_?pass", truePositives: ["VAULT_PASS"], falsePositives: ["VAULT_URL"] }] };
  const r = api.validateEnv({ VAULT_PASS: "x" }, { strictMode: true, policy });
  assert.equal(r.ok, false);
  const invalid = api.validateEnv({}, { policy: { extraPatterns: [{ id: "bad", regex: "(" }] } });
  assert.equal(invalid.ok, false);
  assert.equal(invalid.diagnostics[0].code, "sensitive_pattern_invalid");
  assert.match(invalid.diagnostics[0].path, /^\/options\/policy\/extraPatterns\/0/);
  assert.equal(api.validateEnv({}, { strictMode: "yes" }).diagnostics[0].code, "input_wrong_type");
});

test("classifyKey: the three rules apart", () => {
  const r = assertShape(api.classifyKey("GITHUB_TOKEN"));
  assert.deepEqual([r.value.serviceRegex, r.value.docsGlob, r.value.portability, r.value.sensitive], [false, true, true, true]);
  assert.equal(api.classifyKey("GITHUB_TOKEN", { policy: "paperclip" }).value.sensitive, false);
  assert.equal(api.classifyKey("\u017FECRET").value.serviceRegex, false);
  assert.equal(api.classifyKey(42).diagnostics[0].code, "input_wrong_type");
});

test("vault configs and addresses", () => {
  const ok = assertShape(api.validateVaultConfig("aws_secrets_manager", { region: " eu-central-1 " }));
  assert.equal(ok.ok, true);
  assert.deepEqual(ok.value.config, { region: "eu-central-1" });
  const bad = assertShape(api.validateVaultConfig("vault", { address: "https://vault.example.com:8200", token: "hvs.x" }));
  assert.equal(bad.ok, false);
  assert.deepEqual(bad.value.deniedFields, ["token"]);
  assert.ok(bad.diagnostics.every((d) => !d.message.includes("hvs.x")), "a value leaked into a message");
  // undefined config is the create default {}; null is checked.
  assert.equal(api.validateVaultConfig("aws_secrets_manager").value.invalidFields[0], "region");
  assert.equal(api.validateVaultConfig("local_encrypted", null).diagnostics[0].code, "vault_config_not_object");
  assert.equal(api.validateVaultConfig("hashicorp", {}).diagnostics[0].code, "vault_provider_unknown");

  assert.equal(api.normalizeVaultAddress(" https://Vault.Example.com:443/ ").value.origin, "https://vault.example.com");
  assert.equal(api.normalizeVaultAddress("https://例え.jp").value.origin, "https://xn--r8jz45g.jp");
  const creds = api.normalizeVaultAddress("https://user@h");
  assert.equal(creds.value.reason, "credentials");
  assert.equal(creds.diagnostics[0].path, "/address");
  assert.equal(api.normalizeVaultAddress(undefined).ok, true);
  assert.equal(api.normalizeVaultAddress(8200).value.reason, "not_a_string");
});

test("planVaultChange: create, update, disable, setDefault, select, health", () => {
  const rows = [
    { id: "v1", companyId: "c1", provider: "aws_secrets_manager", displayName: "A", status: "ready", isDefault: true, config: { region: "us-east-1" } },
    { id: "v2", companyId: "c1", provider: "aws_secrets_manager", displayName: "B", status: "warning", isDefault: false, config: { region: "us-east-1" } },
    { id: "v3", companyId: "c1", provider: "vault", displayName: "V", status: "coming_soon" },
  ];
  const created = assertShape(api.planVaultChange(rows, { kind: "create", companyId: "c1", request: { provider: "local_encrypted", displayName: "L", isDefault: true } }));
  assert.equal(created.ok, true);
  assert.equal(created.value.clearsOtherDefaults, true);
  const locked = api.planVaultChange(rows, { kind: "create", companyId: "c1", request: { provider: "vault", displayName: "V", status: "ready" } });
  assert.deepEqual(locked.value.paperclipErrors, ["vault provider vaults are locked while coming soon"]);
  const disabled = api.planVaultChange(rows, { kind: "update", id: "v1", patch: { status: "disabled" } });
  assert.equal(disabled.value.row.isDefault, false);
  assert.equal(disabled.value.disabledAt, "stamp");
  assert.equal(api.planVaultChange(rows, { kind: "disable", id: "v2" }).value.row.status, "disabled");
  const def = api.planVaultChange(rows, { kind: "setDefault", id: "v2" });
  assert.deepEqual(def.value.rows.map((r) => r.isDefault), [false, true, false]);
  assert.equal(api.planVaultChange(rows, { kind: "setDefault", id: "v3" }).diagnostics[0].code, "vault_default_not_allowed");
  assert.equal(api.planVaultChange(rows, { kind: "update", id: "nope", patch: {} }).diagnostics[0].code, "vault_not_found");
  const sel = api.planVaultChange(rows, { kind: "select", id: "v3", companyId: "c1", secretProvider: "vault" });
  assert.equal(sel.diagnostics[0].message, "Provider vault is locked while coming soon");
  assert.equal(api.planVaultChange(rows, { kind: "health", id: "v3" }).value.code, "runtime_locked");
  assert.equal(api.planVaultChange(rows, { kind: "health", id: "v1" }).value.callsModule, true);
  assert.equal(api.planVaultChange(rows, { kind: "health", id: "v1", module: { status: "ok" } }).value.status, "ready");
  assert.equal(api.planVaultChange(rows, { kind: "bogus" }).diagnostics[0].code, "input_wrong_type");
});

test("diffBindings: clasp's diff and Paperclip's sync", () => {
  const target = { companyId: "c1", targetType: "agent", targetId: "a1" };
  const rows = [{ id: "b1", companyId: "c1", secretId: A, targetType: "agent", targetId: "a1", configPath: "env.K" }];
  const secrets = { [A]: "c1" };
  const keep = assertShape(api.diffBindings({ K: { type: "secret_ref", secretId: A } }, rows, target, { secrets }));
  assert.deepEqual(keep.value.changes.map((c) => c.kind), ["keep"]);
  const update = api.diffBindings({ K: { type: "secret_ref", secretId: A, version: 2 } }, rows, target, { secrets });
  assert.deepEqual(update.value.changes.map((c) => [c.kind, c.version]), [["update", 2]]);
  assert.equal(update.value.rowsAfter[0].versionSelector, "2");
  const wipe = api.diffBindings({}, rows, target, { secrets });
  assert.equal(wipe.diagnostics[0].code, "sync_replace_all_required");
  const absent = api.diffBindings(undefined, rows, target, { secrets });
  assert.equal(absent.ok, true);
  assert.equal(absent.diagnostics[0].code, "sync_env_absent");
  const compat = api.diffBindings(null, rows, target, { secrets, paperclipCompat: true });
  assert.equal(compat.value.deleted, 1);
  const foreign = api.diffBindings({ K: { type: "secret_ref", secretId: A } }, [], target, { secrets: { [A]: "c2" } });
  assert.equal(foreign.diagnostics[0].message, "Secret must belong to same company");
});

test("desyncReport, checkBindingContext, checkBindingConfigPath", () => {
  const rows = [{ id: "b1", companyId: "c1", secretId: A, targetType: "agent", targetId: "a1", configPath: "env.K" }];
  const secrets = { [A]: "c1" };
  const t = { companyId: "c1", targetType: "agent", targetId: "a1" };
  assert.equal(api.desyncReport([{ ...t, env: { K: { type: "secret_ref", secretId: A } } }], rows, secrets).ok, true);
  const drift = api.desyncReport([{ ...t, env: {} }], rows, secrets);
  assert.deepEqual(drift.diagnostics.map((d) => [d.code, d.path]), [["desync_row_without_ref", "/rows/0"]]);
  const ctx = api.checkBindingContext(rows, { companyId: "c1", secretId: A, context: { consumerType: "agent", consumerId: "a1", configPath: "env.K" } });
  assert.deepEqual(ctx.value, { enforced: true, bindingId: "b1" });
  const outside = api.checkBindingContext(rows, { companyId: "c1", secretId: A, context: { consumerType: "agent", consumerId: "a1", configPath: "env.K", allowedBindingIds: [] } });
  assert.equal(outside.diagnostics[0].code, "binding_not_allowed");
  assert.equal(api.checkBindingConfigPath("agent", "access.GH_TOKEN").ok, true);
  assert.equal(api.checkBindingConfigPath("project", "access.GH_TOKEN").diagnostics[0].message, "API-only secret access bindings must target an agent");
});

test("strict mode resolution, export declarations, run-env precedence, codes", () => {
  const s = api.resolveStrictMode({ envDeploymentMode: "authenticated" });
  assert.deepEqual(s.value, { deploymentMode: "authenticated", strictMode: true, envWriteBack: "true" });
  const warn = api.resolveStrictMode({ configFile: { deploymentMode: "authenticated" } });
  assert.equal(warn.ok, true);
  assert.equal(warn.diagnostics[0].severity, "warning");
  const exp = api.exportEnvDeclarations({ kind: "agent", slug: "coder" }, { DB_PASSWORD: "hunter2", TOOL: "/usr/bin/tool" });
  assert.ok(!JSON.stringify(exp).includes("hunter2"), "an export declaration leaked a sensitive value");
  assert.equal(exp.value.inputs.find((i) => i.key === "TOOL").portability, "system_dependent");
  const merged = api.mergeRunEnv({ agent: { MODEL: "a" }, project: { MODEL: "b" } });
  assert.deepEqual(merged.value.entries[0], { key: "MODEL", value: "b", winner: "project", shadowed: ["agent"] });
  const codes = api.diagnosticCodes();
  assert.ok(codes.some((c) => c.code === "env_key_invalid" && c.httpStatus === 422));
});

test("hostile input gives diagnostics, never an exception", () => {
  const cyclic = {};
  cyclic.self = cyclic;
  assert.equal(api.validateEnv(cyclic).diagnostics[0].code, "input_wrong_type");
  assert.equal(api.validateEnv({ A: 10n }).ok, false);
  let deep = {};
  for (let i = 0; i < 200; i++) deep = { a: deep };
  assert.equal(api.validateEnv(deep).diagnostics[0].code, "input_too_deep");
  const big = api.validateEnv({ A: "x".repeat(17 * 1024 * 1024) });
  assert.equal(big.diagnostics[0].code, "input_too_large");
  // A lone surrogate cannot be UTF-8; it arrives as U+FFFD.
  const lone = api.validateEnv({ A: "x\ud800y", B: "\\ud800" });
  assert.equal(lone.value.env.A.value, "x\ufffdy");
  assert.equal(lone.value.env.B.value, "\\ud800");
  for (const f of Object.values(api)) {
    if (typeof f !== "function" || f === api.diagnosticCodes || f === api.init) continue;
    for (const args of [[], [null, null, null, null], [1, "x", true, []], [{ a: [] }, [{}], "x", { secrets: 5 }]]) {
      assertShape(f(...args));
    }
  }
  // Still healthy after all that.
  assert.equal(api.validateEnv({ A: "1" }).ok, true);
});

test("no key material in the public module", () => {
  const glue = readFileSync(join(wasmDir, "clasp.mjs"), "utf8");
  assert.doesNotMatch(glue, /master[_ ]?key|decrypt|ciphertext/i);
  // The KEY-2/3 decoder is not even linked in (its messages would be in the data section).
  const binary = readFileSync(join(wasmDir, "clasp.wasm")).toString("latin1");
  assert.ok(!binary.includes("PAPERCLIP_SECRETS_MASTER_KEY") && !binary.includes("secrets master key"));
  assert.ok(!Object.keys(api).some((k) => /key(?!.*classify)|decrypt|cipher/i.test(k) && k !== "classifyKey"));
});

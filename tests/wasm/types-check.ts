// Compiled with `tsc --noEmit --strict` by types.test.mjs beside copies of
// the built declarations: the API must type-check as documented, and misuse
// must not.
import createClaspModule, { type ClaspModule } from "./clasp.mjs";
import {
  type ClaspResult,
  type Diagnostic,
  checkBindingConfigPath,
  checkBindingContext,
  classifyKey,
  desyncReport,
  diagnosticCodes,
  diffBindings,
  exportEnvDeclarations,
  init,
  mergeRunEnv,
  normalizeVaultAddress,
  planVaultChange,
  resolveStrictMode,
  validateEnv,
  validateVaultConfig,
} from "./clasp-api.mjs";

await init();
await init({ wasmBinary: new Uint8Array(), locateFile: (path, prefix) => prefix + path });
const env = validateEnv({ OPENAI_API_KEY: "sk" }, { strictMode: true, policy: "paperclip" });
if (env.ok && env.value) {
  const binding = env.value.env["OPENAI_API_KEY"];
  if (binding?.type === "secret_ref") {
    const id: string = binding.secretId;
    void id;
  }
}
const first: Diagnostic | undefined = env.diagnostics[0];
const status: number | undefined = first?.httpStatus;
void status;

const key = classifyKey("GITHUB_TOKEN", { policy: { base: "default", extraPatterns: [{ id: "corp", regex: "vault_?pass" }] } });
const sensitive: boolean | undefined = key.value?.sensitive;
void sensitive;

const origin: string | null | undefined = normalizeVaultAddress(" https://vault.example.com ").value?.origin;
void origin;

const cfg = validateVaultConfig("vault", { address: "https://h" });
const stored = cfg.value?.config;
void stored;

const created = planVaultChange([], { kind: "create", companyId: "c1", request: { provider: "vault", displayName: "V" } });
const clears: boolean | undefined = created.value?.clearsOtherDefaults;
void clears;
const after = planVaultChange([{ id: "v1", provider: "aws_secrets_manager" }], { kind: "setDefault", id: "v1" });
const rows = after.value?.rows.map((r) => r.isDefault);
void rows;

const plan = diffBindings({ K: { type: "secret_ref", secretId: "x" } }, [], { companyId: "c1", targetType: "agent", targetId: "a1" });
const kinds = plan.value?.changes.map((c) => c.kind);
void kinds;
const compat = diffBindings(null, [], { companyId: "c1", targetType: "agent", targetId: "a1" }, { paperclipCompat: true });
const deleted: number | undefined = compat.value?.deleted;
void deleted;

const report: ClaspResult<{ inSync: boolean }> = desyncReport([{ companyId: "c1", targetType: "agent", targetId: "a1", env: {} }], []);
void report;
void checkBindingContext([], { companyId: "c1", secretId: "s", context: null });
void checkBindingConfigPath("agent", "access.GH_TOKEN");
void resolveStrictMode({ envDeploymentMode: "authenticated" });
void exportEnvDeclarations({ kind: "agent", slug: "coder" }, {});
void mergeRunEnv({ agent: { A: "1" } });
const codes: string[] = diagnosticCodes().map((c) => c.code);
void codes;

async function raw(): Promise<number> {
  const mod: ClaspModule = await createClaspModule({ wasmBinary: new Uint8Array() });
  const args = mod._malloc(2);
  mod.HEAPU8.set([0x7b, 0x7d], args);
  const answer = mod._validateEnv(args, 2);
  mod._free(args);
  return mod.HEAPU8.indexOf(0, answer) - answer;
}
void raw;

// Misuse the declarations must reject.
// @ts-expect-error strictMode is a boolean
validateEnv({}, { strictMode: "yes" });
// @ts-expect-error unknown policy name
classifyKey("K", { policy: "strict" });
// @ts-expect-error an op needs a kind
planVaultChange([], { id: "v1" });
// @ts-expect-error a target needs its company
diffBindings({}, [], { targetType: "agent", targetId: "a1" });
// @ts-expect-error results are not promises
void validateEnv({}).then;
// @ts-expect-error locateFile returns a URL string
void init({ locateFile: () => 1 });

// clasp-api.d.ts — types of clasp-api.mjs, the plain-object API over the
// WebAssembly core. `await init()` once; every function after it is
// synchronous and returns a ClaspResult (before it, each throws an Error).
//
// No function takes or returns a secret value, a master key or ciphertext.

export interface ClaspInitOptions {
  /** The bytes of clasp.wasm; nothing is fetched or read when given. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /**
   * Where clasp.wasm is, for hosts that move it: called as locateFile("clasp.wasm", prefix) with
   * prefix the URL of the folder holding clasp.mjs. In Node a file: URL or path is read from disk.
   */
  locateFile?: (path: string, prefix: string) => string;
}

/**
 * Instantiates the WebAssembly module. Idempotent: every call returns the same promise (options
 * after the first call are ignored); if it rejects, the next call tries again.
 */
export function init(options?: ClaspInitOptions): Promise<void>;

/** Stable machine codes; see core/include/clasp/diagnostic.h for the registry. */
export type DiagnosticCode = string;

export interface Diagnostic {
  code: DiagnosticCode;
  /** JSON Pointer (RFC 6901) into the call's input; "" means the whole input. */
  path: string;
  /** Paperclip's exact text where Paperclip has one. Never contains a secret value. */
  message: string;
  /** The HTTP status Paperclip answers with (200 for warnings). */
  httpStatus: number;
  severity: "error" | "warning";
}

export interface ClaspResult<T> {
  /** True when the verdict is positive and no diagnostic is an error. */
  ok: boolean;
  /** Present whenever the core produced one (see each function). */
  value?: T;
  diagnostics: Diagnostic[];
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** Untrusted input: anything JSON-representable. Wrong shapes give diagnostics, never exceptions. */
export type Untrusted = unknown;

// --- env ---------------------------------------------------------------------

export type SecretVersion = "latest" | number;

export type CanonicalBinding =
  | { type: "plain"; value: string }
  | {
      type: "secret_ref";
      secretId: string;
      version: SecretVersion;
      projectionClass: string;
      projectionAllowlistKey: string | null;
    }
  | { type: "user_secret_ref"; key: string; version: SecretVersion; required: boolean; allowMissingOverride: boolean };

export interface SensitivePatternSpec {
  id: string;
  /** Which form of the key the RE2 regex sees (default "ascii_folded"). */
  form?: "exact" | "ascii_folded" | "portability";
  regex: string;
  description?: string;
  truePositives?: string[];
  falsePositives?: string[];
}

/** "default" = SENS-1+2+3 (clasp), "paperclip" = SENS-1 exactly (Paperclip's strict mode). */
export type SensitivePolicy =
  | "default"
  | "paperclip"
  | { base?: "default" | "paperclip"; extraPatterns?: SensitivePatternSpec[] };

export interface ValidateEnvOptions {
  strictMode?: boolean;
  policy?: SensitivePolicy;
  /** Names the env in messages and roots the paths ("adapterConfig.env" -> "/adapterConfig/env/KEY"). */
  fieldPath?: string;
  /** Reproduce Paperclip exactly: drop "__proto__", SENS-1 policy unless one is given. */
  paperclipCompat?: boolean;
}

/** ENV-1..5, STRICT-1, RED-1 on a whole env map; value.env is the map Paperclip persists. */
export function validateEnv(env: Untrusted, options?: ValidateEnvOptions): ClaspResult<{ env: Record<string, CanonicalBinding> }>;

export interface KeyClassification {
  /** Under the chosen policy (default: SENS-1+2+3). */
  sensitive: boolean;
  matches: { patternId: string; rule: "SENS-1" | "SENS-2" | "SENS-3" | "operator" }[];
  serviceRegex: boolean;
  docsGlob: boolean;
  portability: boolean;
}

/** SENS-1/2/3 for one key. */
export function classifyKey(key: string, options?: { policy?: SensitivePolicy }): ClaspResult<KeyClassification>;

export interface StrictModeInputs {
  /** PAPERCLIP_SECRETS_STRICT_MODE; omit for undefined. */
  envStrictMode?: string;
  /** PAPERCLIP_DEPLOYMENT_MODE; omit for undefined. */
  envDeploymentMode?: string;
  /** The config file's fields; omit when there is no config file. */
  configFile?: { deploymentMode?: string; strictMode?: boolean };
}

/** STRICT-2..6. The STRICT-6 warning arrives as a diagnostic with severity "warning". */
export function resolveStrictMode(
  inputs?: StrictModeInputs,
): ClaspResult<{ deploymentMode: "local_trusted" | "authenticated"; strictMode: boolean; envWriteBack: string | null }>;

export interface EnvInputDeclaration {
  key: string;
  description: string;
  agentSlug: string | null;
  projectSlug: string | null;
  kind: "secret" | "plain";
  requirement: "required" | "optional";
  defaultValue: string | null;
  portability: "portable" | "system_dependent";
}

/** PORT-1/2: what a company export would declare for one agent or project env (warnings as diagnostics). */
export function exportEnvDeclarations(
  scope: { kind: "agent" | "project"; slug: string },
  env: Untrusted,
): ClaspResult<{ inputs: EnvInputDeclaration[] }>;

export type EnvLayerName = "environment" | "agent" | "project" | "routine" | "runtime";

/** PREC-1: the env a run sees, with the winning and shadowed layers per key. */
export function mergeRunEnv(layers?: Partial<Record<EnvLayerName, Untrusted>>): ClaspResult<{
  entries: { key: string; value: JsonValue; winner: EnvLayerName; shadowed: EnvLayerName[] }[];
  dropped: { key: string; layer: EnvLayerName }[];
}>;

// --- provider vaults -----------------------------------------------------------

export type Provider = "local_encrypted" | "aws_secrets_manager" | "gcp_secret_manager" | "vault";
export type VaultStatus = "ready" | "warning" | "coming_soon" | "disabled";

export interface VaultConfigReport {
  /** The config Paperclip stores (trimmed, address as its origin); null unless accepted. */
  config: Record<string, JsonValue> | null;
  deniedFields: string[];
  unknownFields: string[];
  invalidFields: string[];
  /** Paperclip's zod issue messages, in its order. */
  paperclipErrors: string[];
}

/** VLT-5/6/7 on a provider vault's config; an undefined config is {} (the create default). */
export function validateVaultConfig(provider: Provider | string, config?: Untrusted): ClaspResult<VaultConfigReport>;

/** VLT-7: the origin Paperclip stores for a vault address. null/undefined are allowed and store nothing. */
export function normalizeVaultAddress(
  address: Untrusted,
): ClaspResult<{ origin: string | null; reason: string | null }>;

export interface ProviderVaultRow {
  id?: string;
  companyId?: string;
  provider: Provider;
  displayName?: string;
  status?: VaultStatus;
  isDefault?: boolean;
  config?: Record<string, JsonValue>;
  disabledAt?: string | null;
}

export interface VaultWriteReport {
  httpStatus: number;
  /** The row to write (normalized config); null when refused. On create, id is the caller's to assign. */
  row: Required<ProviderVaultRow> | null;
  /** Unset isDefault on every other row of this company and provider. */
  clearsOtherDefaults: boolean;
  disabledAt: "keep" | "stamp" | "clear";
  paperclipError: string;
  paperclipErrors: string[];
}

export interface VaultHealthReport {
  status: "ready" | "warning" | "coming_soon" | "disabled" | "error" | null;
  code?: string;
  message?: string;
  guidance?: string[];
  /** True when the provider module's health check runs (HLT-3); status is null until `module` is given. */
  callsModule: boolean;
}

export type VaultChange =
  | { kind: "create"; companyId: string; request: Untrusted }
  | { kind: "update"; id: string; patch: Untrusted }
  | { kind: "disable"; id: string }
  | { kind: "setDefault"; id: string }
  | { kind: "select"; id: string | null; companyId: string; secretProvider: string }
  | {
      kind: "health";
      id: string;
      module?: { status: string; message?: string; warnings?: string[]; backupGuidance?: string[] };
    };

/** VLT-1..4, VLT-D, VAULT-SEL, HLT-1..3 as pure transitions over the caller's rows. */
export function planVaultChange(rows: ProviderVaultRow[], op: { kind: "setDefault"; id: string }): ClaspResult<{ rows: Required<ProviderVaultRow>[] }>;
export function planVaultChange(rows: ProviderVaultRow[], op: { kind: "select"; id: string | null; companyId: string; secretProvider: string }): ClaspResult<never>;
export function planVaultChange(rows: ProviderVaultRow[], op: Extract<VaultChange, { kind: "health" }>): ClaspResult<VaultHealthReport>;
export function planVaultChange(rows: ProviderVaultRow[], op: VaultChange): ClaspResult<VaultWriteReport>;

// --- bindings --------------------------------------------------------------------

export interface BindingRow {
  id?: string;
  companyId: string;
  secretId: string;
  targetType: string;
  targetId: string;
  configPath: string;
  versionSelector?: string | number;
  required?: boolean;
  label?: string | null;
  projectionClass?: string;
  projectionAllowlistKey?: string | null;
}

export interface BindingTarget {
  companyId: string;
  targetType: string;
  targetId: string;
  /** Default "env". */
  pathPrefix?: string;
}

export type SecretsById = Record<string, string | { companyId: string; status?: string; scope?: string }>;

export interface BindingChange {
  kind: "keep" | "insert" | "update" | "delete";
  reason: "ref_removed" | "now_plain" | "now_user_secret_ref" | "secret_swapped" | "duplicate_row" | null;
  /** Index into the rows passed in; null for inserts. */
  row: number | null;
  configPath: string;
  envKey: string | null;
  secretId?: string;
  version?: SecretVersion;
  projectionClass?: string;
  projectionAllowlistKey?: string | null;
}

/** A company's user secret definition, as far as a user_secret_ref resolves it. */
export interface UserSecretDefinition {
  id: string;
  companyId: string;
  key: string;
  /** Default "active"; "deleted" is never found. */
  status?: "active" | "disabled" | "deleted";
  /** Set (non-null) when the definition was deleted. */
  deletedAt?: string | null;
}

/** The user_secret_declarations row the sync writes for one user_secret_ref entry. */
export interface UserSecretDeclaration {
  companyId: string;
  userSecretDefinitionId: string;
  targetType: string;
  targetId: string;
  configPath: string;
  envKey: string;
  versionSelector: string;
  required: boolean;
  allowMissingOverride: boolean;
}

export interface DiffBindingsOptions {
  secrets?: SecretsById;
  /** The company's user secret definitions; absent = none, so every user_secret_ref is refused (404). */
  userSecretDefinitions?: UserSecretDefinition[];
  /** Allow a plan that unbinds every existing path of the target. */
  replaceAll?: boolean;
  /** Reproduce Paperclip's syncEnvBindingsForTarget instead (wipe and LIKE quirks included). */
  paperclipCompat?: boolean;
}

/** SYNC-1..4, SEC-1, BIND-1/3: the binding rows an env implies, as a per-path diff. */
export function diffBindings(
  env: Untrusted,
  rows: BindingRow[],
  target: BindingTarget,
  options?: DiffBindingsOptions & { paperclipCompat?: false },
): ClaspResult<{ changes: BindingChange[]; rowsAfter: Required<BindingRow>[]; kept: number; inserted: number; updated: number; deleted: number; userSecretDeclarations: UserSecretDeclaration[] }>;
export function diffBindings(
  env: Untrusted,
  rows: BindingRow[],
  target: BindingTarget,
  options: DiffBindingsOptions & { paperclipCompat: true },
): ClaspResult<{ rowsAfter: Required<BindingRow>[]; deleted: number; inserted: number; userSecretDeclarations: UserSecretDeclaration[] }>;

/** Where stored env maps and binding rows disagree (one diagnostic per disagreement). */
export function desyncReport(
  targets: (BindingTarget & { env: Untrusted })[],
  rows: BindingRow[],
  secrets?: SecretsById,
): ClaspResult<{ inSync: boolean }>;

/** BIND-2/3: may this secret resolve in this context? */
export function checkBindingContext(
  rows: BindingRow[],
  query: {
    companyId: string;
    secretId: string;
    context: { consumerType: string; consumerId: string; configPath?: string | null; allowedBindingIds?: string[] } | null;
  },
): ClaspResult<{ enforced: boolean; bindingId: string | null }>;

/** BIND-1: API-only access.* paths. */
export function checkBindingConfigPath(targetType: string, configPath: string): ClaspResult<never>;

/** Every diagnostic code with its default HTTP status. */
export function diagnosticCodes(): { code: DiagnosticCode; httpStatus: number }[];

// Seeded random inputs for every conformance family, shared by the
// native/WASM parity test and the differential test against Paperclip.
// Same seed, same inputs, on every machine: the PRNG is xorshift128+ on
// BigInt-free 32-bit arithmetic (xoshiro128**), and nothing reads the clock.

export function rng(seed) {
  let a = seed >>> 0 || 1;
  let b = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0 || 2;
  let c = Math.imul(seed ^ 0x7f4a7c15, 0xc2b2ae35) >>> 0 || 3;
  let d = (seed * 2654435761) >>> 0 || 4;
  const next = () => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return r / 4294967296;
  };
  const r = {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    some: (list, max) => {
      const n = Math.floor(next() * (max + 1));
      const out = [];
      for (let i = 0; i < n; i++) out.push(list[Math.floor(next() * list.length)]);
      return out;
    },
  };
  return r;
}

function rotl(x, k) {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

// --- strings ---------------------------------------------------------------

const WORDS = [
  "api", "key", "token", "secret", "auth", "author", "password", "passwd", "pass", "credential", "credentials",
  "jwt", "private", "cookie", "connection", "string", "connectionstring", "bearer", "access", "github", "openai",
  "db", "url", "public", "client", "id", "session", "service", "account", "json", "file", "path", "monkey", "max",
  "tokens", "aws", "region", "vault", "oauth", "apikey", "privatekey", "secretary", "keys", "pem", "unseal",
  "recovery", "log", "level", "home", "PATH", "node", "env", "slack", "bot",
];
const SEPARATORS = ["_", "_", "_", "-", "", ".", " ", "__", "/", "--", "\t"];
const UNICODE_BITS = [
  "\u212A", // Kelvin sign (folds to k only under Unicode rules)
  "\u017F", // long s
  "\uFF21\uFF30\uFF29", // fullwidth API
  "\u0130", // I with dot
  "\u0131", // dotless i
  "ß", "Σ", "é", "e\u0301", "🔑", "\u00A0", "\u200B", "\uFEFF", "\u2028", "Ǆ", "ǅ", "ﬀ", "Ⅻ", "㎏", "K",
  "\u0000", "\u001F", "\u007F",
];

function casing(r, s) {
  switch (r.int(5)) {
    case 0: return s.toUpperCase();
    case 1: return s.toLowerCase();
    case 2: return s.charAt(0).toUpperCase() + s.slice(1);
    case 3: return [...s].map((ch) => (r.chance(0.5) ? ch.toUpperCase() : ch.toLowerCase())).join("");
    default: return s;
  }
}

// Env-key-shaped strings: words, separators, mixed case, some Unicode.
export function genKey(r) {
  if (r.chance(0.04)) return r.pick(["__proto__", "constructor", "0", "12", "01", "-1", "4294967294", "4294967295", "", " ", "_", "A", "1X", "KEY", "TOKEN", "***REDACTED***", "hasOwnProperty"]);
  const parts = [];
  const n = 1 + r.int(4);
  for (let i = 0; i < n; i++) {
    let w = casing(r, r.pick(WORDS));
    if (r.chance(0.08)) w = r.pick(UNICODE_BITS) + w;
    if (r.chance(0.06)) w += r.pick(UNICODE_BITS);
    parts.push(w);
  }
  let key = parts[0];
  for (let i = 1; i < parts.length; i++) key += (r.chance(0.8) ? "_" : r.pick(SEPARATORS)) + parts[i];
  if (r.chance(0.05)) key = r.int(10) + key;
  if (r.chance(0.04)) key = " " + key;
  if (r.chance(0.04)) key += r.pick([" ", "\n", "\t", "\u00A0"]);
  return key;
}

const GUIDS = [
  "8f884973-c29b-44e4-8ea3-6413437f8081", "AAAAAAAA-0000-4000-8000-00000000000A", "aaaaaaaa-0000-4000-8000-00000000000a",
  "bbbbbbbb-0000-4000-8000-00000000000b", "cccccccc-0000-4000-8000-00000000000c", "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
];
const BAD_GUIDS = [
  "8f884973c29b44e48ea36413437f8081", "{8f884973-c29b-44e4-8ea3-6413437f8081}", "8f884973-c29b-44e4-8ea3-6413437f808",
  "8f884973-c29b-44e4-8ea3-6413437f8081 ", "g0000000-0000-4000-8000-000000000000", "", "not-a-guid",
  "8f884973-c29b-44e4-8ea3-6413437f8081\n",
];

export function genGuid(r) {
  if (r.chance(0.85)) {
    const g = r.pick(GUIDS);
    if (r.chance(0.3)) {
      const hex = "0123456789abcdefABCDEF";
      return [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, () => r.pick([...hex])).join("")).join("-");
    }
    return g;
  }
  return r.pick(BAD_GUIDS);
}

function genText(r, maxLen = 20) {
  const pool = ["a", "b", " ", "x", "-", "_", ".", "é", "🔑", "\t", "\n", "\u00A0", "\u3000", "\uFEFF", "0", "Z", "/", "\\"];
  let s = "";
  const n = r.int(maxLen);
  for (let i = 0; i < n; i++) s += r.pick(pool);
  return s;
}

function genLongText(r, len) {
  return (r.chance(0.5) ? "  " : "") + "x".repeat(len) + (r.chance(0.5) ? " " : "");
}

const ODD_VALUES = [null, 0, 1, -1, 1.5, true, false, [], {}, ["a"], { a: 1 }, "", " ", "latest", "1", 1e21, 2 ** 53, 2 ** 53 + 2];

function genVersion(r) {
  return r.pick(["latest", "latest", 1, 2, 3, 0, -1, 1.5, "1", "Latest", null, true, 2 ** 53 - 1, 2 ** 53, 1e21, "", []]);
}

// Sets an own property, as JSON.parse does: `o["__proto__"] = v` would set the
// prototype instead, which JSON cannot carry and the two sides would see differently.
export function put(o, key, value) {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  return o;
}

function maybe(r, p, make) {
  return r.chance(p) ? make() : undefined;
}

function stripUndefined(o) {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

// One env binding value: a string, a plain/secret_ref/user_secret_ref object,
// or something that is none of them.
export function genBinding(r) {
  const kind = r.int(10);
  if (kind <= 2) return r.chance(0.03) ? "***REDACTED***" : genText(r, 12);
  if (kind === 3) {
    return stripUndefined({
      type: "plain",
      value: r.chance(0.85) ? (r.chance(0.05) ? "***REDACTED***" : genText(r, 10)) : r.pick(ODD_VALUES),
      extra: maybe(r, 0.05, () => "x"),
    });
  }
  if (kind <= 6) {
    return stripUndefined({
      type: r.chance(0.97) ? "secret_ref" : r.pick(["Secret_ref", "secretRef", "plain"]),
      secretId: r.chance(0.95) ? genGuid(r) : r.pick(ODD_VALUES),
      version: maybe(r, 0.5, () => genVersion(r)),
      projectionClass: maybe(r, 0.3, () => r.pick(["unclassified", "class_3_static_lease", "class_3", "", null, 3])),
      projectionAllowlistKey: maybe(r, 0.3, () =>
        r.pick([null, "", " ", "slack.bot_token", " slack.bot_token ", genText(r, 8), genLongText(r, 160), genLongText(r, 161), 5]),
      ),
      label: maybe(r, 0.05, () => "x"),
    });
  }
  if (kind <= 8) {
    return stripUndefined({
      type: "user_secret_ref",
      key: r.chance(0.9)
        ? r.pick(["github.token", "a", " a ", "A_b-c.d", "bad key", "", " ", "ключ", "x".repeat(120), "x".repeat(121), ` ${"y".repeat(120)} `, genText(r, 6)])
        : r.pick(ODD_VALUES),
      version: maybe(r, 0.4, () => genVersion(r)),
      required: maybe(r, 0.3, () => r.pick([true, false, "true", null, 1])),
      allowMissingOverride: maybe(r, 0.3, () => r.pick([true, false, "false", null, 0])),
    });
  }
  return r.pick([null, 1, true, [], ["x"], {}, { type: "vault_ref" }, { value: "x" }, { type: null }, 3.5, { type: "plain" }]);
}

export function genEnv(r, maxKeys = 6) {
  const env = {};
  const n = r.int(maxKeys + 1);
  for (let i = 0; i < n; i++) put(env, genKey(r), genBinding(r));
  return env;
}

// --- URLs -----------------------------------------------------------------

const HOSTS = [
  "vault.example.com", "Vault.Example.COM", "127.0.0.1", "[::1]", "[2001:db8::8a2e:370:7334]", "[::ffff:192.168.0.1]",
  "例え.jp", "xn--r8jz45g.jp", "münchen.de", "ＥＸＡＭＰＬＥ.com", "bücher.example", "0x7f.0.0.1", "192.168.0.256",
  "localhost", "h", "a..b", "ex%41mple.com", "%zz", "exa mple.com", "[::1", "xn--", "ß.de", "fa\u00DF.de", "\u212A.com",
  "1.2.3", "999999999999", "[fe80::1%25eth0]", "a.b.c.d.e.f", "xn--nxasmq6b.com", "\u0000", "-", "_a.com",
];
const SCHEMES = ["https", "http", "HTTPS", "Http", "ftp", "file", "vault", "ws", "javascript", "", "h"];
const USERINFO = ["", "", "", "", "user@", "user:pass@", ":@", "@", "u%40@", "a:b:c@", ":pw@"];
const PORTS = ["", "", "", ":8200", ":443", ":80", ":0", ":65535", ":65536", ":", ":08200", ":-1", ":x"];
const PATHS = ["", "", "", "/", "/v1", "//", "/.", "/..", "/%2e", "/a/b", "\\", "\\v1", "/?", "/#", "/%20"];
const QUERIES = ["", "", "", "?", "?x=1", "?a=%zz"];
const FRAGMENTS = ["", "", "", "#", "#frag", "#%20"];
const SLASHES = ["://", "://", "://", ":", ":/", ":\\\\", ":///", ":\\/"];

export function genAddress(r) {
  if (r.chance(0.03)) return r.pick([null, 8200, true, [], {}, "", "   ", "not a url", "http://", "https://h:65536"]);
  let host = r.pick(HOSTS);
  if (r.chance(0.1)) host = casing(r, host);
  let s =
    r.pick(SCHEMES) + r.pick(SLASHES) + r.pick(USERINFO) + host + r.pick(PORTS) + r.pick(PATHS) + r.pick(QUERIES) + r.pick(FRAGMENTS);
  if (r.chance(0.08)) {
    const at = r.int(s.length + 1);
    s = s.slice(0, at) + r.pick(["\t", "\n", "\r", " ", "%41", "\\", "\u00A0"]) + s.slice(at);
  }
  if (r.chance(0.1)) s = r.pick([" ", "\t", "\n", "\u00A0", "\uFEFF", "\u3000"]) + s + r.pick(["", " ", "\n", "\u2028"]);
  return s;
}

// --- provider-vault configs --------------------------------------------------

export const PROVIDERS = ["local_encrypted", "aws_secrets_manager", "gcp_secret_manager", "vault"];
const ALLOWED = {
  local_encrypted: ["backupReminderAcknowledged"],
  aws_secrets_manager: ["region", "namespace", "secretNamePrefix", "kmsKeyId", "ownerTag", "environmentTag"],
  gcp_secret_manager: ["projectId", "location", "namespace", "secretNamePrefix"],
  vault: ["address", "namespace", "mountPath", "secretPathPrefix"],
};
const DENIED_SPELLINGS = [
  "accessKeyId", "access_key_id", "ACCESS-KEY", "access__key", "accesskey", "access-key-id", "secretAccessKey",
  "secret_access_key", "secretKey", "token", "TOKEN", "Token", "tokens", " token", "token ", "password", "passwd",
  "credential", "credentials", "privateKey", "private-key", "private_key_id", "pem", "PEM", "jwt", "sessionToken",
  "session_token", "serviceAccount", "service-account_json", "SeRvIcE-AcCoUnT_jSoN", "clientSecret", "client_secret",
  "secretId", "secret-id", "unsealKey", "recovery_key", "keyFile", "key_file_path", "keyFilePath", "tokenFile",
  "token-file-path", "aws_access_key_id", "\u212Aey_file", "\u017Fecret_key", "api_key", "apiKey", "auth", "__proto__",
];
const REGIONS = ["us-east-1", " eu-central-1 ", "US-EAST-1", "us-gov-west-1", "us-east-1\n", "useast1", "ap-southeast-2", "us-east-", "", "xx-x-0", "us-gov-east-10", "eu-centr\u0430l-1"];
const PROJECT_IDS = ["my-project", "abcde", "abcd", "My-project", "a" + "b".repeat(127), "a" + "b".repeat(128), " my-project ", "1project", "proj_ect", ""];

function genFieldValue(r, key) {
  if (r.chance(0.12)) return r.pick(ODD_VALUES);
  switch (key) {
    case "backupReminderAcknowledged": return r.pick([true, false, "true", null, 1]);
    case "region": return r.pick(REGIONS);
    case "projectId": return r.pick(PROJECT_IDS);
    case "address": return genAddress(r);
    case "kmsKeyId": return r.pick(["alias/x", " k ", genLongText(r, 512), genLongText(r, 513), "", "  "]);
    default: return r.pick(["ns", " ns ", "", "   ", genLongText(r, 160), genLongText(r, 161), genText(r, 8), "🔑".repeat(160), "🔑".repeat(161)]);
  }
}

export function genVaultConfig(r, provider) {
  if (r.chance(0.03)) return r.pick([null, "not-an-object", [], [{}], 5, true]);
  const config = {};
  const allowed = ALLOWED[provider] ?? ALLOWED.vault;
  for (const key of allowed) if (r.chance(key === "region" ? 0.85 : 0.45)) config[key] = genFieldValue(r, key);
  const extras = r.int(3);
  for (let i = 0; i < extras; i++) {
    const roll = r.int(10);
    if (roll < 5) put(config, r.pick(DENIED_SPELLINGS), r.chance(0.8) ? "x" : { nested: true });
    else if (roll < 7) put(config, r.pick(["auth", "nested", "options", "tls"]), { token: "x", inner: { password: "y" } });
    else if (roll < 8) put(config, r.pick(ALLOWED[r.pick(PROVIDERS)]), "x");
    else if (roll < 9) put(config, r.pick(["0", "12", "01", "unknown", "Region"]), r.pick(["x", 1, null]));
    else put(config, genKey(r), "x");
  }
  return config;
}

// --- master keys -------------------------------------------------------------

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function genMasterKeyText(r) {
  const kind = r.int(8);
  const chars = (alphabet, n) => Array.from({ length: n }, () => r.pick([...alphabet])).join("");
  let s;
  if (kind === 0) s = chars("0123456789abcdefABCDEF", r.pick([64, 64, 63, 65, 32]));
  else if (kind === 1) s = chars(B64, 43) + r.pick(["=", "", "==", "=x"]);
  else if (kind === 2) s = chars(B64 + "-_", r.pick([43, 44, 42, 45]));
  else if (kind === 3) s = chars("abcdefghijklmnopqrstuvwxyz0123456789", r.pick([32, 31, 33]));
  else if (kind === 4) s = chars(B64 + " \n\t.!é\u0141", 44);
  else if (kind === 5) s = "=" + chars(B64, 43);
  else if (kind === 6) s = chars("é🔑a", r.int(40));
  else s = r.pick(["", " ", "\n", "short", "\u00A0" + chars(B64, 43) + "=\n"]);
  if (r.chance(0.2)) s = r.pick([" ", "\n", "\t", "\uFEFF"]) + s + r.pick([" ", "\n", "\r\n"]);
  return s;
}

// --- binding tables ------------------------------------------------------------

const TARGET_TYPES = ["agent", "project", "environment", "routine", "tool_connection", "plugin"];
const COMPANIES = ["c1", "c1", "c1", "c2", "C1"];

export function genBindingRows(r, n) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const target = r.pick(["a1", "a1", "a2"]);
    rows.push(
      stripUndefined({
        id: r.chance(0.95) ? `b${i}` : undefined,
        companyId: r.pick(COMPANIES),
        secretId: r.pick(GUIDS),
        targetType: r.pick(["agent", "agent", "agent", ...TARGET_TYPES]),
        targetId: target,
        configPath: r.pick(["env.", "env.", "env.", "access.", "envX.", "e_v.", "credentials.", ""]) + (r.chance(0.9) ? genKey(r) : "K"),
        versionSelector: r.pick(["latest", "latest", "2", "3", 2]),
        required: r.pick([true, true, false]),
        label: r.pick([null, null, "L"]),
        projectionClass: r.pick(["unclassified", "unclassified", "class_3_static_lease"]),
        projectionAllowlistKey: r.pick([null, null, "slack.bot_token"]),
      }),
    );
  }
  return rows;
}

export function genSecretsOwner(r) {
  const owners = {};
  for (const g of GUIDS) {
    if (r.chance(0.8)) {
      owners[r.chance(0.2) ? g.toUpperCase() : g] = r.chance(0.7)
        ? r.pick(COMPANIES)
        : stripUndefined({ companyId: r.pick(COMPANIES), status: r.pick(["active", "deleted", "disabled"]), scope: maybe(r, 0.3, () => r.pick(["company", "user"])) });
    }
  }
  return owners;
}

// Env maps that point at the generated secrets, so sync and desync have work to do.
export function genRefEnv(r) {
  const env = {};
  const n = r.int(6);
  for (let i = 0; i < n; i++) {
    const key = r.chance(0.7) ? r.pick(["K", "J", "SLACK_BOT_TOKEN", "OPENAI_API_KEY", "GH_TOKEN", "1", "0"]) : genKey(r);
    put(env, key, r.chance(0.7)
      ? stripUndefined({
          type: "secret_ref",
          secretId: r.pick(GUIDS),
          version: maybe(r, 0.4, () => r.pick(["latest", 2, 3])),
          projectionClass: maybe(r, 0.2, () => r.pick(["unclassified", "class_3_static_lease"])),
          projectionAllowlistKey: maybe(r, 0.2, () => r.pick(["slack.bot_token", null, " "])),
        })
      : genBinding(r));
  }
  return r.chance(0.08) ? r.pick([null, "__undefined__", [], "x"]) : env;
}

// --- conformance-family inputs --------------------------------------------------

function vaultRow(r, i) {
  return stripUndefined({
    id: `v${i}`,
    companyId: r.pick(COMPANIES),
    provider: r.chance(0.97) ? r.pick(PROVIDERS) : "hashicorp",
    status: maybe(r, 0.9, () => r.pick(["ready", "warning", "coming_soon", "disabled", "Ready"])),
    isDefault: maybe(r, 0.8, () => r.pick([true, false])),
    config: maybe(r, 0.3, () => ({})),
  });
}

export const FAMILY_INPUTS = {
  sensitive_keys: (r) => ({ key: genKey(r) }),
  strict_mode: (r) => {
    const kind = r.int(3);
    if (kind === 0) {
      const modes = ["authenticated", "local_trusted", "AUTHENTICATED", "", "public", " authenticated"];
      return stripUndefined({
        kind: "resolve_config",
        env_PAPERCLIP_SECRETS_STRICT_MODE: maybe(r, 0.5, () => r.pick(["true", "false", "", "TRUE", "1", " true", "true "])),
        env_PAPERCLIP_DEPLOYMENT_MODE: maybe(r, 0.5, () => r.pick(modes)),
        file_deploymentMode: maybe(r, 0.4, () => r.pick(modes.slice(0, 2))),
        file_strictMode: maybe(r, 0.4, () => r.pick([true, false])),
      });
    }
    if (kind === 1) return { kind: "normalize_plain", key: genKey(r), value: r.chance(0.1) ? "***REDACTED***" : genText(r, 6), strictMode: r.chance(0.6) };
    return { kind: "normalize_binding", key: genKey(r), binding: genBinding(r), strictMode: r.chance(0.6) };
  },
  env_bindings: (r) => {
    const kind = r.int(10);
    if (kind < 7) return { key: genKey(r), binding: genBinding(r) };
    if (kind < 9) return { env: r.chance(0.9) ? genEnv(r) : r.pick([null, [], ["A"], "x", 1]) };
    let text = JSON.stringify(genEnv(r, 4));
    if (r.chance(0.3)) text = text.replace(/^\{/, '{"K":"a","K":"b",');
    if (r.chance(0.1)) text = text.slice(0, r.int(text.length + 1));
    return { env_json: text };
  },
  credential_aliases: (r) => {
    const provider = r.pick(PROVIDERS);
    const input = { provider };
    if (r.chance(0.95)) input.config = genVaultConfig(r, provider);
    return input;
  },
  vault_urls: (r) => (r.chance(0.03) ? {} : { address: genAddress(r) }),
  vault_status_defaults: (r) => {
    const op = r.pick(["create", "update", "setDefault", "health", "selectForSecret"]);
    if (op === "create") {
      const provider = r.chance(0.97) ? r.pick(PROVIDERS) : "hashicorp";
      return stripUndefined({
        op,
        provider,
        status: maybe(r, 0.5, () => r.pick(["ready", "warning", "coming_soon", "disabled", "bogus"])),
        isDefault: maybe(r, 0.5, () => r.pick([true, false, "yes"])),
        config: maybe(r, 0.7, () => genVaultConfig(r, provider)),
      });
    }
    if (op === "update") {
      const existing = vaultRow(r, 0);
      const patch = stripUndefined({
        status: maybe(r, 0.5, () => r.pick(["ready", "warning", "coming_soon", "disabled"])),
        isDefault: maybe(r, 0.5, () => r.pick([true, false])),
        displayName: maybe(r, 0.2, () => r.pick(["V", "", "  ", "x".repeat(121)])),
        config: maybe(r, 0.4, () => genVaultConfig(r, existing.provider)),
      });
      return { op, existing, patch };
    }
    if (op === "setDefault") {
      const rows = Array.from({ length: 1 + r.int(5) }, (_, i) => vaultRow(r, i));
      return { op, rows, id: r.pick(["v0", "v1", "v2", "v9"]) };
    }
    if (op === "health") return { op, vault: vaultRow(r, 0), module_status: r.pick([null, "ok", "warn", "error", "weird"]) };
    return {
      op,
      companyId: r.pick(COMPANIES),
      vault: r.chance(0.9) ? vaultRow(r, 0) : null,
      secretProvider: r.pick(PROVIDERS),
    };
  },
  binding_diff: (r) => {
    const op = r.pick(["syncEnvBindingsForTarget", "syncEnvBindingsForTarget", "assertBindingContext", "assertSecretBindingConfigPath"]);
    if (op === "syncEnvBindingsForTarget") {
      return {
        op,
        companyId: r.pick(COMPANIES),
        secrets_owner: genSecretsOwner(r),
        existing_rows: genBindingRows(r, r.int(6)),
        target: stripUndefined({
          targetType: r.pick(TARGET_TYPES),
          targetId: r.pick(["a1", "a2"]),
          pathPrefix: maybe(r, 0.3, () => r.pick(["env", "access", "e_v", "%", "credentials", "__undefined__"])),
        }),
        env: genRefEnv(r),
      };
    }
    if (op === "assertBindingContext") {
      const rows = genBindingRows(r, r.int(5));
      return {
        op,
        companyId: r.pick(COMPANIES),
        rows,
        secretId: r.pick(GUIDS),
        context: r.chance(0.15)
          ? r.pick([null, false, 0, "", "__undefined__"])
          : stripUndefined({
              consumerType: maybe(r, 0.95, () => r.pick(TARGET_TYPES)),
              consumerId: maybe(r, 0.95, () => r.pick(["a1", "a2", 7])),
              configPath: maybe(r, 0.9, () => (r.chance(0.5) && rows.length ? r.pick(rows).configPath : r.pick(["env.K", "", "access.X"]))),
              allowedBindingIds: maybe(r, 0.3, () => r.some(["b0", "b1", "b2", "x"], 3)),
            }),
      };
    }
    return {
      op,
      targetType: r.pick(TARGET_TYPES),
      configPath: r.pick(["access.", "access.GH_TOKEN", "access.A.B", "accessX", "env.K", "access.X\n", "access.1A", "access._"]) +
        (r.chance(0.2) ? genKey(r) : ""),
    };
  },
  master_key: (r) => {
    const kind = r.int(10);
    if (kind < 5) return { raw: genMasterKeyText(r) };
    if (kind < 7) return { source: "env", raw: genMasterKeyText(r) };
    if (kind < 8) return { source: "file", path: r.pick(["/k/master.key", "C:\\k", "rel/k"]), raw: genMasterKeyText(r) };
    if (kind < 9) {
      return { mode_octal: r.pick(["600", "400", "700", "0", "640", "604", "777", "100600", "660", "1777", "620"]), path: "/k/master.key" };
    }
    return { value: genText(r, 12) };
  },
};

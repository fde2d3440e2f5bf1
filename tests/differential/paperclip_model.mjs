// The reference side of the differential test and the bench: Paperclip's
// zod schemas (passed in from @paperclipai/shared), plus the few lines of its
// server (services/secrets.js normalizeEnvConfig and canonicalizeBinding,
// 2026.916.1) that decide an env map, restated for comparison. The secret
// lookup is left out: clasp's validateEnv does no lookups either.
export function paperclipModel(pc) {
  const ENV_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
  const SENSITIVE_ENV_KEY_RE =
    /(api[-_]?key|access[-_]?token|auth(?:_?token)?|authorization|bearer|secret|passwd|password|credential|jwt|private[-_]?key|cookie|connectionstring)/i;
  const REDACTED = "***REDACTED***";

  function canonicalize(binding) {
    if (typeof binding === "string") return { type: "plain", value: binding };
    if (binding.type === "plain") return { type: "plain", value: String(binding.value) };
    if (binding.type === "user_secret_ref") {
      return {
        type: "user_secret_ref",
        key: binding.key,
        version: binding.version ?? "latest",
        required: binding.required ?? true,
        allowMissingOverride: binding.allowMissingOverride ?? false,
      };
    }
    return {
      type: "secret_ref",
      secretId: binding.secretId,
      version: binding.version ?? "latest",
      projectionClass: binding.projectionClass ?? "unclassified",
      projectionAllowlistKey: binding.projectionAllowlistKey ?? null,
    };
  }

  // Throws become {ok:false, error}; the first bad entry wins, as in Paperclip.
  function normalizeEnvConfig(env, strictMode) {
    if (typeof env !== "object" || env === null || Array.isArray(env)) return { ok: false, error: "env must be an object" };
    const normalized = {};
    for (const [key, raw] of Object.entries(env)) {
      if (!ENV_KEY_RE.test(key)) return { ok: false, error: `Invalid environment variable name: ${key}` };
      const parsed = pc.envBindingSchema.safeParse(raw);
      if (!parsed.success) return { ok: false, error: `Invalid environment binding for key: ${key}` };
      const binding = canonicalize(parsed.data);
      if (binding.type === "plain") {
        if (strictMode && SENSITIVE_ENV_KEY_RE.test(key) && binding.value.trim().length > 0) {
          return { ok: false, error: `Strict secret mode requires secret references for sensitive key: ${key}` };
        }
        if (binding.value === REDACTED) return { ok: false, error: `Refusing to persist redacted placeholder for key: ${key}` };
      }
      normalized[key] = binding;
    }
    return { ok: true, env: normalized };
  }

  return { canonicalize, normalizeEnvConfig, REDACTED };
}

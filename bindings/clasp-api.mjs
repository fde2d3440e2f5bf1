// clasp-api.mjs — clasp's rules as plain JS functions, in Node ≥ 20 and in
// browsers alike. Every function takes plain objects and returns
//   { ok, value?, diagnostics: [{ code, path, message, httpStatus, severity }] }
// (see clasp-api.d.ts). The rules run in WebAssembly (clasp.mjs, the C++ core);
// this file only moves values across: it serialises the arguments with
// JSON.stringify into the module's memory as UTF-8, the core parses them with
// its hostile-input limits, and the answer comes back as JSON text. No secret
// value, master key or ciphertext crosses this API: the crypto stays in the
// native build.
import createClaspModule from "./clasp.mjs";

// Browsers fetch clasp.wasm beside clasp.mjs; Node's fetch cannot load a
// file: URL, so there the binary is read and handed over.
const isNode = typeof process === "object" && typeof process.versions?.node === "string";
const wasm = await createClaspModule(
  isNode ? { wasmBinary: await (await import("node:fs/promises")).readFile(new URL("./clasp.wasm", import.meta.url)) } : {},
);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// JSON.stringify escapes a lone UTF-16 surrogate as \udXXX, which is not
// UTF-8 and which the core's parser refuses; it becomes U+FFFD, as
// TextEncoder and every UTF-8 boundary would make it.
const LONE_SURROGATE_HINT = /\\u[dD][89a-fA-F]/;
const ESCAPE = /\\(u[dD][89a-fA-F][0-9a-fA-F]{2}|.)/g;

// Arguments travel as {"0": a0, "1": a1, ...}: JSON.stringify leaves an
// undefined property out, so undefined and null stay distinct (a JSON array
// would turn undefined into null).
function serialise(args) {
  const box = {};
  for (let i = 0; i < args.length; i++) box[i] = args[i];
  const text = JSON.stringify(box);
  return LONE_SURROGATE_HINT.test(text) ? text.replace(ESCAPE, (m, g) => (g.length > 1 ? "\\ufffd" : m)) : text;
}

function call(name, args) {
  let text;
  try {
    text = serialise(args);
  } catch (error) {
    return {
      ok: false,
      diagnostics: [
        {
          code: "input_wrong_type",
          path: "",
          message: `Arguments cannot be represented as JSON (${error instanceof Error ? error.message : error})`,
          httpStatus: 400,
          severity: "error",
        },
      ],
    };
  }
  const bytes = encoder.encode(text);
  const input = wasm._malloc(bytes.length);
  try {
    wasm.HEAPU8.set(bytes, input);
    const answer = wasm[`_${name}`](input, bytes.length);
    const heap = wasm.HEAPU8; // after the call: growing memory replaces the view
    return JSON.parse(decoder.decode(heap.subarray(answer, heap.indexOf(0, answer))));
  } finally {
    wasm._free(input);
  }
}

export function validateEnv(env, options = {}) {
  return call("validateEnv", [env, options]);
}

export function classifyKey(key, options = {}) {
  return call("classifyKey", [key, options]);
}

export function resolveStrictMode(inputs = {}) {
  return call("resolveStrictMode", [inputs]);
}

export function exportEnvDeclarations(scope, env) {
  return call("exportEnvDeclarations", [scope, env]);
}

export function mergeRunEnv(layers = {}) {
  return call("mergeRunEnv", [layers]);
}

export function validateVaultConfig(provider, config) {
  return call("validateVaultConfig", [provider, config]);
}

export function normalizeVaultAddress(address) {
  return call("normalizeVaultAddress", [address]);
}

export function planVaultChange(rows, op) {
  return call("planVaultChange", [rows, op]);
}

export function diffBindings(env, rows, target, options = {}) {
  return call("diffBindings", [env, rows, target, options]);
}

export function desyncReport(targets, rows, secrets = {}) {
  return call("desyncReport", [targets, rows, secrets]);
}

export function checkBindingContext(rows, query) {
  return call("checkBindingContext", [rows, query]);
}

export function checkBindingConfigPath(targetType, configPath) {
  return call("checkBindingConfigPath", [targetType, configPath]);
}

export function diagnosticCodes() {
  return call("diagnosticCodes", []).value.codes;
}

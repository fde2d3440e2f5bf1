// clasp-api.mjs — clasp's rules as plain JS functions, in Node ≥ 20 and in
// browsers alike. Every function takes plain objects and returns
//   { ok, value?, diagnostics: [{ code, path, message, httpStatus, severity }] }
// (see clasp-api.d.ts). The rules run in WebAssembly (clasp.mjs, the C++ core);
// this file only moves values across: it serialises the arguments with
// JSON.stringify into the module's memory as UTF-8, the core parses them with
// its hostile-input limits, and the answer comes back as JSON text. No secret
// value, master key or ciphertext crosses this API: the crypto stays in the
// native build.
//
// Importing this file starts nothing: `await init()` instantiates the module
// once (no top-level await, which bundlers targeting older browsers refuse),
// and every function after it is synchronous.
import createClaspModule from "./clasp.mjs";

const isNode = typeof process === "object" && typeof process.versions?.node === "string";
// Kept as a variable so that bundlers leave this Node-only import alone.
const NODE_FS = "node:fs/promises";

let wasm = null;
let pending = null;

// This exact form is what bundlers (Vite, webpack 5, Parcel) recognise: they
// copy clasp.wasm next to their output and rewrite the URL.
function bundledWasmUrl() {
  return new URL("./clasp.wasm", import.meta.url).href;
}

// Browsers fetch the binary (streaming compile); Node's fetch cannot load a
// file: URL, so there the file is read and handed over as wasmBinary.
async function moduleOptions({ wasmBinary, locateFile } = {}) {
  if (locateFile !== undefined && typeof locateFile !== "function") {
    throw new TypeError("clasp: init({ locateFile }) must be a function (path, prefix) => URL");
  }
  if (wasmBinary !== undefined) return { wasmBinary };
  const here = new URL(".", import.meta.url).href;
  const locate = locateFile ?? ((path, prefix) => (path === "clasp.wasm" ? bundledWasmUrl() : prefix + path));
  if (!isNode) return { locateFile: locate };
  const where = locate("clasp.wasm", here);
  if (/^https?:/i.test(where)) return { locateFile: locate };
  const fs = process.getBuiltinModule?.(NODE_FS) ?? (await import(/* webpackIgnore: true */ /* @vite-ignore */ NODE_FS));
  return { wasmBinary: await fs.readFile(where.startsWith("file:") ? new URL(where) : where) };
}

/**
 * Instantiates the module. Idempotent: every call returns the same promise
 * (options after the first call are ignored); after a failure the next call
 * tries again.
 */
export function init(options) {
  if (pending === null) {
    pending = moduleOptions(options ?? {})
      .then(createClaspModule)
      .then((module) => {
        wasm = module;
      })
      .catch((error) => {
        pending = null;
        throw error;
      });
  }
  return pending;
}

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
  if (wasm === null) {
    throw new Error(`clasp: ${name}() called before the module was initialised; await init() first`);
  }
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

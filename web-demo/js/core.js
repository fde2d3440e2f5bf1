// The WASM core, loaded once per page: every form validates through it on
// each keystroke, so the browser applies exactly the rules `clasp serve`
// enforces (no rule is re-implemented in this folder).
import * as api from "../clasp-api.mjs";

// Instantiated before any module that imports this one runs: clasp.wasm is
// preloaded by index.html, so this is its compile, not a second fetch.
await api.init();

// Duration of each validation, newest last, so the browser tests (and a
// curious operator in devtools) can read what a keystroke costs.
const timings = [];
const KEEP = 500;

export function record(label, ms) {
  timings.push({ label, ms });
  if (timings.length > KEEP) timings.splice(0, timings.length - KEEP);
}

export function timed(label, run) {
  const start = performance.now();
  const result = run();
  record(label, performance.now() - start);
  return result;
}

globalThis.claspDemo = { api, timings };

export { api };

// The core's verdicts as {path, message}; warnings never block a submit.
export function errorsOf(result) {
  return result.diagnostics.filter((d) => d.severity === "error").map((d) => ({ path: d.path, message: d.message, code: d.code }));
}

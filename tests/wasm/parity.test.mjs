// Native/WASM parity: the --json outputs of build/native/bin/clasp-conformance
// and wasm/conformance.mjs must be byte-identical, over every shared vector
// file and over seeded random inputs for every family (CLASP_PARITY_CASES per
// family, 15,000 by default: 120,000 in all). local_encrypted_material is
// native-only and must be reported by the WASM runner as skipped, by name.
//
// Env: CLASP_NATIVE_RUNNER (the native runner), CLASP_WASM_DIR (the built
// modules), CLASP_SHARED_DIR (../shared), CLASP_PARITY_SEED, CLASP_PARITY_CASES.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { FAMILY_INPUTS, rng } from "./generators.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const nativeRunner = process.env.CLASP_NATIVE_RUNNER ?? join(root, "build", "native", "bin", "clasp-conformance");
const wasmRunner = join(root, "wasm", "conformance.mjs");
const sharedDir = resolve(process.env.CLASP_SHARED_DIR ?? join(root, "..", "shared"), "conformance");
const seed = Number(process.env.CLASP_PARITY_SEED ?? 20260916);
const perFamily = Number(process.env.CLASP_PARITY_CASES ?? 15000);
const NATIVE_ONLY = "local_encrypted_material";
const MAX_BUFFER = 1 << 30;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { maxBuffer: MAX_BUFFER, encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const runNative = (args) => run(nativeRunner, args);
const runWasm = (args) => run(process.execPath, ["--no-experimental-fetch", wasmRunner, ...args]);

// On a difference, name the first differing case with its input and both outputs.
function explainDifference(nativeText, wasmText, inputsByFile) {
  const a = JSON.parse(nativeText);
  const b = JSON.parse(wasmText);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const na = JSON.stringify(a[i]);
    const wa = JSON.stringify(b[i]);
    if (na === wa) continue;
    const entry = a[i] ?? b[i];
    const input = inputsByFile?.[entry.file]?.[Number(entry.name.replace(/^gen-/, ""))];
    return `case #${i} ${entry.file} ${entry.name}\n  input  ${JSON.stringify(input)}\n  native ${na}\n  wasm   ${wa}`;
  }
  return "outputs differ only in formatting";
}

const prerequisites = existsSync(nativeRunner) ? false : `native runner not found at ${nativeRunner}`;

test("shared vectors: identical --json and text output, crypto family skipped by name", { skip: prerequisites ?? (!existsSync(sharedDir) && `no vectors at ${sharedDir}`) }, () => {
  const vectorFiles = (dir) => existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => join(dir, f)) : [];
  const all = [...vectorFiles(sharedDir), ...vectorFiles(join(sharedDir, "next"))];
  const portable = all.filter((f) => !f.endsWith(`/${NATIVE_ONLY}.json`));
  const skippedFiles = all.length - portable.length;

  const nativeJson = runNative(["--json", ...portable]);
  const wasmJson = runWasm(["--json", ...all]);
  assert.equal(nativeJson.stdout.length > 2, true, "native produced no cases");
  assert.ok(wasmJson.stdout === nativeJson.stdout, explainDifference(nativeJson.stdout, wasmJson.stdout));
  assert.equal(wasmJson.status, nativeJson.status);
  // With --json the skip notice goes to stderr, so stdout stays one JSON array.
  assert.match(wasmJson.stderr, new RegExp(`^SKIP ${NATIVE_ONLY}\\.json: `, "m"));

  const nativeText = runNative(portable);
  const wasmText = runWasm(all);
  const skipLines = wasmText.stdout.split("\n").filter((l) => l.startsWith("SKIP "));
  assert.equal(skipLines.length, skippedFiles);
  for (const line of skipLines) assert.match(line, new RegExp(`^SKIP ${NATIVE_ONLY}\\.json: \\d+ cases of family '${NATIVE_ONLY}' skipped: native-only`));
  const withoutSkips = wasmText.stdout
    .split("\n")
    .filter((l) => !l.startsWith("SKIP "))
    .join("\n")
    .replace(/, \d+ skipped\n$/, "\n");
  assert.equal(withoutSkips, nativeText.stdout);
  assert.equal(wasmText.status, nativeText.status);
});

test(`seeded random inputs (seed ${seed}, ${perFamily} per family): identical --json output`, { skip: prerequisites }, () => {
  const dir = mkdtempSync(join(tmpdir(), "clasp-parity-"));
  try {
    const files = [];
    const inputsByFile = {};
    let total = 0;
    for (const [family, make] of Object.entries(FAMILY_INPUTS)) {
      const r = rng(seed ^ [...family].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7));
      const inputs = Array.from({ length: perFamily }, () => make(r));
      const cases = inputs.map((input, i) => ({ name: `gen-${i}`, input, expect: {} }));
      const file = join(dir, `${family}.json`);
      writeFileSync(file, JSON.stringify(cases));
      files.push(file);
      inputsByFile[`${family}.json`] = inputs;
      total += inputs.length;
    }
    assert.ok(total >= 100000, `only ${total} inputs`);
    const nativeOut = runNative(["--json", ...files]);
    const wasmOut = runWasm(["--json", ...files]);
    assert.equal(nativeOut.status, 0, nativeOut.stderr);
    assert.equal(wasmOut.status, 0, wasmOut.stderr);
    assert.equal(nativeOut.stderr, `${total} passed, 0 failed\n`);
    assert.equal(wasmOut.stderr, nativeOut.stderr);
    assert.ok(wasmOut.stdout === nativeOut.stdout, explainDifference(nativeOut.stdout, wasmOut.stdout, inputsByFile));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The runners agree on usage errors and unreadable files too.
test("usage and unreadable files behave alike", { skip: prerequisites }, () => {
  const missing = join(tmpdir(), "clasp-no-such-dir", "sensitive_keys.json");
  for (const args of [[], [missing], ["--json", missing]]) {
    const n = runNative(args);
    const w = runWasm(args);
    assert.equal(w.status, n.status, `exit status for ${args.join(" ")}`);
    assert.equal(w.stdout, n.stdout);
    assert.equal(w.stderr, n.stderr);
  }
  assert.ok(execFileSync(process.execPath, [wasmRunner, "--help"], { encoding: "utf8" }).startsWith("usage:"));
});

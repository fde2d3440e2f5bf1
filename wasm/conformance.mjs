#!/usr/bin/env node
// node wasm/conformance.mjs [--json] FILE...
//
// The WASM conformance runner: the same evaluators as
// build/native/bin/clasp-conformance, compiled into the test module
// clasp-conformance.mjs, with the same output, --json format and exit code.
// local_encrypted_material (AES-256-GCM) is native-only and reported as
// skipped, by name. The module is looked up in $CLASP_WASM_DIR, else
// build/wasm beside this file's checkout.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wasmDir = resolve(process.env.CLASP_WASM_DIR ?? join(here, "..", "build", "wasm"));
const usage = "usage: clasp-conformance [--json] FILE...\n";

const args = process.argv.slice(2);
let jsonMode = false;
const files = [];
for (const arg of args) {
  if (arg === "--json") jsonMode = true;
  else if (arg === "-h" || arg === "--help") {
    process.stdout.write(usage);
    process.exit(0);
  } else files.push(arg);
}
if (files.length === 0) {
  process.stderr.write(usage);
  process.exit(2);
}

const { default: createModule } = await import(pathToFileURL(join(wasmDir, "clasp-conformance.mjs")).href);
const mod = await createModule();

const totals = { passed: 0, failed: 0, skipped: 0 };
const entries = [];
const write = (stream, text) => {
  if (text) stream.write(text);
};
for (const path of files) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch {
    process.stderr.write(`ERROR ${path}: cannot read file\n`);
    totals.failed++;
    continue;
  }
  const run = mod.runFile(path, bytes, jsonMode);
  write(process.stdout, run.out);
  write(process.stderr, run.err);
  if (run.entries) entries.push(run.entries);
  totals.passed += run.passed;
  totals.failed += run.failed;
  totals.skipped += run.skipped;
}
const summary =
  `${totals.passed} passed, ${totals.failed} failed` + (totals.skipped ? `, ${totals.skipped} skipped` : "") + "\n";
if (jsonMode) {
  await writeAll(process.stdout, ["[", entries.join(","), "]\n"]);
  process.stderr.write(summary);
} else {
  await writeAll(process.stdout, [summary]);
}
process.exitCode = totals.failed === 0 ? 0 : 1;

// Large outputs go through a pipe: wait for them to drain before exiting.
function writeAll(stream, chunks) {
  return new Promise((done) => {
    let pending = chunks.length;
    for (const chunk of chunks) stream.write(chunk, () => --pending === 0 && done());
  });
}

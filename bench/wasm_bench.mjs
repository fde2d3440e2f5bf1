#!/usr/bin/env node
// bench/wasm_bench.mjs — size and speed of the WASM build, printed as one table.
//
//   node bench/wasm_bench.mjs [--quick]
//
// - Size: clasp.wasm + clasp.mjs (the emscripten glue) + clasp-api.mjs, raw
//   and gzip -9; the budget is 150 KB gzip for the wasm and the JS together.
//   GNU gzip is the measure (what static pre-compression serves); Node's
//   bundled zlib (Chromium's fork) compresses this wasm ~7 % worse and is
//   shown beside it.
// - Instantiation: compiling and instantiating clasp.wasm (median), and a
//   cold `import("clasp-api.mjs")` + `init()`, in Node (this process; a fresh node) and
//   in headless Chromium (bench/wasm_chromium.mjs: one page; a fresh browser
//   context per sample, fetching from a loopback server).
// - Speed, same inputs (bench/wasm_inputs.json), same process: validating a
//   50-key agent env with strict mode on, and a provider-vault config, with
//   clasp WASM (marshalling included: the plain-object API end to end) vs
//   Paperclip's zod schemas (@paperclipai/shared@2026.916.1 from
//   .cache/npm-differential, plus its server's env loop), and vs clasp native
//   (build/native/bin/clasp-bench-wasm_native: the same binding layer
//   compiled natively, on the same JSON argument text).
//
// Env: CLASP_WASM_DIR (default build/wasm), CLASP_NPM_CACHE (default .cache),
// CLASP_NATIVE_BENCH (default build/native/bin/clasp-bench-wasm_native),
// CLASP_PLAYWRIGHT and CLASP_CHROMIUM (see bench/wasm_chromium.mjs).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

import { paperclipModel } from "../tests/differential/paperclip_model.mjs";
import { measureChromium } from "./wasm_chromium.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const wasmDir = resolve(process.env.CLASP_WASM_DIR ?? join(root, "build", "wasm"));
const cache = resolve(process.env.CLASP_NPM_CACHE ?? join(root, ".cache"));
const nativeBench = process.env.CLASP_NATIVE_BENCH ?? join(root, "build", "native", "bin", "clasp-bench-wasm_native");
const quick = process.argv.includes("--quick");
const inputs = JSON.parse(readFileSync(join(root, "bench", "wasm_inputs.json"), "utf8"));

const rows = [];
const row = (what, value, note = "") => rows.push([what, value, note]);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

// --- size -------------------------------------------------------------------
let rawTotal = 0;
let gzTotal = 0;
let nodeGzTotal = 0;
for (const f of ["clasp.wasm", "clasp.mjs", "clasp-api.mjs"]) {
  const bytes = readFileSync(join(wasmDir, f));
  const gz = execFileSync("gzip", ["-9c", join(wasmDir, f)]).length;
  const nodeGz = gzipSync(bytes, { level: 9 }).length;
  rawTotal += bytes.length;
  gzTotal += gz;
  nodeGzTotal += nodeGz;
  row(`size ${f}`, `${kb(bytes.length)} raw`, `${kb(gz)} gzip -9 (Node zlib: ${kb(nodeGz)})`);
}
row(
  "size total (wasm + JS)",
  `${kb(rawTotal)} raw`,
  `${kb(gzTotal)} gzip -9 (Node zlib: ${kb(nodeGzTotal)}; budget 150 KB gzip: ${gzTotal <= 150 * 1024 ? "met" : "NOT met"})`,
);

// --- instantiation ------------------------------------------------------------
const { default: createClaspModule } = await import(pathToFileURL(join(wasmDir, "clasp.mjs")).href);
const wasmBinary = readFileSync(join(wasmDir, "clasp.wasm"));
const inst = [];
for (let i = 0; i < (quick ? 5 : 15); i++) {
  const t = performance.now();
  await createClaspModule({ wasmBinary });
  inst.push(performance.now() - t);
}
row("instantiate clasp.wasm (Node, in process)", `${median(inst).toFixed(2)} ms`, "median, compile + instantiate");
const cold = [];
for (let i = 0; i < (quick ? 2 : 5); i++) {
  const script = `const t=performance.now();await (await import(${JSON.stringify(pathToFileURL(join(wasmDir, "clasp-api.mjs")).href)})).init();console.log(performance.now()-t)`;
  cold.push(Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })));
}
row("cold import + init() of clasp-api.mjs (fresh node)", `${median(cold).toFixed(2)} ms`, "median");
const chromium = await measureChromium(wasmDir, { samples: quick ? 5 : 15 });
if (chromium.missing) {
  row("Chromium", "not measured", chromium.missing);
} else {
  row("instantiate clasp.wasm (Chromium, one page)", `${median(chromium.instantiate).toFixed(2)} ms`,
      `median, compile + instantiate; Chromium ${chromium.version}`);
  row("cold import + init() of clasp-api.mjs (Chromium)", `${median(chromium.cold).toFixed(2)} ms`,
      "median; fresh context each, fetched from loopback");
}

// --- speed ----------------------------------------------------------------------
const clasp = await import(pathToFileURL(join(wasmDir, "clasp-api.mjs")).href);
await clasp.init();
const secretJs = join(cache, "npm-differential", "node_modules", "@paperclipai", "shared", "dist", "validators", "secret.js");
const pc = existsSync(secretJs) ? await import(pathToFileURL(secretJs).href) : null;
const model = pc && paperclipModel(pc);
const env = inputs.env50;
const vault = inputs.vault;

const claspEnvDefault = timeOp(() => clasp.validateEnv(env, { strictMode: true }), (r) => r.ok);
const claspEnvCompat = timeOp(() => clasp.validateEnv(env, { strictMode: true, policy: "paperclip" }), (r) => r.ok);
const claspVault = timeOp(() => clasp.validateVaultConfig(vault.provider, vault.config), (r) => r.ok);
row("clasp WASM: 50-key env, strict (default policy)", us(claspEnvDefault));
row("clasp WASM: 50-key env, strict (paperclip policy)", us(claspEnvCompat));
row("clasp WASM: provider-vault config", us(claspVault));

if (model) {
  const pcEnv = timeOp(() => model.normalizeEnvConfig(env, true), (r) => r.ok);
  const pcEnvSchema = timeOp(() => pc.envConfigSchema.safeParse(env), (r) => r.success);
  const pcVault = timeOp(() => {
    const body = pc.createSecretProviderConfigSchema.safeParse({ provider: vault.provider, displayName: "Vault", config: vault.config });
    return body.success && pc.secretProviderConfigPayloadSchema.safeParse({ provider: vault.provider, config: body.data.config });
  }, (r) => r && r.success);
  row("Paperclip zod: 50-key env (server loop, strict)", us(pcEnv), `envConfigSchema alone: ${us(pcEnvSchema)}`);
  // What the plain-object API costs before the core runs at all: the
  // arguments to JSON and UTF-8, the answer (the canonical env) back.
  const envArgs = { 0: env, 1: { strictMode: true, policy: "paperclip" } };
  const answerText = JSON.stringify(clasp.validateEnv(env, { strictMode: true, policy: "paperclip" }));
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const marshal = timeOp(() => {
    JSON.parse(decoder.decode(encoder.encode(answerText)));
    return encoder.encode(JSON.stringify(envArgs));
  }, (r) => r.length > 0);
  row("JS marshalling alone: 50-key env", us(marshal), `${ratio(marshal, pcEnv)} of Paperclip's whole env check`);
  row("Paperclip zod: provider-vault config (create)", us(pcVault));
  row("ratio env: Paperclip / clasp WASM (paperclip policy)", ratio(pcEnv, claspEnvCompat), "target >= 2x: " + (pcEnv / claspEnvCompat >= 2 ? "met" : "NOT met"));
  row("ratio env: Paperclip / clasp WASM (default policy)", ratio(pcEnv, claspEnvDefault));
  row("ratio vault: Paperclip / clasp WASM", ratio(pcVault, claspVault), "target >= 2x: " + (pcVault / claspVault >= 2 ? "met" : "NOT met"));
} else {
  row("Paperclip zod", "not measured", `install with scripts/test.sh (missing ${secretJs})`);
}

if (existsSync(nativeBench)) {
  const out = spawnSync(nativeBench, ["--benchmark_format=json", `--benchmark_min_time=${quick ? 0.05 : 0.3}`], { encoding: "utf8" });
  const native = Object.fromEntries(JSON.parse(out.stdout).benchmarks.map((b) => [b.name, b.cpu_time / 1000]));
  const n = (name) => native[name];
  row("clasp native: 50-key env, strict (default policy)", us(n("Env50Strict/default_policy")));
  row("clasp native: 50-key env, strict (paperclip policy)", us(n("Env50Strict/paperclip_policy")));
  row("clasp native: provider-vault config", us(n("VaultConfig")));
  const slow = claspEnvDefault / n("Env50Strict/default_policy");
  row("ratio env: clasp WASM / native (default policy)", `${slow.toFixed(2)}x`, "target <= 2x: " + (slow <= 2 ? "met" : "NOT met"));
  row("ratio vault: clasp WASM / native", `${(claspVault / n("VaultConfig")).toFixed(2)}x`);
} else {
  row("clasp native", "not measured", `no ${nativeBench}`);
}

printTable(rows);

// Median µs per call over several timed batches (CPU-bound, one thread).
function timeOp(fn, check) {
  if (!check(fn())) throw new Error("benchmark input was refused; fix bench/wasm_inputs.json");
  const warm = performance.now();
  let n = 0;
  while (performance.now() - warm < (quick ? 50 : 300)) {
    fn();
    n++;
  }
  const perBatch = Math.max(1, Math.round(n / 5));
  const samples = [];
  for (let b = 0; b < (quick ? 3 : 7); b++) {
    const t = performance.now();
    for (let i = 0; i < perBatch; i++) fn();
    samples.push(((performance.now() - t) * 1000) / perBatch);
  }
  return median(samples);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function us(x) {
  return `${x.toFixed(1)} µs/op`;
}

function ratio(a, b) {
  return `${(a / b).toFixed(2)}x`;
}

function printTable(table) {
  const w0 = Math.max(...table.map((r) => r[0].length));
  const w1 = Math.max(...table.map((r) => r[1].length));
  for (const [a, b, c] of table) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
}

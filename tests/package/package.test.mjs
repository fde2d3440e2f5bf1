// The npm package as a user gets it: `npm pack` of build/wasm/package, the
// tarball installed offline into a scratch project, and Node scripts there
// importing "clasp-wasm" by name (plain `node`, fetch enabled, as users run
// it). Also: what the tarball holds, that neither JS file has a top-level
// await, and that its types resolve through `exports`.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { packAndInstall, packageDir, version } from "./pack.mjs";

const cache = resolve(process.env.CLASP_NPM_CACHE ?? join(import.meta.dirname, "..", "..", ".cache"));
const tsc = join(cache, "npm-types", "node_modules", "typescript", "bin", "tsc");
const missing = !existsSync(join(packageDir, "package.json")) && `no package at ${packageDir} (build the wasm tree)`;
let env;

before(() => {
  if (!missing) env = packAndInstall("clasp-wasm-package");
});
after(() => env && rmSync(env.scratch, { recursive: true, force: true }));

// Runs `source` as an ES module inside the scratch project; returns its stdout.
function run(name, source) {
  writeFileSync(join(env.project, name), source);
  const r = spawnSync(process.execPath, [name], { cwd: env.project, encoding: "utf8" });
  assert.equal(r.status, 0, `${name} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test("the tarball: named and versioned as the project, exactly the listed files", { skip: missing }, () => {
  assert.equal(env.packed.name, "clasp-wasm");
  assert.equal(env.packed.version, version);
  assert.equal(env.packed.filename, `clasp-wasm-${version}.tgz`);
  const files = env.packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, ["README.md", "clasp-api.d.ts", "clasp-api.mjs", "clasp.mjs", "clasp.wasm", "package.json"]);
  const manifest = JSON.parse(readFileSync(join(env.project, "node_modules", "clasp-wasm", "package.json"), "utf8"));
  assert.equal(manifest.type, "module");
  assert.deepEqual(manifest.exports["."], { types: "./clasp-api.d.ts", import: "./clasp-api.mjs", default: "./clasp-api.mjs" });
  assert.match(readFileSync(join(env.project, "node_modules", "clasp-wasm", "README.md"), "utf8"), new RegExp(`clasp-wasm-${version.replaceAll(".", "\\.")}\\.tgz`));
});

test("no top-level await: both modules parse as ES2021 (acorn), which has none", {
  skip: missing || (!existsSync("/usr/share/nodejs/acorn") && "Debian's acorn (node-acorn, emscripten pulls it) is absent"),
}, async () => {
  const { parse } = await import("/usr/share/nodejs/acorn/dist/acorn.mjs");
  for (const f of ["clasp-api.mjs", "clasp.mjs"]) {
    const source = readFileSync(join(env.project, "node_modules", "clasp-wasm", f), "utf8");
    assert.doesNotThrow(() => parse(source, { ecmaVersion: 2021, sourceType: "module" }), f);
  }
  assert.throws(() => parse("await 1;", { ecmaVersion: 2021, sourceType: "module" }), "the check would see one");
});

test("import by name, calls before init() throw clearly, init() is idempotent, real verdicts", { skip: missing }, () => {
  const out = run("basic.mjs", `
import assert from "node:assert/strict";
import * as clasp from "clasp-wasm";
import manifest from "clasp-wasm/package.json" with { type: "json" };

assert.throws(() => clasp.validateEnv({ A: "1" }), /validateEnv\\(\\) called before the module was initialised; await init\\(\\) first/);
assert.throws(() => clasp.diagnosticCodes(), /await init\\(\\) first/);
const first = clasp.init();
assert.equal(clasp.init(), first, "a second call returns the same promise");
assert.equal(await first, undefined);
assert.equal(clasp.init({ wasmBinary: new Uint8Array(8) }), first, "options after the first call are ignored");

const strict = clasp.validateEnv({ OPENAI_API_KEY: "sk-live", LOG_LEVEL: "debug" }, { strictMode: true });
assert.equal(strict.ok, false);
assert.deepEqual(strict.diagnostics.map((d) => [d.code, d.path, d.httpStatus, d.severity]),
  [["strict_sensitive_plain", "/env/OPENAI_API_KEY", 422, "error"]]);
assert.ok(!JSON.stringify(strict.diagnostics).includes("sk-live"), "no value in a diagnostic");
const relaxed = clasp.validateEnv({ LOG_LEVEL: "debug" });
assert.deepEqual(relaxed, { ok: true, value: { env: { LOG_LEVEL: { type: "plain", value: "debug" } } }, diagnostics: [] });
assert.equal(clasp.classifyKey("GITHUB_TOKEN").value.sensitive, true);
assert.equal(clasp.classifyKey("LOG_LEVEL").value.sensitive, false);
assert.equal(clasp.normalizeVaultAddress("https://Vault.Example.COM:443/").value.origin, "https://vault.example.com");
assert.ok(clasp.diagnosticCodes().some((c) => c.code === "strict_sensitive_plain"));
console.log(manifest.version);
`);
  assert.equal(out.trim(), version);
});

test("init({ wasmBinary }) and init({ locateFile }) are passed through; a failed init can be retried", { skip: missing }, () => {
  run("binary.mjs", `
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { init, classifyKey } from "clasp-wasm";
const wasm = readFileSync(new URL(import.meta.resolve("clasp-wasm/clasp.wasm")));
await init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) });
assert.equal(classifyKey("AWS_SECRET_ACCESS_KEY").value.sensitive, true);
`);
  run("locate.mjs", `
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync } from "node:fs";
import { init, validateEnv } from "clasp-wasm";
mkdirSync("elsewhere", { recursive: true });
copyFileSync(new URL(import.meta.resolve("clasp-wasm/clasp.wasm")), "elsewhere/core.wasm");
const asked = [];
await assert.rejects(init({ locateFile: (path, prefix) => (asked.push([path, prefix]), "elsewhere/absent.wasm") }), /ENOENT/);
assert.deepEqual(asked, [["clasp.wasm", new URL(".", import.meta.resolve("clasp-wasm")).href]]);
assert.throws(() => validateEnv({}), /await init\\(\\) first/, "still uninitialised after the failure");
await init({ locateFile: () => new URL("elsewhere/core.wasm", import.meta.url).href });
assert.equal(validateEnv({ A: "1" }).ok, true);
`);
  run("bad-binary.mjs", `
import assert from "node:assert/strict";
import { init } from "clasp-wasm";
await assert.rejects(init({ wasmBinary: new Uint8Array([0, 1, 2, 3]) }));
await assert.rejects(init({ locateFile: "clasp.wasm" }), TypeError);
`);
});

test("TypeScript resolves the package's types through exports (nodenext and bundler)", {
  skip: missing || (!existsSync(tsc) && `pinned TypeScript not installed at ${tsc} (scripts/test.sh installs it)`),
}, () => {
  writeFileSync(join(env.project, "use.mts"), `
import { init, validateEnv, type ClaspInitOptions, type ClaspResult } from "clasp-wasm";
const options: ClaspInitOptions = { locateFile: (path, prefix) => prefix + path };
await init(options);
const r: ClaspResult<{ env: Record<string, unknown> }> = validateEnv({ A: "1" });
void r;
// @ts-expect-error init takes options, not a URL
void init("clasp.wasm");
`);
  for (const moduleResolution of ["nodenext", "bundler"]) {
    const module = moduleResolution === "bundler" ? "esnext" : "nodenext";
    writeFileSync(join(env.project, "tsconfig.json"), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: "es2022", module, moduleResolution, types: [] },
      files: ["use.mts"],
    }));
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: env.project, encoding: "utf8" });
    assert.equal(r.status, 0, `${moduleResolution}: ${r.stdout}${r.stderr}`);
  }
});

// A default Vite build of a page importing the packed clasp-wasm (no config
// file, no plugin), served statically from loopback and loaded in headless
// Chromium: the page must have run its validations through the module, with
// clasp.wasm shipped by Vite as a hashed asset. tests/package/vite.sh sets
// CLASP_VITE, CLASP_PLAYWRIGHT and CLASP_CHROMIUM.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { CHROMIUM_FLAGS } from "../browser/chromium_flags.mjs";
import { packAndInstall, packageDir } from "./pack.mjs";

const { chromium } = await import(pathToFileURL(process.env.CLASP_PLAYWRIGHT).href);
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm" };
let env;

before(() => {
  env = packAndInstall("clasp-wasm-vite");
  cpSync(join(import.meta.dirname, "vite-page"), env.project, { recursive: true });
});
after(() => env && rmSync(env.scratch, { recursive: true, force: true }));

function serve(dir) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^\/+/, "") || "index.html";
    if (path === "favicon.ico") {
      res.writeHead(204).end(); // Chromium asks for one; the page has none
      return;
    }
    let body;
    try {
      body = readFileSync(join(dir, path));
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(body);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

test("a default vite build ships clasp.wasm and the page validates through it in Chromium", async () => {
  const log = execFileSync(process.execPath, [process.env.CLASP_VITE, "build"], { cwd: env.project, encoding: "utf8" });
  const dist = join(env.project, "dist");
  const assets = readdirSync(join(dist, "assets"));
  const wasmAsset = assets.find((f) => f.endsWith(".wasm"));
  assert.ok(wasmAsset, `no .wasm among the built assets ${assets}\n${log}`);
  assert.deepEqual(readFileSync(join(dist, "assets", wasmAsset)), readFileSync(join(packageDir, "clasp.wasm")));
  // The Node-only file read stays out of the browser bundle (no stand-in module for node:fs).
  assert.ok(!assets.some((f) => f.includes("browser-external")), `${assets}`);

  const server = await serve(dist);
  const browser = await chromium.launch({ executablePath: process.env.CLASP_CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    const requests = [];
    const errors = [];
    const failed = [];
    page.on("request", (r) => requests.push(new URL(r.url()).pathname));
    page.on("response", (r) => r.status() >= 400 && failed.push(new URL(r.url()).pathname));
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForSelector("#result[data-done='true']", { timeout: 30000 });
    const result = JSON.parse(await page.textContent("#result"));
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.strict.ok, false);
    assert.deepEqual(result.strict.diagnostics.map((d) => [d.code, d.path]), [["strict_sensitive_plain", "/env/OPENAI_API_KEY"]]);
    assert.deepEqual(result.relaxed, { ok: true, value: { env: { LOG_LEVEL: { type: "plain", value: "debug" } } }, diagnostics: [] });
    assert.equal(result.sensitive, true);
    assert.equal(result.origin, "https://vault.example.com");
    assert.ok(requests.includes(`/assets/${wasmAsset}`), `the page fetched the hashed asset: ${requests}`);
    assert.deepEqual(failed, []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});

// bench/wasm_chromium.mjs — instantiation of the WASM build in Debian's
// headless Chromium, for bench/wasm_bench.mjs: the build folder is served on
// a random loopback port and each figure mirrors its Node row:
// - compiling and instantiating clasp.wasm from bytes already fetched, in one
//   page (median);
// - a cold `import("./clasp-api.mjs")` + `init()`, each sample in a fresh browser
//   context (no HTTP or code cache), so it includes fetching clasp.mjs and
//   the streaming compile of clasp.wasm from the server, as a board page does.
//
// Needs CLASP_PLAYWRIGHT (playwright-core's index.mjs, which scripts/bench.sh
// installs into .cache/npm-browser) and CLASP_CHROMIUM (default
// /usr/bin/chromium); without them it says why instead of measuring.
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join } from "node:path";
import { pathToFileURL } from "node:url";

import { CHROMIUM_FLAGS } from "../tests/browser/chromium_flags.mjs";

const TYPES = { ".mjs": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };

export async function measureChromium(wasmDir, { samples }) {
  const playwright = process.env.CLASP_PLAYWRIGHT;
  const executablePath = process.env.CLASP_CHROMIUM ?? "/usr/bin/chromium";
  if (!playwright || !existsSync(playwright)) return { missing: "CLASP_PLAYWRIGHT (scripts/bench.sh wasm sets it)" };
  if (!existsSync(executablePath)) return { missing: `no Chromium at ${executablePath}` };
  const { chromium } = await import(pathToFileURL(playwright).href);

  const server = createServer((req, res) => {
    const name = new URL(req.url, "http://x").pathname.slice(1) || "index.html";
    if (name === "index.html") {
      res.writeHead(200, { "content-type": TYPES[".html"] }).end("<!doctype html><title>clasp bench</title>");
      return;
    }
    const file = join(wasmDir, name);
    if (name.includes("/") || !TYPES[extname(name)] || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(name)], "cache-control": "no-store" }).end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(url);
    const instantiate = await page.evaluate(async (n) => {
      const bytes = await (await fetch("clasp.wasm")).arrayBuffer();
      const { default: create } = await import("./clasp.mjs");
      const times = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await create({ wasmBinary: bytes });
        times.push(performance.now() - t);
      }
      return times;
    }, samples);

    const cold = [];
    for (let i = 0; i < Math.max(2, Math.round(samples / 3)); i++) {
      const context = await browser.newContext();
      const fresh = await context.newPage();
      await fresh.goto(url);
      cold.push(await fresh.evaluate(async () => {
        const t = performance.now();
        const api = await import("./clasp-api.mjs");
        await api.init();
        const ms = performance.now() - t;
        if (!api.classifyKey("OPENAI_API_KEY").value.sensitive) throw new Error("clasp-api.mjs answered wrongly");
        return ms;
      }));
      await context.close();
    }
    return { instantiate, cold, version: browser.version() };
  } finally {
    await browser.close();
    server.close();
  }
}

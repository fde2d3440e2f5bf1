// Shared by the browser suites: `clasp serve` (tests/http/harness.mjs, with
// the assembled web demo as its web root) and Debian's Chromium driven by
// the pinned playwright-core, with a log of every request the page sends.
//
// Environment (tests/browser/run.sh sets it): CLASP_BIN, CLASP_CHROMIUM,
// CLASP_WEB_ROOT, CLASP_PLAYWRIGHT (playwright-core's entry in .cache),
// CLASP_ARTIFACTS (where screenshots and timings go).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startServe } from "../http/harness.mjs";
import { CHROMIUM_FLAGS } from "./chromium_flags.mjs";

const { chromium } = await import(pathToFileURL(process.env.CLASP_PLAYWRIGHT).href);
const artifacts = process.env.CLASP_ARTIFACTS;
mkdirSync(artifacts, { recursive: true });

export async function launch() {
  return chromium.launch({ executablePath: process.env.CLASP_CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

export async function serve(env = {}) {
  return startServe({ env, args: ["--web-root", process.env.CLASP_WEB_ROOT] });
}

// A fresh page on the server's URL, ready (the app sets data-ready once the
// company and lists are loaded). `requests` lists every request sent, API
// or not, with its method and path; `responses` keeps the API bodies.
export async function openPage(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  const responses = [];
  const consoleErrors = [];
  page.on("request", (r) => {
    const u = new URL(r.url());
    requests.push({ method: r.method(), path: u.pathname, body: r.postData() ?? "" });
  });
  page.on("response", async (r) => {
    if (new URL(r.url()).pathname.startsWith("/api/")) {
      responses.push(await r.text().catch(() => ""));
    }
  });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  await page.goto(server.url + "/");
  await page.waitForSelector("html[data-ready='true']");
  return {
    page, requests, responses, consoleErrors,
    // Requests sent since `mark` (an index into `requests`) to /api paths.
    apiSince: (mark) => requests.slice(mark).filter((r) => r.path.startsWith("/api/")),
    shot: (name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true }),
    close: () => context.close(),
  };
}

export function writeArtifact(name, data) {
  writeFileSync(join(artifacts, name), JSON.stringify(data, null, 2) + "\n");
}

export async function tab(page, name) {
  await page.getByRole("tab", { name }).click();
}

// Shared by the browser suites: `clasp serve` (tests/http/harness.mjs, with
// the page compiled into the binary) and Debian's Chromium driven by
// the pinned playwright-core, with a log of every request the page sends.
//
// Environment (tests/browser/run.sh sets it): CLASP_BIN, CLASP_CHROMIUM,
// CLASP_WEB_ROOT (optional), CLASP_PAGE_DIR (the files the served page must
// equal), CLASP_PLAYWRIGHT (playwright-core's entry in .cache),
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

// The page compiled into clasp (what ships), or the files under
// CLASP_WEB_ROOT when it is set (working on the page without a rebuild).
export async function serve(env = {}) {
  const args = process.env.CLASP_WEB_ROOT ? ["--web-root", process.env.CLASP_WEB_ROOT] : [];
  return startServe({ env, args });
}

// A fresh page on the server's URL, ready (the app sets data-ready once it
// has booted). On an empty store the page shows its "create a company"
// form; `company` (a name) fills it in and waits for the company's lists,
// null leaves the form as it is. `requests` lists every request sent, API
// or not, with its method and path; `responses` keeps the API bodies.
export async function openPage(browser, server, { company = "My company" } = {}) {
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
  if (company !== null && await page.locator("#first-company").isVisible()) {
    await page.fill("#first-company-name", company);
    await page.click("#first-company button[type='submit']");
  }
  if (company !== null) await page.waitForSelector("html[data-company]");
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

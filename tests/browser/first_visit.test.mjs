// The first visit to an empty store in Chromium: loading the page only reads
// (no POST, PATCH, PUT or DELETE on load, nor on a reload); it shows its
// "create a company" form instead of the panels; an empty name is refused
// inline with the server's message; the company named is the one created.
// Also: what `clasp serve` serves at / is the assembled page, byte for byte
// (by default the copy compiled into the binary).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, openPage, serve } from "./browser.mjs";

let browser;
let server;

before(async () => {
  [browser, server] = await Promise.all([launch(), serve()]);
});
after(async () => {
  await browser?.close();
  assert.equal(await server.stop(), 0);
});

const writes = (requests) => requests.filter((r) => r.path.startsWith("/api/") && r.method !== "GET");
const companies = async () => (await server.call("GET", "/api/companies")).body;

test("the page served is the assembled page, byte for byte", async () => {
  for (const [path, file] of [["/", "index.html"], ["/clasp.wasm", "clasp.wasm"], ["/js/app.js", "js/app.js"]]) {
    const res = await fetch(server.url + path);
    assert.equal(res.status, 200, path);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), readFileSync(join(process.env.CLASP_PAGE_DIR, file)), path);
  }
});

test("an empty store: loading the page writes nothing; the company is created from the form", async () => {
  const p = await openPage(browser, server, { company: null });
  try {
    const { page } = p;
    assert.deepEqual(writes(p.requests), [], "no write on load");
    assert.ok(p.requests.some((r) => r.method === "GET" && r.path === "/api/companies"));
    assert.equal(await page.locator("#first-company").isVisible(), true);
    assert.equal(await page.locator("#company-workspace").isHidden(), true, "no panels without a company");
    assert.equal(await page.locator("#company-form").isHidden(), true);
    assert.equal(await page.evaluate(() => document.activeElement.id), "first-company-name");
    await p.shot("00-first-visit");
    await page.reload();
    await page.waitForSelector("html[data-ready='true']");
    assert.deepEqual(writes(p.requests), [], "nor on a reload");
    assert.deepEqual(await companies(), [], "the store is still empty");

    await page.click("#first-company button[type='submit']");
    const error = page.locator("#first-company-name-error");
    await error.waitFor({ state: "visible" });
    assert.equal(await error.textContent(), "Company name is required");
    assert.equal(await page.locator("#first-company-name").getAttribute("aria-invalid"), "true");
    assert.deepEqual(await companies(), [], "an empty name creates nothing");

    await page.fill("#first-company-name", "Acme Robotics");
    await page.click("#first-company button[type='submit']");
    await page.waitForSelector("html[data-company]");
    assert.deepEqual(writes(p.requests).map((r) => [r.method, r.path, JSON.parse(r.body)]),
      [["POST", "/api/companies", { name: "" }], ["POST", "/api/companies", { name: "Acme Robotics" }]]);
    const stored = await companies();
    assert.deepEqual(stored.map((c) => c.name), ["Acme Robotics"]);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.company), stored[0].id);
    assert.equal(await page.locator("#first-company").isHidden(), true);
    assert.equal(await page.locator("#panel-secrets").isVisible(), true);
    assert.equal(await page.locator("#company-select option").first().textContent(), "Acme Robotics");
    await p.shot("00-first-company-created");
  } finally {
    await p.close();
  }
});

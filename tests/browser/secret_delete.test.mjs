// Deleting a secret in use on the Secrets page in Chromium (issue 18, item
// 6): with one binding row deleted behind clasp's back, the usage panel shows
// the env reference without a row as a desync; Delete answers 409 and the
// page lists every use instead of deleting; "Keep the secret" changes
// nothing; "Delete anyway" sends ?force=true and the secret goes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, serve } from "./browser.mjs";

const VALUE = "sk-browser-delete-" + "u".repeat(20) + "-in-use-9034";
let browser;
let server;
let p;
let secret;
let lost;
const urls = [];

before(async () => {
  [browser, server] = await Promise.all([launch(), serve()]);
  const company = (await server.call("POST", "/api/companies", { name: "My company" })).body;
  secret = (await server.call("POST", `/api/companies/${company.id}/secrets`, { name: "Shared", value: VALUE })).body;
  const ref = { type: "secret_ref", secretId: secret.id };
  for (const name of ["Coder", "Lost"]) {
    const agent = await server.call("POST", `/api/companies/${company.id}/agents`, { name, adapterConfig: { env: { API_KEY: ref } } });
    assert.equal(agent.status, 201, agent.text);
    if (name === "Lost") lost = agent.body;
  }
  server.sql(`DELETE FROM company_secret_bindings WHERE target_id = '${lost.id}'`);
  p = await openPage(browser, server);
  p.page.on("request", (r) => urls.push(`${r.method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`));
});
after(async () => {
  await p?.close();
  await browser?.close();
  assert.equal(await server.stop(), 0);
});

const secretRow = () => p.page.locator("#secrets-table tbody tr", { hasText: "Shared" });

async function askDelete() {
  const button = secretRow().getByRole("button", { name: "Delete Shared" });
  await button.click();
  await button.click();  // the confirmation click
  await p.page.locator("#delete-conflict").waitFor();
}

test("usage shows the env reference without a binding row as a desync", async () => {
  const { page } = p;
  assert.equal(await secretRow().locator("td").nth(3).textContent(), "1", "References counts rows, as Paperclip");
  await secretRow().getByRole("button", { name: "Usage of Shared" }).click();
  await page.locator("#usage-list li", { hasText: "Coder (agent) · env.API_KEY · version latest" }).waitFor();
  const desync = page.locator("#usage-list li.desync");
  assert.equal(await desync.textContent(), "Lost (agent) · env.API_KEY · env reference without a binding row (desync)");
  await p.shot("14-usage-desync");
});

test("delete of a secret in use lists its uses and keeps it", async () => {
  const { page } = p;
  const mark = urls.length;
  await askDelete();
  assert.deepEqual(urls.slice(mark).filter((u) => u.startsWith("DELETE")), [`DELETE /api/secrets/${secret.id}`]);
  assert.equal(await page.locator("#delete-conflict-title").textContent(), "Shared is in use");
  assert.match(await page.locator("#delete-conflict-message").textContent(), /^Secret is in use \(2 uses, 1 of them an env reference without a binding row\)/);
  assert.deepEqual(await page.locator("#delete-conflict-list li").allTextContents(), [
    "Coder (agent) · env.API_KEY · env reference and binding row",
    "Lost (agent) · env.API_KEY · env reference without a binding row (desync)",
  ]);
  assert.equal(await page.locator("#delete-conflict").getAttribute("role"), "alertdialog");
  assert.equal(await page.evaluate(() => document.activeElement.id), "delete-keep");
  assert.ok(!(await page.content()).includes(VALUE));
  await p.shot("15-delete-in-use");

  await page.click("#delete-keep");
  assert.equal(await page.locator("#delete-conflict").isHidden(), true);
  assert.equal(await secretRow().count(), 1, "the secret is still listed");
  assert.equal(await secretRow().getByRole("button", { name: "Delete Shared" }).textContent(), "Delete");
  const rows = server.sql(`SELECT count(*) FROM company_secret_bindings WHERE secret_id = '${secret.id}'`);
  assert.match(rows, /^\s*1\s*$/m);
});

test("delete anyway sends ?force=true and the secret goes", async () => {
  const { page } = p;
  await askDelete();
  const mark = urls.length;
  await page.click("#delete-force");
  await page.locator("#secrets-empty").waitFor();
  assert.deepEqual(urls.slice(mark).filter((u) => u.startsWith("DELETE")), [`DELETE /api/secrets/${secret.id}?force=true`]);
  assert.equal(await page.locator("#delete-conflict").isHidden(), true);
  assert.equal(await secretRow().count(), 0);
  const rows = server.sql(`SELECT count(*) FROM company_secret_bindings WHERE secret_id = '${secret.id}'`);
  assert.match(rows, /^\s*0\s*$/m);
  await p.shot("16-deleted-anyway");
});

// The Secrets page in Chromium: first render, the tabs by keyboard, the
// provider vault forms validating as the user types (no request leaves
// while a field is invalid), and secrets created once and never shown.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpus, loadavg } from "node:os";
import { launch, openPage, serve, tab, writeArtifact } from "./browser.mjs";

const VALUE = "sk-browser-" + "v".repeat(24) + "-never-shown-5521";
let browser;
let server;
let p;

before(async () => {
  [browser, server] = await Promise.all([launch(), serve()]);
});
after(async () => {
  await p?.close();
  await browser?.close();
  assert.equal(await server.stop(), 0);
});

test("first render: the first company made with the form, later loads ready (time recorded, not asserted)", async () => {
  // Navigation start to the lists rendered, each in a fresh context (cold
  // HTTP cache, WASM compiled anew) that is closed before the next one (its
  // idle keep-alive connections would hold server threads). The best of
  // three. The figure goes to first-render.json: a speed target belongs in
  // a benchmark, not in a pass/fail check on a shared machine.
  const samples = [];
  let firstPaintMs = null;
  while (samples.length < 3 && !(Math.min(...samples) <= 1000)) {
    const fresh = await openPage(browser, server);
    samples.push(await fresh.page.evaluate(() => performance.getEntriesByName("clasp-ready")[0].startTime));
    firstPaintMs ??= await fresh.page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null);
    if (samples.length === 1) await fresh.shot("01-secrets-empty");
    await fresh.close();
  }
  p = await openPage(browser, server);
  const { page } = p;
  const readyMs = Math.min(...samples);
  const load = loadavg()[0];
  writeArtifact("first-render.json", { readyMs: samples, firstContentfulPaintMs: firstPaintMs, loadAverage1m: load, cpus: cpus().length });
  assert.equal(await page.locator("#company-select option").count(), 1, "later loads reuse the company");
  assert.equal(await page.locator("#company-select option").first().textContent(), "My company");
  assert.equal(await page.locator("#strict-banner").isHidden(), true, "strict mode is off on this server");
  assert.ok(p.requests.some((r) => r.path === "/clasp.wasm"), "the WASM core was fetched beside clasp.mjs");
  console.log(`# first render ready after ${samples.map((x) => x.toFixed(0)).join(", ")} ms (best ${readyMs.toFixed(0)}; load average ${load.toFixed(1)} on ${cpus().length} CPUs)`);
});

test("tabs: arrow keys move between panels", async () => {
  const { page } = p;
  await page.locator("#tab-secrets").focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.locator("#tab-vaults").getAttribute("aria-selected"), "true");
  assert.equal(await page.locator("#panel-vaults").isVisible(), true);
  await page.keyboard.press("ArrowLeft");
  assert.equal(await page.locator("#panel-secrets").isVisible(), true);
});

test("vault address with a path: inline error as typed, no request; fixed: saved as its origin", async () => {
  const { page } = p;
  await tab(page, "Provider vaults");
  await page.selectOption("#vault-provider", "vault");
  await page.fill("#vault-displayName", "Team vault");
  const mark = p.requests.length;
  const address = page.locator("#vault-vault-address");
  await address.pressSequentially("https://Vault.Example.com:8200/v1");
  const error = page.locator("#vault-vault-address-error");
  await assert.doesNotReject(error.waitFor({ state: "visible" }));
  assert.equal(await error.textContent(),
    "Vault address must be an origin-only HTTP(S) URL without credentials, path, query, or fragment");
  assert.equal(await address.getAttribute("aria-invalid"), "true");
  assert.match(await address.getAttribute("aria-describedby"), /vault-vault-address-error/);
  await page.click("#vault-submit");
  await page.keyboard.press("Enter");
  await page.waitForTimeout(200);
  assert.deepEqual(p.apiSince(mark), [], "no request while the address is invalid");
  assert.equal(await page.evaluate(() => document.activeElement.id), "vault-vault-address", "focus moved to the bad field");
  await p.shot("02-vault-address-error");

  for (let i = 0; i < 3; i++) await address.press("Backspace");
  assert.equal(await address.inputValue(), "https://Vault.Example.com:8200");
  assert.equal(await error.isHidden(), true);
  assert.equal(await address.getAttribute("aria-invalid"), null);
  assert.equal(await page.locator("#vault-address-origin").textContent(), "https://vault.example.com:8200");
  assert.deepEqual(p.apiSince(mark), [], "typing alone sends nothing");
  await page.click("#vault-submit");
  const row = page.locator("#vaults-table tbody tr", { hasText: "Team vault" });
  await row.waitFor();
  assert.match(await row.locator(".config").textContent(), /^address: https:\/\/vault\.example\.com:8200$/);
  assert.equal(await row.locator(".badge").textContent(), "coming soon");
  const sent = p.apiSince(mark).filter((r) => r.method === "POST");
  assert.equal(sent.length, 1);
  assert.equal(JSON.parse(sent[0].body).config.address, "https://Vault.Example.com:8200");
  await p.shot("03-vault-saved");
});

test("a coming-soon vault cannot be made default: inline, nothing sent", async () => {
  const { page } = p;
  const row = page.locator("#vaults-table tbody tr", { hasText: "Team vault" });
  const mark = p.requests.length;
  await row.getByRole("button", { name: "Make Team vault the default" }).click();
  await assert.doesNotReject(row.getByText("Only ready or warning provider vaults can be default").waitFor());
  assert.deepEqual(p.apiSince(mark), []);
  // The same rule on the form's default checkbox.
  await page.selectOption("#vault-provider", "gcp_secret_manager");
  await page.fill("#vault-displayName", "GCP draft");
  await page.check("#vault-isDefault");
  assert.equal(await page.locator("#vault-isDefault-error").textContent(), "Only ready or warning provider vaults can be default");
  await page.click("#vault-submit");
  assert.deepEqual(p.apiSince(mark), []);
  await page.uncheck("#vault-isDefault");
  assert.equal(await page.locator("#vault-isDefault-error").isHidden(), true);
  await page.click("#vault-submit");
  await page.locator("#vaults-table tbody tr", { hasText: "GCP draft" }).waitFor();
});

test("accessKeyId pasted into an AWS config is blocked inline; without it the vault saves, health shows", async () => {
  const { page } = p;
  await page.selectOption("#vault-provider", "aws_secrets_manager");
  await page.fill("#vault-displayName", "AWS prod");
  await page.fill("#vault-aws-region", "us-east-1");
  await page.fill("#vault-aws-kmsKeyId", "alias/paperclip");
  const mark = p.requests.length;
  await page.locator("#vault-extra").fill('{"accessKeyId": "AKIAIOSFODNN7EXAMPLE"}');
  const error = page.locator("#vault-extra-error");
  assert.match(await error.textContent(), /^Provider vault config cannot persist sensitive field: accessKeyId/);
  assert.equal(await page.locator("#vault-extra").getAttribute("aria-invalid"), "true");
  await page.click("#vault-submit");
  await page.waitForTimeout(200);
  assert.deepEqual(p.apiSince(mark), []);
  await p.shot("04-vault-aws-credential-blocked");

  await page.fill("#vault-aws-region", "mars-1");
  assert.equal(await page.locator("#vault-aws-region-error").textContent(), "Invalid AWS region");
  await page.fill("#vault-aws-region", "us-east-1");
  await page.fill("#vault-extra", "");
  assert.equal(await error.isHidden(), true);
  await page.check("#vault-isDefault");
  await page.click("#vault-submit");
  const row = page.locator("#vaults-table tbody tr", { hasText: "AWS prod" });
  await row.waitFor();
  assert.equal(await row.locator(".badge").textContent(), "ready");
  assert.equal(await row.locator("td").nth(2).textContent(), "Default");
  assert.ok(!p.requests.some((r) => r.body.includes("AKIA")), "the pasted key never left the page");
  await row.getByRole("button", { name: "Check health of AWS prod" }).click();
  const health = page.locator('#vaults-table tr[data-health-for]');
  await health.waitFor();
  assert.ok((await health.textContent()).length > 10);
  await p.shot("05-vaults-list-health");
});

test("edit: a vault address edited to a non-origin is refused the same way", async () => {
  const { page } = p;
  await page.getByRole("button", { name: "Edit Team vault" }).click();
  assert.equal(await page.locator("#vault-vault-address").inputValue(), "https://vault.example.com:8200");
  const mark = p.requests.length;
  await page.fill("#vault-vault-address", "https://user:pw@vault.example.com");
  assert.match(await page.locator("#vault-vault-address-error").textContent(), /origin-only/);
  await page.click("#vault-submit");
  assert.deepEqual(p.apiSince(mark), []);
  await page.fill("#vault-vault-address", "https://vault2.example.com");
  await page.click("#vault-submit");
  await page.locator("#vaults-table .config", { hasText: "https://vault2.example.com" }).waitFor();
  assert.equal(p.apiSince(mark).filter((r) => r.method === "PATCH").length, 1);
});

test("secrets: created once, the value never comes back; a duplicate name is shown at the field", async () => {
  const { page } = p;
  await tab(page, "Secrets");
  await page.fill("#secret-name", "OpenAI");
  await page.fill("#secret-value", VALUE);
  await page.click("text=Create secret");
  const row = page.locator("#secrets-table tbody tr", { hasText: "OpenAI" });
  await row.waitFor();
  assert.equal(await page.locator("#secret-value").inputValue(), "", "the value field is cleared");
  assert.deepEqual(await row.locator("td").allTextContents().then((t) => t.slice(0, 5)), ["openai", "local_encrypted", "1", "0", "active"]);
  assert.match(await page.locator("#secret-form-status").textContent(), /will not be shown again/);

  await page.fill("#secret-name", "OpenAI");
  await page.fill("#secret-value", "another-value");
  await page.click("text=Create secret");
  await page.locator("#secret-name-error").waitFor();
  assert.equal(await page.locator("#secret-name-error").textContent(), "Secret already exists: OpenAI");
  assert.equal(await page.locator("#secret-name").getAttribute("aria-invalid"), "true");

  // The server's 400 zod details land on the fields their paths name.
  await page.fill("#secret-name", "Empty");
  await page.fill("#secret-value", "");
  await page.click("text=Create secret");
  await page.locator("#secret-value-error").waitFor();
  assert.equal(await page.locator("#secret-value-error").textContent(),
    "Too small: expected string to have >=1 characters Managed secrets require value");
  assert.equal(await page.locator("#secret-name").getAttribute("aria-invalid"), null);
  assert.match(await page.locator("#secret-value").getAttribute("aria-describedby"), /secret-value-hint secret-value-error/);

  await row.getByRole("button", { name: "Rotate OpenAI" }).click();
  await page.fill("#rotate-value", VALUE + "-2");
  await page.click("#rotate-form button[type=submit]");
  await assert.doesNotReject(row.locator("td", { hasText: /^2$/ }).waitFor());
  assert.ok(!p.responses.some((body) => body.includes(VALUE)), "no API answer holds the value");
  assert.ok(!(await page.content()).includes(VALUE), "the page does not hold it either");
  await p.shot("06-secrets-list");
  assert.deepEqual(p.consoleErrors.filter((e) => !/status of 4\d\d/.test(e)), []);
});

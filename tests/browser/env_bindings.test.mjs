// The agent environment editor and the bindings health panel in Chromium,
// against a server in strict secret mode: plain OPENAI_API_KEY refused as
// typed, a secret reference accepted and bound; binding and unbinding show in
// the usage panel and the health report; a desync made behind clasp's back
// (rows deleted in the SQLite file, as an old writer would) is found and
// repaired after the plan is shown. Also measures a keystroke on a 50-row env.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, serve, tab, writeArtifact } from "./browser.mjs";

let browser;
let server;
let p;
let secretId;
let agentId;

before(async () => {
  [browser, server] = await Promise.all([launch(), serve({ PAPERCLIP_SECRETS_STRICT_MODE: "true" })]);
  p = await openPage(browser, server);
  const { page } = p;
  await page.fill("#secret-name", "OpenAI");
  await page.fill("#secret-value", "sk-env-suite-" + "e".repeat(20));
  await page.click("text=Create secret");
  await page.locator("#secrets-table tbody tr", { hasText: "OpenAI" }).waitFor();
  secretId = await page.locator("#secrets-table tbody tr").first().getAttribute("data-secret-id");
});
after(async () => {
  await p?.close();
  await browser?.close();
  assert.equal(await server.stop(), 0);
});

const bindingRows = () => Number(server.sql(`SELECT count(*) FROM company_secret_bindings WHERE target_id = '${agentId}'`).trim());

test("strict mode: banner shown; plain OPENAI_API_KEY blocked inline, secret reference accepted", async () => {
  const { page } = p;
  assert.equal(await page.locator("#strict-banner").isVisible(), true);
  await tab(page, "Agent environment");
  await page.fill("#agent-name", "Coder");
  await page.click("text=Add agent");
  await page.locator("#env-agent option", { hasText: "Coder" }).waitFor({ state: "attached" });
  agentId = await page.locator("#env-agent").inputValue();

  await page.click("#env-add");
  await page.locator("#env-0-key").pressSequentially("OPENAI_API_KEY");
  await page.locator("#env-0-value").pressSequentially("sk-plain-value");
  const error = page.locator("#env-0-value-error");
  assert.equal(await error.textContent(), "Strict secret mode requires secret references for sensitive key: OPENAI_API_KEY");
  assert.equal(await page.locator("#env-0-value").getAttribute("aria-invalid"), "true");
  await page.click("#env-add");
  await page.locator("#env-1-key").pressSequentially("BAD KEY");
  assert.equal(await page.locator("#env-1-key-error").textContent(), "Invalid environment variable name: BAD KEY");
  const mark = p.requests.length;
  await page.click("#env-save");
  await page.waitForTimeout(200);
  assert.deepEqual(p.apiSince(mark), [], "nothing sent while the env is invalid");
  await p.shot("07-env-strict-blocked");

  await page.fill("#env-1-key", "LOG_LEVEL");
  await page.fill("#env-1-value", "debug");
  await page.selectOption("#env-0-source", "secret");
  await page.selectOption("#env-0-secret", secretId);
  assert.equal(await page.locator("#env-0-value-error").isHidden(), true);
  assert.equal(await page.locator("[aria-invalid='true']").count(), 0);
  await page.click("#env-save");
  await page.locator("#env-form-status", { hasText: "Saved the environment of Coder." }).waitFor();
  const patch = p.apiSince(mark).filter((r) => r.method === "PATCH");
  assert.equal(patch.length, 1);
  assert.deepEqual(JSON.parse(patch[0].body).adapterConfig.env.OPENAI_API_KEY, { type: "secret_ref", secretId, version: "latest" });
  // The plain value came back redacted: the field is empty, the stored value kept.
  assert.equal(await page.locator("#env-table tbody tr").count(), 2);
  const logValue = await page.evaluate(() => {
    const tr = [...document.querySelectorAll("#env-table tbody tr")].find((r) => r.querySelector("input[id$='-key']").value === "LOG_LEVEL");
    const input = tr.querySelector("input[id$='-value']");
    return { value: input.value, placeholder: input.placeholder };
  });
  assert.equal(logValue.value, "");
  assert.match(logValue.placeholder, /stored value/);
  assert.equal(bindingRows(), 1);
  await p.shot("08-env-saved");
});

test("bind/unbind: the usage panel and bindings health follow", async () => {
  const { page } = p;
  await tab(page, "Secrets");
  const row = page.locator("#secrets-table tbody tr", { hasText: "OpenAI" });
  assert.equal(await row.locator("td").nth(3).textContent(), "1");
  await row.getByRole("button", { name: "Usage of OpenAI" }).click();
  await page.locator("#usage-list li", { hasText: "Coder (agent) · env.OPENAI_API_KEY · version latest" }).waitFor();
  await p.shot("09-usage-bound");
  await tab(page, "Bindings health");
  await page.locator("#health-summary", { hasText: "In sync" }).waitFor();

  // Unbind: the row goes, the server deletes the binding in the same write.
  await tab(page, "Agent environment");
  const secretRow = page.locator("#env-table tbody tr", { has: page.locator("select[id$='-secret']:visible") });
  await secretRow.getByRole("button", { name: /Remove row/ }).click();
  await page.click("#env-save");
  await page.locator("#env-form-status", { hasText: "Saved" }).waitFor();
  assert.equal(bindingRows(), 0);
  await tab(page, "Secrets");
  await page.locator("#usage-list li", { hasText: "Not bound to any agent or project." }).waitFor();
  assert.equal(await row.locator("td").nth(3).textContent(), "0");
  await tab(page, "Bindings health");
  await page.locator("#health-summary", { hasText: "In sync" }).waitFor();

  // Bind again for the desync test.
  await tab(page, "Agent environment");
  await page.click("#env-add");
  const n = await page.locator("#env-table tbody tr").last().getAttribute("data-row");
  await page.fill(`#env-${n}-key`, "OPENAI_API_KEY");
  await page.selectOption(`#env-${n}-source`, "secret");
  await page.selectOption(`#env-${n}-secret`, secretId);
  await page.selectOption(`#env-${n}-version`, "pinned");
  await page.fill(`#env-${n}-pinned`, "0");
  assert.equal(await page.locator(`#env-${n}-pinned-error`).textContent(), "Invalid environment binding for key: OPENAI_API_KEY");
  await page.fill(`#env-${n}-pinned`, "1");
  await page.click("#env-save");
  await page.locator("#env-form-status", { hasText: "Saved" }).waitFor();
  assert.equal(bindingRows(), 1);
  await tab(page, "Secrets");
  await page.locator("#usage-list li", { hasText: "Coder (agent) · env.OPENAI_API_KEY · version 1" }).waitFor();
});

test("desync behind clasp's back: shown, repaired after the plan is shown, clean after", async () => {
  const { page } = p;
  server.sql(`DELETE FROM company_secret_bindings WHERE target_id = '${agentId}'`);
  await tab(page, "Bindings health");
  await page.locator("#health-summary", { hasText: "Out of sync" }).waitFor();
  const finding = page.locator("#health-findings tbody tr");
  assert.equal(await finding.count(), 1);
  assert.deepEqual((await finding.locator("td").allTextContents()).slice(1), ["Coder (agent)", "OPENAI_API_KEY", "desync_ref_without_row"]);
  await p.shot("10-health-desync");

  const mark = p.requests.length;
  await page.click("#repair-review");
  const plan = page.locator("#repair-plan");
  await plan.waitFor();
  assert.match(await page.locator("#repair-counts").textContent(), /^1 to add, 0 to update, 0 to remove\./);
  assert.deepEqual(await page.locator("#repair-steps tbody tr td").allTextContents(),
    ["Add binding", "ref_without_row", "Coder (agent)", "env.OPENAI_API_KEY → OpenAI", "1"]);
  assert.deepEqual(p.apiSince(mark), [], "showing the plan changes nothing");
  assert.equal(bindingRows(), 0);
  await p.shot("11-repair-plan");

  await page.click("#repair-apply");
  await page.locator("#health-summary", { hasText: "In sync" }).waitFor();
  assert.match(await page.locator("#health-summary").textContent(), /Applied 1 step\./);
  assert.equal(bindingRows(), 1);
  assert.equal(await page.locator("#health-findings").isHidden(), true);
  await p.shot("12-health-repaired");
  await tab(page, "Secrets");
  await page.locator("#usage-list li", { hasText: "Coder (agent) · env.OPENAI_API_KEY" }).waitFor();
});

test("a keystroke on a 50-row env validates once through the core (time recorded in timings.json)", async () => {
  const { page } = p;
  await tab(page, "Agent environment");
  await page.evaluate(() => {
    const add = document.getElementById("env-add");
    while (document.querySelectorAll("#env-table tbody tr").length < 50) add.click();
    document.querySelectorAll("#env-table tbody tr").forEach((tr, i) => {
      const key = tr.querySelector("input[id$='-key']");
      if (!key.value) {
        key.value = `SETTING_${i}`;
        tr.querySelector("input[id$='-value']").value = `value-${i}`;
      }
    });
  });
  const last = page.locator("#env-table tbody tr").last().locator("input[id$='-key']");
  await last.click();
  await page.evaluate(() => { globalThis.claspDemo.timings.length = 0; });
  const typed = "_EXTRA_SUFFIX_FOR_TIMING";
  await page.keyboard.type(typed);
  const timings = await page.evaluate(() => globalThis.claspDemo.timings);
  const pick = (label) => timings.filter((t) => t.label === label).map((t) => t.ms).sort((a, b) => a - b);
  const core = pick("env");
  const whole = pick("env-keystroke");
  assert.ok(core.length >= typed.length, `one validation per keystroke (${core.length})`);
  const stats = (xs) => ({ n: xs.length, median: xs[Math.floor(xs.length / 2)], p90: xs[Math.floor(xs.length * 0.9)], max: xs[xs.length - 1] });
  // For comparison: one validateEnv call over the whole 50-row env (what a
  // keystroke would cost without the per-entry memo), after a warm-up.
  const full = await page.evaluate(() => {
    const env = {};
    for (let i = 0; i < 50; i++) env[`SETTING_${i}`] = { type: "plain", value: `value-${i}` };
    const xs = [];
    for (let i = 0; i < 60; i++) {
      const t = performance.now();
      globalThis.claspDemo.api.validateEnv(env, { strictMode: true });
      if (i >= 10) xs.push(performance.now() - t);
    }
    return xs.sort((a, b) => a - b);
  });
  const report = { rows: 50, keystrokeCoreMs: stats(core), keystrokeWholeHandlerMs: stats(whole), fullValidateEnv50RowsMs: stats(full) };
  writeArtifact("timings.json", report);
  console.log(`# 50-row env keystroke: core ${report.keystrokeCoreMs.median.toFixed(3)} ms median ` +
    `(max ${report.keystrokeCoreMs.max.toFixed(3)}), whole handler ${report.keystrokeWholeHandlerMs.median.toFixed(3)} ms median; ` +
    `one validateEnv over all 50 rows ${report.fullValidateEnv50RowsMs.median.toFixed(3)} ms median`);
  await p.shot("13-env-50-rows");
});

test("strict mode off: no banner, a plain OPENAI_API_KEY is accepted", async () => {
  const relaxed = await serve();
  const q = await openPage(browser, relaxed);
  try {
    const { page } = q;
    assert.equal(await page.locator("#strict-banner").isHidden(), true);
    await tab(page, "Agent environment");
    await page.fill("#agent-name", "Relaxed");
    await page.click("text=Add agent");
    await page.locator("#env-agent option", { hasText: "Relaxed" }).waitFor({ state: "attached" });
    await page.click("#env-add");
    await page.fill("#env-0-key", "OPENAI_API_KEY");
    await page.fill("#env-0-value", "sk-plain-allowed");
    assert.equal(await page.locator("[aria-invalid='true']").count(), 0);
    await page.click("#env-save");
    await page.locator("#env-form-status", { hasText: "Saved" }).waitFor();
  } finally {
    await q.close();
    await relaxed.stop();
  }
});

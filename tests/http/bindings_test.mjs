// The bindings health routes: a desync induced behind clasp's back (rows
// deleted as the seed report describes, a row left without its ref as in
// #11901) is reported with names and paths, and the repair restores it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServe } from './harness.mjs';

let s;
let company;

before(async () => {
  s = await startServe();
  company = (await s.call('POST', '/api/companies', { name: 'Acme' })).body;
});
after(async () => { await s.stop(); });

test('deleted rows and a stale row are found, repaired with audit rows, and the report is clean after', async () => {
  const secret = (await s.call('POST', `/api/companies/${company.id}/secrets`, { name: 'Anthropic', value: 'sk-ant-bindings-health' })).body;
  const ref = { type: 'secret_ref', secretId: secret.id };
  const agents = [];
  for (const name of ['Alpha', 'Beta', 'Gamma']) {
    agents.push((await s.call('POST', `/api/companies/${company.id}/agents`, { name, adapterConfig: { env: { ANTHROPIC_API_KEY: ref } } })).body);
  }
  const clean = await s.call('GET', `/api/companies/${company.id}/bindings/health`);
  assert.equal(clean.status, 200);
  assert.equal(clean.body.ok, true);
  assert.deepEqual(clean.body.findings, []);

  // The seed report: rows deleted for two agents whose env keeps the refs.
  s.sql(`DELETE FROM company_secret_bindings WHERE target_id IN ('${agents[0].id}', '${agents[1].id}')`);
  // #11901: an env that lost its ref while the row stayed.
  const gammaEnv = s.sql(`SELECT adapter_config FROM agents WHERE id = '${agents[2].id}'`);
  assert.ok(gammaEnv.includes(secret.id));
  s.sql(`UPDATE agents SET adapter_config = '{"env":{}}' WHERE id = '${agents[2].id}'`);

  const report = await s.call('GET', `/api/companies/${company.id}/bindings/health`);
  assert.equal(report.body.ok, false);
  const found = report.body.findings.map((f) => [f.code, f.targetName, f.configPath]).sort();
  assert.deepEqual(found, [
    ['desync_ref_without_row', 'Alpha', 'env.ANTHROPIC_API_KEY'],
    ['desync_ref_without_row', 'Beta', 'env.ANTHROPIC_API_KEY'],
    ['desync_row_without_ref', 'Gamma', 'env.ANTHROPIC_API_KEY'],
  ]);
  assert.deepEqual([report.body.repair.inserts, report.body.repair.deletes], [2, 1]);

  const repaired = await s.call('POST', `/api/companies/${company.id}/bindings/repair`, {});
  assert.equal(repaired.status, 200, repaired.text);
  assert.equal(repaired.body.applied, 3);
  assert.equal(repaired.body.ok, true);
  const usage = await s.call('GET', `/api/secrets/${secret.id}/usage`);
  assert.deepEqual(usage.body.bindings.map((b) => b.target.label).sort(), ['Alpha', 'Beta']);
  const audit = s.sql(`SELECT count(*) FROM activity_log WHERE action = 'secret_binding.repaired'`);
  assert.match(audit, /\b3\b/);
});

test('unknown company is 404', async () => {
  const r = await s.call('GET', '/api/companies/00000000-0000-4000-8000-000000000000/bindings/health');
  assert.deepEqual([r.status, r.body], [404, { error: 'Company not found' }]);
});

// Deleting a secret in use (issue 18, item 6): 409 with every target that
// uses it, binding rows and env refs alike (a ref whose row went missing
// behind clasp's back included), unless ?force=true; the usage route lists
// the same uses with the ref without a row marked as a desync. On the store
// CLASP_HTTP_STORE names. No answer holds the value.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServe } from './harness.mjs';

const VALUE = 'sk-delete-' + 'd'.repeat(24) + '-in-use-5120';
const ref = (id) => ({ type: 'secret_ref', secretId: id });
let s;
let company;

before(async () => {
  s = await startServe();
  company = (await s.call('POST', '/api/companies', { name: 'Acme' })).body;
});
after(async () => { assert.equal(await s.stop(), 0); });

async function secretNamed(name) {
  const r = await s.call('POST', `/api/companies/${company.id}/secrets`, { name, value: VALUE });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function create(kind, body) {
  const r = await s.call('POST', `/api/companies/${company.id}/${kind}`, body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// sqlite3 prints "2", psql a table whose one numeric line is the count.
const rowCount = (secretId) =>
  Number(s.sql(`SELECT count(*) FROM company_secret_bindings WHERE secret_id = '${secretId}'`).match(/^\s*(\d+)\s*$/m)[1]);

test('a secret in use answers 409 with its uses, rows and env refs alike, and stays', async () => {
  const secret = await secretNamed('Shared key');
  const coder = await create('agents', { name: 'Coder', adapterConfig: { env: { OPENAI_API_KEY: ref(secret.id) } } });
  const lost = await create('agents', { name: 'Lost', adapterConfig: { env: { OPENAI_API_KEY: ref(secret.id) } } });
  const project = await create('projects', { name: 'Ops', env: { DEPLOY_KEY: ref(secret.id) } });
  // The row of Lost goes missing behind clasp's back (#8309): its env still names the secret.
  s.sql(`DELETE FROM company_secret_bindings WHERE target_id = '${lost.id}'`);

  const usage = await s.call('GET', `/api/secrets/${secret.id}/usage`);
  assert.equal(usage.status, 200);
  assert.deepEqual(usage.body.bindings.map((b) => b.target.label).sort(), ['Coder', 'Ops'], 'bindings: the rows, as Paperclip');
  const bindingOf = (id) => usage.body.bindings.find((b) => b.targetId === id).id;
  const expected = [
    { targetType: 'agent', targetId: coder.id, targetName: 'Coder', configPath: 'env.OPENAI_API_KEY', source: 'both', desync: false, bindingId: bindingOf(coder.id) },
    { targetType: 'project', targetId: project.id, targetName: 'Ops', configPath: 'env.DEPLOY_KEY', source: 'both', desync: false, bindingId: bindingOf(project.id) },
    { targetType: 'agent', targetId: lost.id, targetName: 'Lost', configPath: 'env.OPENAI_API_KEY', source: 'env_ref', desync: true, bindingId: null },
  ];
  assert.deepEqual(usage.body.uses, expected);

  const refused = await s.call('DELETE', `/api/secrets/${secret.id}`);
  assert.equal(refused.status, 409);
  assert.deepEqual(refused.body, {
    error: 'Secret is in use (3 uses, 1 of them an env reference without a binding row); delete with ?force=true to remove it anyway',
    details: { code: 'secret_in_use', secretId: secret.id, uses: expected },
  });
  assert.ok(!refused.text.includes(VALUE));
  const explicit = await s.call('DELETE', `/api/secrets/${secret.id}?force=false`);
  assert.equal(explicit.status, 409);
  const list = await s.call('GET', `/api/companies/${company.id}/secrets`);
  assert.ok(list.body.some((x) => x.id === secret.id), 'the refused secret is still listed');
  assert.equal(rowCount(secret.id), 2, 'its rows are untouched');
});

test('a row whose env lost the ref still counts: 409 lists it as a row', async () => {
  const secret = await secretNamed('Row only');
  const agent = await create('agents', { name: 'Forgetful', adapterConfig: { env: { TOKEN: ref(secret.id) } } });
  s.sql(`UPDATE agents SET adapter_config = '{"env":{}}' WHERE id = '${agent.id}'`);
  const refused = await s.call('DELETE', `/api/secrets/${secret.id}`);
  assert.equal(refused.status, 409);
  assert.deepEqual(refused.body.details.uses.map((u) => [u.targetName, u.configPath, u.source, u.desync]),
    [['Forgetful', 'env.TOKEN', 'row', false]]);
});

test('?force=true deletes a secret in use with its rows; the env refs stay for the doctor', async () => {
  const secret = await secretNamed('Forced');
  const agent = await create('agents', { name: 'Holder', adapterConfig: { env: { API_KEY: ref(secret.id) } } });
  for (const bad of ['force=1', 'force=yes', 'force=true&force=true', 'force']) {
    const r = await s.call('DELETE', `/api/secrets/${secret.id}?${bad}`);
    assert.deepEqual([r.status, r.body], [400, { error: 'Query parameter force must be true or false' }], bad);
  }
  assert.equal(rowCount(secret.id), 1, 'a bad force deletes nothing');
  const forced = await s.call('DELETE', `/api/secrets/${secret.id}?force=true`);
  assert.deepEqual([forced.status, forced.body], [200, { ok: true }]);
  assert.equal(rowCount(secret.id), 0);
  const gone = await s.call('GET', `/api/secrets/${secret.id}/usage`);
  assert.deepEqual([gone.status, gone.body], [404, { error: 'Secret not found' }]);
  const kept = await s.call('GET', `/api/agents/${agent.id}`);
  assert.deepEqual(kept.body.adapterConfig.env.API_KEY.secretId, secret.id);
  const health = await s.call('GET', `/api/companies/${company.id}/bindings/health`);
  assert.ok(health.body.findings.some((f) => f.code === 'desync_deleted_secret' && f.targetName === 'Holder'), JSON.stringify(health.body.findings));
});

test('an unused secret deletes without force, and its usage lists no uses', async () => {
  const secret = await secretNamed('Idle');
  const usage = await s.call('GET', `/api/secrets/${secret.id}/usage`);
  assert.deepEqual(usage.body, { secretId: secret.id, bindings: [], uses: [] });
  const removed = await s.call('DELETE', `/api/secrets/${secret.id}`);
  assert.deepEqual([removed.status, removed.body], [200, { ok: true }]);
});

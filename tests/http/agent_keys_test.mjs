// Agent API keys as Paperclip keeps them (issue 17): random tokens shown
// once, stored as their SHA-256, listed without either, revoked one by one;
// the agent routes refuse revoked keys and agents that may not authenticate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { startServe } from './harness.mjs';

const VALUE = 'sk-agent-keys-' + 'k'.repeat(24) + '-7731';
const DID_NOT_VERIFY = 'Agent token did not verify; obtain fresh credentials and retry';
let s;
let company;
let secret;

before(async () => {
  s = await startServe();
  company = (await s.call('POST', '/api/companies', { name: 'Acme' })).body;
  secret = (await s.call('POST', `/api/companies/${company.id}/secrets`, { name: 'OpenAI', value: VALUE })).body;
});
after(async () => { assert.equal(await s.stop(), 0); });

const ref = (id) => ({ type: 'secret_ref', secretId: id, version: 'latest' });

async function boundAgent(name = 'Coder') {
  const r = await s.call('POST', `/api/companies/${company.id}/agents`, { name, adapterConfig: { env: { OPENAI_API_KEY: ref(secret.id) } } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function mint(agent, body = {}) {
  const r = await s.call('POST', `/api/agents/${agent.id}/keys`, body);
  assert.equal(r.status, 201, r.text);
  return r;
}

const readValue = (token) => s.call('POST', '/api/agents/me/secrets/openai/value', {}, { token });
const listMine = (token) => s.call('GET', '/api/agents/me/secrets', undefined, { token });

function sqlRows(statement) {
  return s.sql(statement).trim().split('\n').map((l) => l.trim()).filter((l) => l && !/^[-+]+$/.test(l) && !/^\(\d+ rows?\)$/.test(l));
}

test('create: 201 with a 256-bit pcp_ token shown once, Paperclip\'s shape, stored only as its SHA-256', async () => {
  const agent = await boundAgent();
  const first = await mint(agent, { name: 'ci' });
  assert.equal(first.headers.get('cache-control'), 'no-store');
  assert.deepEqual(Object.keys(first.body), ['id', 'name', 'scope', 'responsibleUserId', 'createdAt', 'token']);
  assert.match(first.body.token, /^pcp_[0-9a-f]{64}$/);
  assert.deepEqual([first.body.name, first.body.scope, first.body.responsibleUserId], ['ci', { kind: 'standard' }, null]);
  const second = await mint(agent);
  assert.equal(second.body.name, 'default', 'name defaults as createAgentKeySchema does');
  assert.notEqual(second.body.token, first.body.token);
  assert.notEqual(second.body.id, first.body.id);

  const hash = createHash('sha256').update(first.body.token).digest('hex');
  const stored = sqlRows(`SELECT key_hash FROM agent_api_keys WHERE id = '${first.body.id}'`);
  assert.ok(stored.some((l) => l.includes(hash)), `key_hash is sha256(token): ${stored}`);
  assert.ok(!s.sql('SELECT * FROM agent_api_keys').includes(first.body.token), 'the token itself is not stored');

  const list = await s.call('GET', `/api/agents/${agent.id}/keys`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.map((k) => [k.id, k.name, k.revokedAt]), [[first.body.id, 'ci', null], [second.body.id, 'default', null]]);
  assert.deepEqual(Object.keys(list.body[0]), ['id', 'name', 'scope', 'responsibleUserId', 'createdAt', 'revokedAt']);
  assert.ok(!list.text.includes(first.body.token) && !list.text.includes(hash), 'the list holds neither token nor hash');
  assert.ok(!s.log().includes(first.body.token), 'no token in the access log');
});

test('create: refusals as Paperclip\'s', async () => {
  const agent = await boundAgent('Refusals');
  const empty = await s.call('POST', `/api/agents/${agent.id}/keys`, { name: '' });
  assert.equal(empty.status, 400);
  assert.equal(empty.body.error, 'Validation error');
  assert.equal((await s.call('POST', `/api/agents/${agent.id}/keys`, { name: 7 })).status, 400);
  assert.deepEqual((await s.call('POST', '/api/agents/not-a-uuid/keys', {})).body, { error: 'Agent not found' });
  assert.equal((await s.call('POST', `/api/agents/${company.id}/keys`, {})).status, 404);
  for (const [status, error] of [['pending_approval', 'Cannot create keys for pending approval agents'], ['terminated', 'Cannot create keys for terminated agents']]) {
    const other = await boundAgent(status);
    assert.equal((await s.call('PATCH', `/api/agents/${other.id}`, { status })).status, 200);
    assert.deepEqual(await s.call('POST', `/api/agents/${other.id}/keys`, {}).then((r) => [r.status, r.body]), [409, { error }]);
  }
});

test('revoke: that key stops working at once, the agent\'s other key goes on, activity rows name ids only', async () => {
  const agent = await boundAgent('Revoker');
  const a = (await mint(agent, { name: 'a' })).body;
  const b = (await mint(agent, { name: 'b' })).body;
  assert.equal((await readValue(a.token)).status, 200);
  const revoked = await s.call('DELETE', `/api/agents/${agent.id}/keys/${a.id}`);
  assert.deepEqual([revoked.status, revoked.body], [200, { ok: true }]);
  assert.deepEqual(await readValue(a.token).then((r) => [r.status, r.body]), [401, { error: DID_NOT_VERIFY }]);
  assert.equal((await listMine(a.token)).status, 401);
  const ok = await readValue(b.token);
  assert.equal(ok.status, 200);
  assert.equal(ok.body.value, VALUE);
  const list = (await s.call('GET', `/api/agents/${agent.id}/keys`)).body;
  assert.ok(list.find((k) => k.id === a.id).revokedAt, 'the revoked key is listed with revokedAt');
  assert.equal(list.find((k) => k.id === b.id).revokedAt, null);

  const rows = sqlRows(`SELECT action || '|' || entity_id || '|' || details FROM activity_log WHERE entity_id = '${agent.id}' ORDER BY created_at, action`);
  assert.equal(rows.filter((r) => r.startsWith('agent.key_created|')).length, 2, rows.join('\n'));
  assert.equal(rows.filter((r) => r.startsWith('agent.key_revoked|')).length, 1, rows.join('\n'));
  assert.ok(rows.some((r) => r.startsWith('agent.key_revoked|') && r.includes(a.id)));
  const hashes = [a.token, b.token].map((t) => createHash('sha256').update(t).digest('hex'));
  assert.ok(!rows.some((r) => [a.token, b.token, ...hashes].some((x) => r.includes(x))), 'no token or hash in an activity row');
});

test('revoke: unknown key, another agent\'s key, a non-UUID id are 404 Key not found', async () => {
  const one = await boundAgent('One');
  const two = await boundAgent('Two');
  const key = (await mint(two)).body;
  for (const keyId of [one.id, key.id, 'nope']) {
    const r = await s.call('DELETE', `/api/agents/${one.id}/keys/${keyId}`);
    assert.deepEqual([r.status, r.body], [404, { error: 'Key not found' }], keyId);
  }
  assert.equal((await readValue(key.token)).status, 200, 'the other agent\'s key still works');
});

test('a terminated or pending-approval agent cannot authenticate, with Paperclip\'s texts; last_used_at is kept', async () => {
  const agent = await boundAgent('Status');
  const key = (await mint(agent)).body;
  assert.equal((await listMine(key.token)).status, 200);
  const used = sqlRows(`SELECT last_used_at FROM agent_api_keys WHERE id = '${key.id}'`);
  assert.ok(used.some((l) => /^\d{4}-\d\d-\d\d/.test(l)), `last_used_at set after a use: ${used}`);
  for (const [status, error] of [['terminated', 'Agent is terminated and cannot authenticate'], ['pending_approval', 'Agent is pending approval and cannot authenticate']]) {
    assert.equal((await s.call('PATCH', `/api/agents/${agent.id}`, { status })).status, 200);
    assert.deepEqual(await readValue(key.token).then((r) => [r.status, r.body]), [401, { error }]);
    assert.deepEqual(await listMine(key.token).then((r) => [r.status, r.body]), [401, { error }]);
  }
  assert.equal((await s.call('PATCH', `/api/agents/${agent.id}`, { status: 'idle' })).status, 200);
  assert.equal((await readValue(key.token)).status, 200);
});

test('tokens of the old HMAC scheme, and malformed ones, are refused', async () => {
  const agent = await boundAgent('Legacy');
  const mac = createHmac('sha256', 'x').update(`${agent.id}.${company.id}`).digest('hex');
  for (const token of [`clasp_agent_v1.${agent.id}.${company.id}.${mac}`, 'pcp_' + '0'.repeat(64), 'pcp_', 'x']) {
    assert.deepEqual(await readValue(token).then((r) => [r.status, r.body]), [401, { error: DID_NOT_VERIFY }], token);
  }
  assert.deepEqual(await readValue(null).then((r) => [r.status, r.body]), [401, { error: 'Agent authentication required' }]);
});

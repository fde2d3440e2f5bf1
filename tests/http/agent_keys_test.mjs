// Agent API keys over HTTP, as Paperclip has them: pcp_ tokens shown once
// and stored as their SHA-256, listed without secrets, revoked one by one,
// and refused for agents that are terminated or pending approval.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServe } from './harness.mjs';

const VALUE = 'sk-keys-' + 'q'.repeat(24) + '-7731';
const NOT_VERIFIED = 'Agent token did not verify; obtain fresh credentials and retry';
let s;
let company;
let secret;
const minted = [];

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

before(async () => {
  s = await startServe();
  company = (await s.call('POST', '/api/companies', { name: 'Acme' })).body;
  secret = (await s.call('POST', `/api/companies/${company.id}/secrets`, { name: 'openai', value: VALUE })).body;
});
after(async () => {
  const log = s.log();
  await s.stop();
  for (const token of minted) assert.ok(!log.includes(token), 'a token appeared in the server log');
  assert.ok(!log.includes(VALUE), 'a value appeared in the server log');
});

async function newAgent(name = 'Coder') {
  const env = { OPENAI_API_KEY: { type: 'secret_ref', secretId: secret.id, version: 'latest' } };
  const r = await s.call('POST', `/api/companies/${company.id}/agents`, { name, adapterConfig: { env } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function mint(agent, body = {}) {
  const r = await s.call('POST', `/api/agents/${agent.id}/keys`, body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  minted.push(r.body.token);
  return r.body;
}

const mySecrets = (token) => s.call('GET', '/api/agents/me/secrets', undefined, { token });
const readValue = (token) => s.call('POST', '/api/agents/me/secrets/openai/value', {}, { token });
const setStatus = (agent, status) => s.call('PATCH', `/api/agents/${agent.id}`, { status });

test('create: a pcp_ token of 64 hex digits, shown once, stored as its SHA-256; two keys differ', async () => {
  const agent = await newAgent();
  const one = await mint(agent, { name: 'ci' });
  assert.match(one.token, /^pcp_[0-9a-f]{64}$/);
  assert.deepEqual(Object.keys(one), ['id', 'name', 'scope', 'responsibleUserId', 'token', 'createdAt']);
  assert.deepEqual([one.name, one.scope, one.responsibleUserId], ['ci', { kind: 'standard' }, null]);
  const two = await mint(agent);
  assert.equal(two.name, 'default', "Paperclip's default name");
  assert.notEqual(one.token, two.token);
  assert.notEqual(one.id, two.id);
  const stored = s.sql(`SELECT key_hash FROM agent_api_keys WHERE id = '${one.id}'`);
  assert.ok(stored.includes(sha256(one.token)), stored);
  assert.ok(!stored.includes(one.token));

  const list = await s.call('GET', `/api/agents/${agent.id}/keys`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.map((k) => k.id), [one.id, two.id]);
  assert.deepEqual(Object.keys(list.body[0]), ['id', 'name', 'scope', 'responsibleUserId', 'createdAt', 'revokedAt']);
  assert.equal(list.body[0].revokedAt, null);
  for (const secretText of [one.token, two.token, sha256(one.token), sha256(two.token)]) {
    assert.ok(!list.text.includes(secretText), 'the list carries no token or hash');
  }
});

test('bad bodies and unknown agents', async () => {
  const agent = await newAgent();
  const empty = await s.call('POST', `/api/agents/${agent.id}/keys`, { name: '' });
  assert.equal(empty.status, 400);
  assert.equal(empty.body.details[0].message, 'Too small: expected string to have >=1 characters');
  assert.equal((await s.call('POST', `/api/agents/${agent.id}/keys`, { name: 7 })).status, 400);
  for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
    for (const [method, path] of [['POST', `/api/agents/${id}/keys`], ['GET', `/api/agents/${id}/keys`]]) {
      const r = await s.call(method, path, method === 'POST' ? {} : undefined);
      assert.deepEqual([r.status, r.body], [404, { error: 'Agent not found' }], `${method} ${id}`);
    }
  }
});

test('a key reads; revoke: 200, the key 401 everywhere, the other key still works; activity rows', async () => {
  const agent = await newAgent();
  const gone = await mint(agent, { name: 'gone' });
  const kept = await mint(agent, { name: 'kept' });
  assert.equal((await mySecrets(gone.token)).status, 200);
  const read = await readValue(gone.token);
  assert.deepEqual([read.status, read.body.value], [200, VALUE]);
  const used = s.sql(`SELECT last_used_at FROM agent_api_keys WHERE id = '${gone.id}'`);
  assert.match(used, /\d{4}-\d\d-\d\d/, 'last_used_at was written');
  assert.equal((await mySecrets(gone.token)).status, 200);
  assert.equal(s.sql(`SELECT last_used_at FROM agent_api_keys WHERE id = '${gone.id}'`), used,
    'within a minute of the last write, a use writes nothing');

  const revoked = await s.call('DELETE', `/api/agents/${agent.id}/keys/${gone.id}`);
  assert.deepEqual([revoked.status, revoked.body], [200, { ok: true }]);
  for (const r of [await mySecrets(gone.token), await readValue(gone.token)]) {
    assert.deepEqual([r.status, r.body], [401, { error: NOT_VERIFIED }]);
  }
  assert.equal((await readValue(kept.token)).body.value, VALUE);
  const again = await s.call('DELETE', `/api/agents/${agent.id}/keys/${gone.id}`);
  assert.equal(again.status, 200, 'revoking again is 200, as in Paperclip');
  const list = (await s.call('GET', `/api/agents/${agent.id}/keys`)).body;
  assert.notEqual(list.find((k) => k.id === gone.id).revokedAt, null);
  assert.equal(list.find((k) => k.id === kept.id).revokedAt, null);

  const activity = s.sql(`SELECT action || ' ' || entity_id || ' ' || details FROM activity_log WHERE entity_type = 'agent' ` +
    `AND entity_id = '${agent.id}' ORDER BY created_at`);
  assert.equal((activity.match(/agent\.key_created/g) ?? []).length, 2, activity);
  assert.equal((activity.match(/agent\.key_revoked/g) ?? []).length, 2, activity);
  assert.ok(activity.includes(gone.id) && activity.includes('"kept"'), activity);
  for (const key of [gone, kept]) {
    assert.ok(!activity.includes(key.token) && !activity.includes(sha256(key.token)), 'no token or hash in activity');
  }
});

test('revoke: an unknown key, a non-UUID id and another agent\'s key are 404 Key not found', async () => {
  const mine = await newAgent('Mine');
  const theirs = await newAgent('Theirs');
  const their = await mint(theirs);
  for (const keyId of ['00000000-0000-4000-8000-000000000000', 'nope', their.id]) {
    const r = await s.call('DELETE', `/api/agents/${mine.id}/keys/${keyId}`);
    assert.deepEqual([r.status, r.body], [404, { error: 'Key not found' }], keyId);
  }
  assert.equal((await mySecrets(their.token)).status, 200, 'the other agent\'s key was not revoked');
});

test('terminated and pending-approval agents: their keys get 401 with Paperclip\'s text, no new keys (409)', async () => {
  for (const [status, message, conflict] of [
    ['terminated', 'Agent is terminated and cannot authenticate', 'Cannot create keys for terminated agents'],
    ['pending_approval', 'Agent is pending approval and cannot authenticate', 'Cannot create keys for pending approval agents'],
  ]) {
    const agent = await newAgent();
    const key = await mint(agent);
    assert.equal((await readValue(key.token)).status, 200);
    assert.equal((await setStatus(agent, status)).status, 200);
    for (const r of [await mySecrets(key.token), await readValue(key.token)]) {
      assert.deepEqual([r.status, r.body], [401, { error: message }], status);
    }
    const refused = await s.call('POST', `/api/agents/${agent.id}/keys`, {});
    assert.deepEqual([refused.status, refused.body], [409, { error: conflict }]);
    assert.equal((await setStatus(agent, 'idle')).status, 200);
    assert.equal((await readValue(key.token)).status, 200, 'the key works again once the agent is back');
  }
});

test('old clasp_agent_v1 HMAC tokens, malformed and missing tokens are 401', async () => {
  const agent = await newAgent();
  const old = `clasp_agent_v1.${agent.id}.${company.id}.${'ab'.repeat(32)}`;
  for (const token of [old, 'pcp_' + '0'.repeat(64), 'garbage']) {
    const r = await mySecrets(token);
    assert.deepEqual([r.status, r.body], [401, { error: NOT_VERIFIED }], token.slice(0, 20));
  }
  const none = await mySecrets(null);
  assert.deepEqual([none.status, none.body], [401, { error: 'Agent authentication required' }]);
});

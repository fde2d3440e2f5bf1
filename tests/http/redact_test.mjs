// POST /api/agents/:id/redact: a body of text masked with every value the
// agent's runs may have had (raw and encoded; every version of each secret
// its env references, whatever its status or binding row), the report naming
// secret ids, versions and counts, no value anywhere in any answer; one
// access event per version with actor system; refusals for bad bodies and
// unknown targets; board auth in authenticated mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServe } from './harness.mjs';

const VALUE = 'sk-http-redact-VALUE-7e1f';
const SHORT = 'pin42';
const PROJECT_VALUE = 'sk-http-redact-project-3a9c';
const b64 = (s) => Buffer.from(s).toString('base64');
const ref = (id) => ({ type: 'secret_ref', secretId: id, version: 'latest' });
const noValue = (text) => {
  for (const v of [VALUE, PROJECT_VALUE, b64(VALUE), encodeURIComponent(VALUE), Buffer.from(VALUE).toString('hex')]) {
    assert.ok(!text.includes(v), `a value reached the answer: ${text}`);
  }
};
let s;
let company;
let secret;
let shortSecret;
let projectSecret;
let agent;

before(async () => {
  s = await startServe();
  company = (await s.call('POST', '/api/companies', { name: 'Acme' })).body;
  const create = async (name, value) => (await s.call('POST', `/api/companies/${company.id}/secrets`, { name, value })).body;
  secret = await create('OpenAI', VALUE);
  shortSecret = await create('Pin', SHORT);
  projectSecret = await create('Project key', PROJECT_VALUE);
  agent = (await s.call('POST', `/api/companies/${company.id}/agents`, {
    name: 'Coder', adapterConfig: { env: { OPENAI_API_KEY: ref(secret.id), PIN: ref(shortSecret.id), MODE: 'fast-plain' } },
  })).body;
});
after(async () => { await s.stop(); });

test('every form of a bound value is masked and reported by id and count', async () => {
  const text = [
    `echo ${VALUE}`,
    `Authorization: Basic ${b64(`user:${VALUE}`)}`,
    `GET /x?key=${encodeURIComponent(VALUE)}`,
    JSON.stringify({ token: VALUE }),
    `hex ${Buffer.from(VALUE).toString('hex')}`,
    `pin ${SHORT} mode fast-plain`,
  ].join('\n');
  const r = await s.call('POST', `/api/agents/${agent.id}/redact`, { text });
  assert.equal(r.status, 200, r.text);
  noValue(r.text);
  const lines = r.body.text.split('\n');
  assert.equal(lines[0], 'echo ***OPENAI_API_KEY');
  assert.match(lines[1], /^Authorization: Basic dXNlcjp.{0,1}\*\*\*OPENAI_API_KEY.{0,3}$/);
  assert.equal(lines[2], 'GET /x?key=***OPENAI_API_KEY');
  assert.equal(lines[3], '{"token":"***OPENAI_API_KEY"}');
  assert.equal(lines[4], 'hex ***OPENAI_API_KEY');
  assert.equal(lines[5], `pin ${SHORT} mode fast-plain`, 'short and plain values stay');
  assert.deepEqual(r.body.occurrences, [{ envKey: 'OPENAI_API_KEY', secretId: secret.id, version: 1, count: 5 }]);
  assert.deepEqual(r.body.unmasked, [{ envKey: 'PIN', secretId: shortSecret.id, version: 1, reason: 'shorter than 6 bytes' }]);
  const events = (await s.call('GET', `/api/secrets/${secret.id}/access-events`)).body;
  assert.equal(events.length, 1);
  assert.deepEqual([events[0].actorType, events[0].actorId, events[0].outcome], ['system', 'board', 'success']);
});

test('text without a value comes back byte for byte, with an empty report', async () => {
  const text = 'nothing here\u00e9\n\ttabs and "quotes"\n';
  const r = await s.call('POST', `/api/agents/${agent.id}/redact`, { text });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { text, occurrences: [], unmasked: r.body.unmasked });
  assert.equal(r.headers.get('cache-control'), 'no-store');
});

test('a project value is masked with the project', async () => {
  const project = (await s.call('POST', `/api/companies/${company.id}/projects`, {
    name: 'Site', env: { DEPLOY_KEY: ref(projectSecret.id) },
  })).body;
  const text = `${VALUE} ${PROJECT_VALUE}`;
  const without = await s.call('POST', `/api/agents/${agent.id}/redact`, { text });
  assert.equal(without.body.text, `***OPENAI_API_KEY ${PROJECT_VALUE}`);
  const withProject = await s.call('POST', `/api/agents/${agent.id}/redact`, { text, projectId: project.id });
  assert.equal(withProject.status, 200, withProject.text);
  assert.equal(withProject.body.text, '***OPENAI_API_KEY ***DEPLOY_KEY');
});

test('refusals: bad bodies, unknown targets', async () => {
  const bad = await s.call('POST', `/api/agents/${agent.id}/redact`, { text: 7 });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.details.map((d) => [d.path, d.message]), [[['text'], 'Invalid input: expected string, received number']]);
  const missing = await s.call('POST', `/api/agents/${agent.id}/redact`, {});
  assert.equal(missing.status, 400);
  assert.equal(missing.body.details[0].message, 'Invalid input: expected string, received undefined');
  const unknown = '00000000-0000-4000-8000-000000000000';
  assert.deepEqual((await s.call('POST', `/api/agents/${unknown}/redact`, { text: 'x' })).body, { error: 'Agent not found' });
  assert.equal((await s.call('POST', `/api/agents/not-a-uuid/redact`, { text: 'x' })).status, 404);
  assert.equal((await s.call('GET', `/api/agents/${agent.id}/redact`)).status, 405);
});

test('what a transcript may hold: old versions, a disabled secret, a lost binding row', async () => {
  const OLD = 'sk-http-redact-OLD-51c0';
  const NEW = 'sk-http-redact-NEW-9d2b';
  const rotated = (await s.call('POST', `/api/companies/${company.id}/secrets`, { name: 'Rotated', value: OLD })).body;
  assert.equal((await s.call('POST', `/api/secrets/${rotated.id}/rotate`, { value: NEW })).status, 200);
  const lost = (await s.call('POST', `/api/companies/${company.id}/agents`, {
    name: 'Lost', adapterConfig: { env: { OPENAI_API_KEY: ref(secret.id), ROTATED: ref(rotated.id) } },
  })).body;
  s.sql(`DELETE FROM company_secret_bindings WHERE target_id = '${lost.id}'`);
  assert.equal((await s.call('PATCH', `/api/secrets/${rotated.id}`, { status: 'disabled' })).status, 200);
  const r = await s.call('POST', `/api/agents/${lost.id}/redact`, { text: `${VALUE} ${OLD} ${NEW}` });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.text, '***OPENAI_API_KEY ***ROTATED ***ROTATED');
  // In the env's order, which PostgreSQL's jsonb does not keep.
  const order = (a, b) => `${a.envKey}@${a.version}`.localeCompare(`${b.envKey}@${b.version}`);
  assert.deepEqual(r.body.occurrences.sort(order), [
    { envKey: 'OPENAI_API_KEY', secretId: secret.id, version: 1, count: 1 },
    { envKey: 'ROTATED', secretId: rotated.id, version: 1, count: 1 },
    { envKey: 'ROTATED', secretId: rotated.id, version: 2, count: 1 },
  ]);
  noValue(r.text);
  assert.ok(!r.text.includes(OLD) && !r.text.includes(NEW));
  const events = (await s.call('GET', `/api/secrets/${rotated.id}/access-events`)).body;
  assert.deepEqual(events.map((e) => [e.version, e.actorId, e.outcome]).sort(), [[1, 'board', 'success'], [2, 'board', 'success']]);
});

test('authenticated mode needs the board token', async () => {
  const a = await startServe({ mode: 'authenticated' });
  try {
    const c = (await a.call('POST', '/api/companies', { name: 'Auth' })).body;
    const x = (await a.call('POST', `/api/companies/${c.id}/agents`, { name: 'A' })).body;
    const anonymous = await a.call('POST', `/api/agents/${x.id}/redact`, { text: 'x' }, { token: null });
    assert.equal(anonymous.status, 401);
    const board = await a.call('POST', `/api/agents/${x.id}/redact`, { text: 'plain text' });
    assert.deepEqual([board.status, board.body.text], [200, 'plain text']);
  } finally {
    await a.stop();
  }
});

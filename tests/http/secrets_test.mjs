// Secrets routes, error shapes and limits of `clasp serve`, in both
// deployment modes, on the store CLASP_HTTP_STORE names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServe, BOARD_TOKEN } from './harness.mjs';

const VALUE = 'sk-live-' + 'q'.repeat(24) + '-unique-value-7731';
let s;
let company;

before(async () => {
  s = await startServe();
  company = (await s.call('POST', '/api/companies', { name: 'Acme' })).body;
});
after(async () => { assert.equal(await s.stop(), 0, 'serve exits 0 on SIGTERM'); });

test('create returns 201 with metadata and never the value', async () => {
  const r = await s.call('POST', `/api/companies/${company.id}/secrets`, { name: 'OpenAI API key', value: VALUE });
  assert.equal(r.status, 201);
  assert.equal(r.body.key, 'openai-api-key');
  assert.equal(r.body.latestVersion, 1);
  assert.equal(r.body.provider, 'local_encrypted');
  assert.ok(!r.text.includes(VALUE));
  const list = await s.call('GET', `/api/companies/${company.id}/secrets`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.map((x) => [x.name, x.referenceCount]), [['OpenAI API key', 0]]);
  assert.ok(!list.text.includes(VALUE));
});

test('schema failures are 400 Validation error with zod details', async () => {
  const r = await s.call('POST', `/api/companies/${company.id}/secrets`, { name: 7, value: VALUE });
  assert.equal(r.status, 400);
  assert.equal(r.body.error, 'Validation error');
  assert.deepEqual(r.body.details[0].path, ['name']);
  assert.equal(r.body.details[0].code, 'invalid_type');
  assert.equal(r.body.details[0].message, 'Invalid input: expected string, received number');
  const missing = await s.call('POST', `/api/companies/${company.id}/secrets`, { name: 'No value' });
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.body.details.map((d) => d.message), ['Managed secrets require value']);
});

test('rule violations are 422/409 with Paperclip messages', async () => {
  const dup = await s.call('POST', `/api/companies/${company.id}/secrets`, { name: 'OpenAI API key', value: 'x-other' });
  assert.equal(dup.status, 409);
  assert.deepEqual(dup.body, { error: 'Secret already exists: OpenAI API key' });
});

test('rotate, patch, usage, access events, delete', async () => {
  const created = (await s.call('POST', `/api/companies/${company.id}/secrets`, { name: 'GitHub token', value: 'ghp_' + 'z'.repeat(30) })).body;
  const rotated = await s.call('POST', `/api/secrets/${created.id}/rotate`, { value: 'ghp_' + 'y'.repeat(30) });
  assert.equal(rotated.status, 200);
  assert.equal(rotated.body.latestVersion, 2);
  const patched = await s.call('PATCH', `/api/secrets/${created.id}`, { description: 'CI token' });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.description, 'CI token');
  const usage = await s.call('GET', `/api/secrets/${created.id}/usage`);
  assert.deepEqual(usage.body, { secretId: created.id, bindings: [], uses: [] });
  const events = await s.call('GET', `/api/secrets/${created.id}/access-events`);
  assert.deepEqual(events.body, []);
  const removed = await s.call('DELETE', `/api/secrets/${created.id}`);
  assert.deepEqual([removed.status, removed.body], [200, { ok: true }]);
  for (const [m, p, b] of [['DELETE', '', undefined], ['POST', '/rotate', { value: 'v' }], ['PATCH', '', { name: 'n' }], ['GET', '/usage', undefined]]) {
    const again = await s.call(m, `/api/secrets/${created.id}${p}`, b);
    assert.deepEqual([again.status, again.body], [404, { error: 'Secret not found' }], `${m} ${p}`);
  }
});

test('unknown and malformed ids are 404, never a storage error', async () => {
  for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '..%2F..%2Fetc%2Fpasswd', "x' OR '1'='1"]) {
    const r = await s.call('GET', `/api/secrets/${encodeURIComponent(id)}/usage`);
    assert.deepEqual([r.status, r.body], [404, { error: 'Secret not found' }], id);
  }
  const c = await s.call('GET', '/api/companies/nope/secrets');
  assert.deepEqual([c.status, c.body], [404, { error: 'Company not found' }]);
});

test('no value reaches the access log', async () => {
  assert.ok(s.log().includes('"route":"/api/companies/:companyId/secrets"'));
  assert.ok(!s.log().includes(VALUE));
});

test('authenticated mode: board routes need the board token', async () => {
  const a = await startServe({ mode: 'authenticated' });
  try {
    for (const token of [null, 'wrong-token-but-long-enough']) {
      const r = await a.call('GET', '/api/companies', undefined, { token });
      assert.deepEqual([r.status, r.body], [401, { error: 'Board authentication required' }]);
    }
    const ok = await a.call('POST', '/api/companies', { name: 'Auth Co' });
    assert.equal(ok.status, 201);
    assert.equal((await a.call('GET', '/api/companies', undefined, { token: BOARD_TOKEN })).status, 200);
  } finally {
    await a.stop();
  }
});

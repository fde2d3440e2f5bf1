// Agents, projects, provider vaults and the agent-facing routes over HTTP:
// env validation and redaction, binding sync in the same write, and who may
// read which value.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServe } from './harness.mjs';

const VALUE = 'sk-proj-' + 'k'.repeat(20) + '-targets-4417';
let s;
let company;
let other;
let secret;

const ref = (id, version) => ({ type: 'secret_ref', secretId: id, ...(version ? { version } : {}) });

before(async () => {
  s = await startServe({ env: { PAPERCLIP_SECRETS_STRICT_MODE: 'true' } });
  company = (await s.call('POST', '/api/companies', { name: 'Acme' })).body;
  other = (await s.call('POST', '/api/companies', { name: 'Other' })).body;
  secret = (await s.call('POST', `/api/companies/${company.id}/secrets`, { name: 'OpenAI', value: VALUE })).body;
});
after(async () => { await s.stop(); });

async function agentWith(env) {
  const r = await s.call('POST', `/api/companies/${company.id}/agents`, { name: 'Coder', adapterConfig: { env } });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function tokenFor(agent) {
  const r = await s.call('POST', `/api/agents/${agent.id}/keys`, {});
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  return r.body.token;
}

test('strict mode: plain OPENAI_API_KEY is refused, a secret_ref accepted and bound', async () => {
  const plain = await s.call('POST', `/api/companies/${company.id}/agents`, { name: 'P', adapterConfig: { env: { OPENAI_API_KEY: 'sk-plain' } } });
  assert.deepEqual([plain.status, plain.body], [422, { error: 'Strict secret mode requires secret references for sensitive key: OPENAI_API_KEY' }]);
  const agent = await agentWith({ OPENAI_API_KEY: ref(secret.id), LOG_LEVEL: 'debug' });
  const usage = await s.call('GET', `/api/secrets/${secret.id}/usage`);
  assert.deepEqual(usage.body.bindings.filter((b) => b.targetId === agent.id).map((b) => [b.configPath, b.target.label, b.target.href]),
    [['env.OPENAI_API_KEY', 'Coder', '/agents/coder']]);
  const list = await s.call('GET', `/api/companies/${company.id}/secrets`);
  assert.ok(list.body.find((x) => x.id === secret.id).referenceCount >= 1);
});

test('reads redact plain values; a GET->PATCH round trip keeps them; a new placeholder is 422', async () => {
  const agent = await agentWith({ LOG_LEVEL: 'debug', OPENAI_API_KEY: ref(secret.id) });
  const got = await s.call('GET', `/api/agents/${agent.id}`);
  assert.deepEqual(got.body.adapterConfig.env.LOG_LEVEL, { type: 'plain', value: '***REDACTED***' });
  assert.ok(!got.text.includes('debug'));
  const back = await s.call('PATCH', `/api/agents/${agent.id}`, { adapterConfig: got.body.adapterConfig });
  assert.equal(back.status, 200, back.text);
  const fresh = await s.call('PATCH', `/api/agents/${agent.id}`, { adapterConfig: { env: { ...got.body.adapterConfig.env, NEW_SETTING: { type: 'plain', value: '***REDACTED***' } } } });
  assert.deepEqual([fresh.status, fresh.body], [422, { error: 'Refusing to persist redacted placeholder for key: NEW_SETTING' }]);
});

test('an invalid secretId is 400 and writes nothing', async () => {
  const r = await s.call('POST', `/api/companies/${company.id}/agents`, { name: 'Bad', adapterConfig: { env: { K: { type: 'secret_ref', secretId: 'nope' } } } });
  assert.equal(r.status, 400, r.text);
  const agents = await s.call('GET', `/api/companies/${company.id}/agents`);
  assert.ok(!agents.body.some((a) => a.name === 'Bad'));
});

test('a secret of another company cannot be bound', async () => {
  const foreign = (await s.call('POST', `/api/companies/${other.id}/secrets`, { name: 'Foreign', value: 'other-co-value' })).body;
  const r = await s.call('POST', `/api/companies/${company.id}/agents`, { name: 'X', adapterConfig: { env: { OPENAI_API_KEY: ref(foreign.id) } } });
  assert.ok(r.status === 422 || r.status === 400, r.text);
});

test('agent routes: bound key readable once per call with an access event; unbind -> 403', async () => {
  const agent = await agentWith({ OPENAI_API_KEY: ref(secret.id) });
  const token = await tokenFor(agent);
  const mine = await s.call('GET', '/api/agents/me/secrets', undefined, { token });
  assert.deepEqual(mine.body.secrets.map((x) => [x.key, x.delivery, x.secretRef]), [['openai', 'env', secret.id]]);
  assert.ok(!mine.text.includes(VALUE));
  const read = await s.call('POST', '/api/agents/me/secrets/openai/value', {}, { token });
  assert.deepEqual([read.status, read.body], [200, { key: 'openai', value: VALUE, version: 1 }]);
  assert.equal(read.headers.get('cache-control'), 'no-store');
  const events = await s.call('GET', `/api/secrets/${secret.id}/access-events`);
  const mineEvents = events.body.filter((e) => e.actorId === agent.id);
  assert.deepEqual(mineEvents.map((e) => [e.consumerType, e.configPath, e.outcome]), [['agent_api', 'env.OPENAI_API_KEY', 'success']]);
  assert.ok(!events.text.includes(VALUE));
  await s.call('PATCH', `/api/agents/${agent.id}`, { adapterConfig: { env: {} } });
  const denied = await s.call('POST', '/api/agents/me/secrets/openai/value', {}, { token });
  assert.deepEqual([denied.status, denied.body], [403, { error: 'Secret access is not granted for this agent' }]);
});

test('agent tokens: none, forged, or another agent\'s binding open nothing', async () => {
  const bound = await agentWith({ OPENAI_API_KEY: ref(secret.id) });
  const stranger = (await s.call('POST', `/api/companies/${other.id}/agents`, { name: 'Stranger' })).body;
  const token = await tokenFor(stranger);
  const r = await s.call('POST', '/api/agents/me/secrets/openai/value', {}, { token });
  assert.deepEqual([r.status, r.body], [403, { error: 'Secret access is not granted for this agent' }]);
  const forged = (await tokenFor(bound)).replace(/.$/, (c) => (c === '0' ? '1' : '0'));
  assert.equal((await s.call('GET', '/api/agents/me/secrets', undefined, { token: forged })).status, 401);
  assert.equal((await s.call('GET', '/api/agents/me/secrets', undefined, { token: null })).status, 401);
});

test('projects: env validated, redacted and bound', async () => {
  const p = await s.call('POST', `/api/companies/${company.id}/projects`, { name: 'Café ops', env: { OPENAI_API_KEY: ref(secret.id), MODE: 'fast' } });
  assert.equal(p.status, 201, p.text);
  assert.deepEqual(p.body.env.MODE, { type: 'plain', value: '***REDACTED***' });
  const usage = await s.call('GET', `/api/secrets/${secret.id}/usage`);
  const b = usage.body.bindings.find((x) => x.targetId === p.body.id);
  assert.equal(b.target.href, `/projects/caf-ops-${p.body.id.replace(/-/g, '').slice(0, 8)}`);
});

test('provider vaults: credential fields and non-origin addresses are 400 with zod details', async () => {
  const base = `/api/companies/${company.id}/secret-provider-configs`;
  const cred = await s.call('POST', base, { provider: 'aws_secrets_manager', displayName: 'AWS', config: { region: 'us-east-1', accessKeyId: 'AKIAEXAMPLE' } });
  assert.equal(cred.status, 400);
  assert.equal(cred.body.error, 'Validation error');
  assert.deepEqual(cred.body.details[0], { code: 'custom', path: ['config', 'accessKeyId'], message: 'Provider vault config cannot persist sensitive field: accessKeyId' });
  const addr = await s.call('POST', base, { provider: 'vault', displayName: 'V', config: { address: 'https://vault.example.com:8200/v1' } });
  assert.equal(addr.status, 400);
  assert.ok(addr.body.details.some((d) => d.path.join('.') === 'config.address'));
  const ok = await s.call('POST', base, { provider: 'vault', displayName: 'V', config: { address: 'https://Vault.Example.com:8200' } });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.config.address, 'https://vault.example.com:8200');
  assert.equal(ok.body.status, 'coming_soon');
  const def = await s.call('POST', `/api/secret-provider-configs/${ok.body.id}/default`, {});
  assert.equal(def.status, 422);
});

test('provider vaults: default swap, health, delete', async () => {
  const base = `/api/companies/${company.id}/secret-provider-configs`;
  const a = (await s.call('POST', base, { provider: 'aws_secrets_manager', displayName: 'A', config: { region: 'us-east-1' }, isDefault: true })).body;
  const b = (await s.call('POST', base, { provider: 'aws_secrets_manager', displayName: 'B', config: { region: 'eu-west-1' } })).body;
  const swapped = await s.call('POST', `/api/secret-provider-configs/${b.id}/default`, {});
  assert.equal(swapped.body.isDefault, true);
  assert.equal((await s.call('GET', `/api/secret-provider-configs/${a.id}`)).body.isDefault, false);
  const health = await s.call('POST', `/api/secret-provider-configs/${b.id}/health`, {});
  assert.equal(health.status, 200, health.text);
  const company_health = await s.call('GET', `/api/companies/${company.id}/secret-providers/health`);
  assert.equal(company_health.status, 200);
  assert.equal((await s.call('DELETE', `/api/secret-provider-configs/${a.id}`)).status, 200);
  assert.equal((await s.call('GET', `/api/secret-provider-configs/${a.id}`)).status, 404);
});

// POST /api/agents/:id/run-env: the pre-dispatch check of a run. Keys,
// layers and a pending manifest, never a value and no access event; a
// project overriding an agent secret needs no agent binding; rows deleted
// behind clasp's back give 422 with every missing binding.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServe } from './harness.mjs';

const VALUE = 'sk-http-runenv-VALUE-41d0';
const PROJECT_VALUE = 'sk-http-project-VALUE-8c2b';
let s;
let company;
let secret;
let other;

const ref = (id) => ({ type: 'secret_ref', secretId: id, version: 'latest' });

before(async () => {
  s = await startServe();
  company = (await s.call('POST', '/api/companies', { name: 'Acme' })).body;
  secret = (await s.call('POST', `/api/companies/${company.id}/secrets`, { name: 'OpenAI', value: VALUE })).body;
  other = (await s.call('POST', `/api/companies/${company.id}/secrets`, { name: 'Project key', value: PROJECT_VALUE })).body;
});
after(async () => { await s.stop(); });

test('a bound agent gets its manifest, with no value and no access event', async () => {
  const agent = (await s.call('POST', `/api/companies/${company.id}/agents`, {
    name: 'Coder', adapterConfig: { env: { OPENAI_API_KEY: ref(secret.id), MODE: 'fast-plain-value' } },
  })).body;
  const r = await s.call('POST', `/api/agents/${agent.id}/run-env`, {});
  assert.equal(r.status, 200, r.text);
  assert.ok(!r.text.includes(VALUE) && !r.text.includes('fast-plain-value'), r.text);
  assert.equal(r.body.ok, true);
  assert.deepEqual([r.body.companyId, r.body.agentId, r.body.projectId], [company.id, agent.id, null]);
  assert.deepEqual(r.body.env.map((e) => [e.key, e.source, e.layer]).sort(), [
    ['MODE', 'plain', 'agent'], ['OPENAI_API_KEY', 'secret', 'agent'], ['PAPERCLIP_AGENT_ID', 'plain', 'runtime'],
    ['PAPERCLIP_AGENT_NAME', 'plain', 'runtime'], ['PAPERCLIP_COMPANY_ID', 'plain', 'runtime'],
  ]);
  const usage = (await s.call('GET', `/api/secrets/${secret.id}/usage`)).body;
  const binding = usage.bindings.find((b) => b.targetId === agent.id);
  assert.deepEqual(r.body.manifest, [{
    configPath: 'env.OPENAI_API_KEY', envKey: 'OPENAI_API_KEY', secretId: secret.id, bindingId: binding.id,
    version: 1, provider: 'local_encrypted', outcome: 'pending',
  }]);
  assert.deepEqual(r.body.missingBindings, []);
  const events = await s.call('GET', `/api/secrets/${secret.id}/access-events`);
  assert.deepEqual([events.status, events.body], [200, []], 'the check wrote an access event');
});

test('the project wins a collision and the shadowed agent ref needs no binding; missing ones are 422', async () => {
  const agent = (await s.call('POST', `/api/companies/${company.id}/agents`, {
    name: 'Shadowed', adapterConfig: { env: { OPENAI_API_KEY: ref(secret.id) } },
  })).body;
  const project = (await s.call('POST', `/api/companies/${company.id}/projects`, {
    name: 'Site', env: { OPENAI_API_KEY: ref(other.id), REGION: 'eu' },
  })).body;
  s.sql(`DELETE FROM company_secret_bindings WHERE target_id = '${agent.id}'`);

  const ok = await s.call('POST', `/api/agents/${agent.id}/run-env`, { projectId: project.id });
  assert.equal(ok.status, 200, ok.text);
  const key = ok.body.env.find((e) => e.key === 'OPENAI_API_KEY');
  assert.deepEqual(key, { key: 'OPENAI_API_KEY', source: 'secret', layer: 'project', shadowed: ['agent'] });
  assert.deepEqual(ok.body.manifest.map((m) => [m.secretId, m.configPath]), [[other.id, 'env.OPENAI_API_KEY']]);
  assert.ok(ok.body.env.some((e) => e.key === 'PAPERCLIP_PROJECT_ID'));

  const alone = await s.call('POST', `/api/agents/${agent.id}/run-env`, { projectId: null });
  assert.equal(alone.status, 422, alone.text);
  assert.equal(alone.body.error, 'configuration incomplete: secret "OpenAI" not bound at agent env.OPENAI_API_KEY');
  assert.deepEqual(alone.body.missingBindings, [{
    consumerType: 'agent', consumerId: agent.id, configPath: 'env.OPENAI_API_KEY', envKey: 'OPENAI_API_KEY',
    bindingType: 'secret_ref', secretId: secret.id, secretName: 'OpenAI', boundSecretId: null,
    code: 'binding_missing', path: '/agent/OPENAI_API_KEY',
    message: `Secret is not bound to agent:${agent.id} at env.OPENAI_API_KEY`,
  }]);
  assert.deepEqual(alone.body.manifest, []);
  assert.ok(!alone.text.includes(VALUE) && !alone.text.includes(PROJECT_VALUE));
});

test('bad bodies and unknown targets', async () => {
  const agent = (await s.call('POST', `/api/companies/${company.id}/agents`, { name: 'Plain' })).body;
  const bad = await s.call('POST', `/api/agents/${agent.id}/run-env`, { projectId: 7 });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body, { error: 'Validation error', details: [{
    expected: 'string', code: 'invalid_type', path: ['projectId'], message: 'Invalid input: expected string, received number',
  }] });
  const guid = await s.call('POST', `/api/agents/${agent.id}/run-env`, { projectId: 'nope' });
  assert.equal(guid.status, 400);
  assert.equal(guid.body.details[0].message, 'Invalid GUID');
  const unknown = '00000000-0000-4000-8000-000000000000';
  assert.deepEqual((await s.call('POST', `/api/agents/${unknown}/run-env`, {})).body, { error: 'Agent not found' });
  assert.equal((await s.call('POST', `/api/agents/not-a-uuid/run-env`, {})).status, 404);
  const noProject = await s.call('POST', `/api/agents/${agent.id}/run-env`, { projectId: unknown });
  assert.deepEqual([noProject.status, noProject.body], [404, { error: 'Project not found' }]);
  const empty = await s.call('POST', `/api/agents/${agent.id}/run-env`, undefined, { raw: '', headers: { 'content-type': 'application/json' } });
  assert.equal(empty.status, 200, empty.text);
  assert.deepEqual(empty.body.env.map((e) => e.key), ['PAPERCLIP_AGENT_ID', 'PAPERCLIP_AGENT_NAME', 'PAPERCLIP_COMPANY_ID']);
  assert.equal((await s.call('GET', `/api/agents/${agent.id}/run-env`)).status, 405);
});

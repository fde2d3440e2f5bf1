// External references and remote import through `clasp serve`: an AWS
// external reference is created and fails to resolve with a provider error;
// remote-import/preview takes the ListSecrets page as "inventory";
// remote-import answers Paperclip's result shape; zod details for bad bodies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServe } from './harness.mjs';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api/OpenAI-Key-AbC123';
let s;
let company;
let vault;

before(async () => {
  s = await startServe();
  company = (await s.call('POST', '/api/companies', { name: 'Acme' })).body;
  vault = (await s.call('POST', `/api/companies/${company.id}/secret-provider-configs`,
    { provider: 'aws_secrets_manager', displayName: 'AWS', config: { region: 'us-east-1' } })).body;
});
after(async () => { assert.equal(await s.stop(), 0, 'serve exits 0 on SIGTERM'); });

test('an AWS external reference is stored as metadata; its vault health warns', async () => {
  const r = await s.call('POST', `/api/companies/${company.id}/secrets`, {
    name: 'Linked', provider: 'aws_secrets_manager', managedMode: 'external_reference',
    externalRef: ` ${ARN} `, providerVersionRef: 'v-1', providerConfigId: vault.id,
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.managedMode, 'external_reference');
  assert.equal(r.body.externalRef, ARN);
  const local = await s.call('POST', `/api/companies/${company.id}/secrets`,
    { name: 'L', managedMode: 'external_reference', externalRef: ARN });
  assert.equal(local.status, 400);
  assert.equal(local.body.error, 'local_encrypted does not support external reference secrets');
  const health = await s.call('POST', `/api/secret-provider-configs/${vault.id}/health`, {});
  assert.equal(health.body.status, 'warning');
  assert.equal(health.body.message,
    'aws_secrets_manager provider is available for external references but not configured for runtime resolution');
});

test('remote-import preview reads the inventory page; import re-checks conflicts', async () => {
  const base = `/api/companies/${company.id}/secrets/remote-import`;
  const inventory = { SecretList: [{ ARN, Name: 'prod/api/OpenAI-Key', Tags: [{ Key: 'owner', Value: 'ml' }] },
    { ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:team/db-x1', Name: '' }], NextToken: 'n2' };
  const p = await s.call('POST', `${base}/preview`, { providerConfigId: vault.id, pageSize: 50, inventory });
  assert.equal(p.status, 200, p.text);
  assert.deepEqual(p.body.candidates.map((c) => [c.name, c.status]), [['prod/api/OpenAI-Key', 'duplicate'], ['db-x1', 'ready']]);
  assert.equal(p.body.nextToken, 'n2');
  const none = await s.call('POST', `${base}/preview`, { providerConfigId: vault.id });
  assert.equal(none.status, 422);
  const bad = await s.call('POST', `${base}/preview`, { providerConfigId: vault.id, pageSize: 101 });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.details, [{ origin: 'number', code: 'too_big', maximum: 100, inclusive: true,
    path: ['pageSize'], message: 'Too big: expected number to be <=100' }]);
  const i = await s.call('POST', base, { providerConfigId: vault.id, secrets: [
    { externalRef: 'arn:aws:secretsmanager:us-east-1:1:secret:team/db-x1' },
    { externalRef: 'arn:aws:secretsmanager:us-east-1:1:secret:team/db-x1', name: 'other' }] });
  assert.equal(i.status, 200, i.text);
  assert.deepEqual([i.body.importedCount, i.body.skippedCount, i.body.errorCount], [1, 1, 0]);
  assert.equal(i.body.results[1].reason, 'exact_reference_duplicate');
  const empty = await s.call('POST', base, { providerConfigId: vault.id, secrets: [] });
  assert.equal(empty.status, 400);
  assert.equal(empty.body.details[0].message, 'Too small: expected array to have >=1 items');
  const unknown = await s.call('POST', base, { providerConfigId: '11111111-2222-4333-8444-555555555555', secrets: [{ externalRef: ARN }] });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error, 'Provider vault not found');
});

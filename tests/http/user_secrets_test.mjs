// User secret definitions over HTTP, as Paperclip's secrets router answers
// them: create, list (newest first, deleted ones left out), patch, delete,
// coverage; their statuses, texts and activity_log rows. Ids compare as
// PostgreSQL's uuid does: an upper-case id finds its row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServe } from './harness.mjs';

let s;
let company;

before(async () => {
  s = await startServe();
  company = (await s.call('POST', '/api/companies', { name: 'Acme' })).body;
});
after(async () => { await s.stop(); });

const defs = () => `/api/companies/${company.id}/user-secret-definitions`;

// The activity rows of one entity, oldest first, as "action actor_type:actor_id details".
function activity(entityId) {
  const out = s.sql(`SELECT action || ' ' || actor_type || ':' || actor_id || ' ' || CAST(details AS TEXT) FROM activity_log ` +
    `WHERE entity_id = '${entityId}' ORDER BY created_at, id`);
  return out.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('user_secret'));
}

test('create: 201 with every column, trimmed; duplicate key 409; activity row', async () => {
  const r = await s.call('POST', defs(), { key: ' github-token ', name: ' GitHub token ', usageGuidance: ' Use a PAT ' });
  assert.equal(r.status, 201, r.text);
  const d = r.body;
  assert.deepEqual(Object.keys(d), ['id', 'companyId', 'key', 'name', 'description', 'status', 'provider', 'managedMode',
    'providerConfigId', 'providerMetadata', 'usageGuidance', 'createdByAgentId', 'createdByUserId', 'updatedByAgentId',
    'updatedByUserId', 'deletedAt', 'createdAt', 'updatedAt']);
  assert.equal(d.companyId, company.id);
  assert.deepEqual([d.key, d.name, d.usageGuidance, d.description], ['github-token', 'GitHub token', 'Use a PAT', null]);
  assert.deepEqual([d.status, d.provider, d.managedMode, d.deletedAt], ['active', 'local_encrypted', 'paperclip_managed', null]);
  assert.deepEqual([d.createdByUserId, d.updatedByUserId, d.createdByAgentId], ['board', 'board', null]);
  const rows = activity(d.id);
  assert.equal(rows.length, 1, rows.join('\n'));
  assert.match(rows[0], /^user_secret_definition\.created user:board /);
  assert.deepEqual(JSON.parse(rows[0].slice(rows[0].indexOf('{'))), { key: 'github-token', provider: 'local_encrypted' });

  const dup = await s.call('POST', defs(), { key: 'github-token', name: 'Again' });
  assert.deepEqual([dup.status, dup.body], [409, { error: 'User secret definition already exists: github-token' }]);
});

test('schema failures are 400 Validation error with zod issues', async () => {
  const r = await s.call('POST', defs(), { key: 'a b', name: '   ', status: 'deleted' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error, 'Validation error');
  assert.deepEqual(r.body.details.map((i) => [i.path.join('.'), i.code, i.message]), [
    ['key', 'invalid_format', 'Invalid string: must match pattern /^[a-zA-Z0-9_.-]+$/'],
    ['name', 'too_small', 'Too small: expected string to have >=1 characters'],
    ['status', 'invalid_value', 'Invalid option: expected one of "active"|"disabled"|"archived"'],
  ]);
  const patch = await s.call('PATCH', `${defs()}/${randomUUID()}`, { usageGuidance: 5 });
  assert.equal(patch.status, 400);
  assert.deepEqual(patch.body.details.map((i) => [i.path.join('.'), i.message]),
    [['usageGuidance', 'Invalid input: expected string, received number']]);
});

test('unknown company 404; a vault that is not there 404', async () => {
  const none = await s.call('GET', `/api/companies/${randomUUID()}/user-secret-definitions`);
  assert.deepEqual([none.status, none.body], [404, { error: 'Company not found' }]);
  const vault = await s.call('POST', defs(), { key: 'with-vault', name: 'V', providerConfigId: randomUUID() });
  assert.deepEqual([vault.status, vault.body], [404, { error: 'Provider vault not found' }]);
});

test('list newest first; patch (upper-case id too), its activity; a missing id 404 with its text', async () => {
  const a = (await s.call('POST', defs(), { key: 'first-key', name: 'First' })).body;
  const b = (await s.call('POST', defs(), { key: 'second-key', name: 'Second', description: 'two' })).body;
  const list = await s.call('GET', defs());
  assert.equal(list.status, 200);
  const keys = list.body.map((d) => d.key);
  assert.ok(keys.indexOf('second-key') < keys.indexOf('first-key'), keys.join());

  const patched = await s.call('PATCH', `${defs()}/${a.id.toUpperCase()}`,
    { name: ' Renamed ', key: 'not-renamed', description: null, status: 'disabled', providerMetadata: { team: 'x' } });
  assert.equal(patched.status, 200, patched.text);
  assert.deepEqual([patched.body.id, patched.body.key, patched.body.name, patched.body.status],
    [a.id, 'first-key', 'Renamed', 'disabled']);
  assert.deepEqual(patched.body.providerMetadata, { team: 'x' });
  assert.equal(patched.body.createdAt, a.createdAt);
  const rows = activity(a.id);
  assert.match(rows.at(-1), /^user_secret_definition\.updated user:board /);
  assert.deepEqual(JSON.parse(rows.at(-1).slice(rows.at(-1).indexOf('{'))), { key: 'first-key', status: 'disabled' });
  const kept = await s.call('PATCH', `${defs()}/${b.id}`, { usageGuidance: 'u' });
  assert.equal(kept.body.description, 'two', 'absent fields stay');

  const ghost = randomUUID();
  const missing = await s.call('PATCH', `${defs()}/${ghost}`, { name: 'x' });
  assert.deepEqual([missing.status, missing.body],
    [404, { error: `User secret definition not found for definition id "${ghost}"` }]);
  const notUuid = await s.call('DELETE', `${defs()}/nope`);
  assert.deepEqual([notUuid.status, notUuid.body], [404, { error: 'User secret definition not found for definition id "nope"' }]);
});

test('coverage counts the active user members; delete marks it deleted and logs it; then 404', async () => {
  const d = (await s.call('POST', defs(), { key: 'covered', name: 'Covered' })).body;
  const membership = (principal, status) => s.sql(`INSERT INTO company_memberships (id, company_id, principal_type, ` +
    `principal_id, status, created_at, updated_at) VALUES ('${randomUUID()}', '${company.id}', 'user', '${principal}', ` +
    `'${status}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
  membership('board', 'active');
  membership('user-2', 'active');
  membership('user-3', 'suspended');
  const coverage = await s.call('GET', `${defs()}/${d.id}/coverage`);
  assert.deepEqual([coverage.status, coverage.body],
    [200, { definitionId: d.id, configuredCount: 0, inactiveCount: 0, missingCount: 2 }]);

  const removed = await s.call('DELETE', `${defs()}/${d.id}`);
  assert.deepEqual([removed.status, removed.body], [200, { ok: true }]);
  const row = s.sql(`SELECT key || '|' || status || '|' || (deleted_at IS NOT NULL) FROM user_secret_definitions WHERE id = '${d.id}'`);
  assert.ok(row.includes(`covered__deleted__${d.id}|deleted|`), row);
  const rows = activity(d.id);
  assert.match(rows.at(-1), /^user_secret_definition\.deleted user:board /);
  assert.deepEqual(JSON.parse(rows.at(-1).slice(rows.at(-1).indexOf('{'))), { key: `covered__deleted__${d.id}` });
  assert.ok(!(await s.call('GET', defs())).body.some((x) => x.id === d.id), 'a deleted definition is not listed');
  const again = await s.call('DELETE', `${defs()}/${d.id}`);
  assert.equal(again.status, 404);
  const gone = await s.call('GET', `${defs()}/${d.id}/coverage`);
  assert.deepEqual([gone.status, gone.body], [404, { error: `User secret definition not found for definition id "${d.id}"` }]);

  // PATCH status "deleted" is the delete, and its row says so with the status.
  const p = (await s.call('POST', defs(), { key: 'patched-away', name: 'P' })).body;
  const viaPatch = await s.call('PATCH', `${defs()}/${p.id}`, { status: 'deleted' });
  assert.deepEqual([viaPatch.status, viaPatch.body.status, viaPatch.body.key], [200, 'deleted', `patched-away__deleted__${p.id}`]);
  const last = activity(p.id).at(-1);
  assert.deepEqual(JSON.parse(last.slice(last.indexOf('{'))), { key: `patched-away__deleted__${p.id}`, status: 'deleted' });
  // The key is free again.
  const reused = await s.call('POST', defs(), { key: 'patched-away', name: 'P2' });
  assert.equal(reused.status, 201, reused.text);
});

const mine = () => `/api/companies/${company.id}/me/user-secrets`;
const VALUE = 'ghp_' + 'u'.repeat(30) + '-user-7731';

test('my values: create (sealed, never returned), list with definitions, rotate, patch, delete; activity rows', async () => {
  const d = (await s.call('POST', defs(), { key: 'personal-token', name: 'Personal token', description: 'mine' })).body;
  const created = await s.call('POST', mine(), { definitionKey: 'personal-token', value: VALUE });
  assert.equal(created.status, 201, created.text);
  const v = created.body;
  assert.ok(!created.text.includes(VALUE), 'no value in the answer');
  assert.deepEqual([v.scope, v.ownerUserId, v.userSecretDefinitionId, v.status, v.latestVersion, v.provider],
    ['user', 'board', d.id, 'active', 1, 'local_encrypted']);
  assert.match(v.key, new RegExp(`^user\\.personal-token\\.[0-9a-f-]{36}$`));
  assert.deepEqual([v.name, v.description], ['Personal token (board)', 'mine']);
  const material = s.sql(`SELECT CAST(material AS TEXT) FROM company_secret_versions WHERE secret_id = '${v.id}'`);
  assert.ok(material.includes('aes-256-gcm') || material.includes('ciphertext'), material);
  assert.ok(!material.includes(VALUE), 'stored sealed');

  const again = await s.call('POST', mine(), { definitionId: d.id.toUpperCase(), value: VALUE });
  assert.deepEqual([again.status, again.body], [409, { error: 'User secret value already exists' }]);
  const noKey = await s.call('POST', mine(), { definitionKey: 'nobody', value: 'x' });
  assert.deepEqual([noKey.status, noKey.body], [404, { error: 'User secret definition not found for definition key "nobody"' }]);
  const bad = await s.call('POST', mine(), {});
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.details.map((i) => [i.path.join('.'), i.message]), [
    ['definitionId', 'User secret value requires definitionId or definitionKey'],
    ['value', 'User secret value requires value or externalRef'],
  ]);
  const ext = await s.call('POST', mine(), { definitionKey: 'personal-token', externalRef: 'arn:x' });
  assert.equal(ext.status, 409, 'the duplicate check comes before the mode rules');

  const list = await s.call('GET', mine());
  assert.equal(list.status, 200);
  const entry = list.body.find((e) => e.definition.id === d.id);
  assert.equal(entry.secret.id, v.id);
  assert.ok(list.body.some((e) => e.secret === null), 'definitions without a value are listed with secret null');
  assert.ok(!list.text.includes(VALUE));

  const rotated = await s.call('POST', `${mine()}/${v.id}/rotate`, { value: VALUE + '-2' });
  assert.equal(rotated.status, 200, rotated.text);
  assert.equal(rotated.body.latestVersion, 2);
  assert.ok(!rotated.text.includes(VALUE));
  const emptyRotate = await s.call('POST', `${mine()}/${v.id}/rotate`, {});
  assert.deepEqual(emptyRotate.body.details.map((i) => i.message),
    ['Secret rotation requires value, externalRef, providerVersionRef, or providerConfigId']);

  const disabled = await s.call('PATCH', `${mine()}/${v.id.toUpperCase()}`, { status: 'disabled' });
  assert.deepEqual([disabled.status, disabled.body.status], [200, 'disabled']);
  const coverage = (await s.call('GET', `${defs()}/${d.id}/coverage`)).body;
  assert.deepEqual([coverage.configuredCount, coverage.inactiveCount, coverage.missingCount], [0, 1, 1]);

  const ghost = await s.call('PATCH', `${mine()}/${randomUUID()}`, { status: 'active' });
  assert.deepEqual([ghost.status, ghost.body], [404, { error: 'User secret value not found' }]);
  const removed = await s.call('DELETE', `${mine()}/${v.id}`);
  assert.deepEqual([removed.status, removed.body], [200, { ok: true }]);
  assert.equal((await s.call('DELETE', `${mine()}/${v.id}`)).status, 404);

  const rows = activity(v.id);
  assert.deepEqual(rows.map((r) => r.split(' ').slice(0, 2).join(' ')), [
    'user_secret_value.created user:board', 'user_secret_value.rotated user:board',
    'user_secret_value.updated user:board', 'user_secret_value.deleted user:board']);
  const details = rows.map((r) => JSON.parse(r.slice(r.indexOf('{'))));
  assert.deepEqual(details, [
    { userSecretDefinitionId: d.id, ownerUserId: 'board', provider: 'local_encrypted' },
    { userSecretDefinitionId: d.id, ownerUserId: 'board', version: 2 },
    { userSecretDefinitionId: d.id, ownerUserId: 'board', status: 'disabled' },
    { userSecretDefinitionId: d.id, ownerUserId: 'board' }]);
  assert.ok(!rows.join('\n').includes(VALUE), 'no value in activity');
});

test('deleting a definition deletes every user value of it', async () => {
  const d = (await s.call('POST', defs(), { key: 'cascade', name: 'Cascade' })).body;
  const v = (await s.call('POST', mine(), { definitionId: d.id, value: VALUE })).body;
  assert.equal((await s.call('DELETE', `${defs()}/${d.id}`)).status, 200);
  const left = s.sql(`SELECT count(*) FROM company_secrets WHERE id = '${v.id}'`);
  assert.match(left, /\b0\b/);
  const rotate = await s.call('POST', `${mine()}/${v.id}/rotate`, { value: 'x' });
  assert.deepEqual([rotate.status, rotate.body], [404, { error: 'User secret value not found' }]);
});

test('ids compare as PostgreSQL uuids: an upper-case vault id sets the default', async () => {
  const base = `/api/companies/${company.id}/secret-provider-configs`;
  const vault = (await s.call('POST', base, { provider: 'aws_secrets_manager', displayName: 'Upper', config: { region: 'us-east-1' } })).body;
  const r = await s.call('POST', `/api/secret-provider-configs/${vault.id.toUpperCase()}/default`, {});
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.body.id, r.body.isDefault], [vault.id, true]);
  const got = await s.call('GET', `/api/secret-provider-configs/${vault.id.toUpperCase()}`);
  assert.equal(got.body.id, vault.id);
  const company2 = await s.call('GET', `/api/companies/${company.id.toUpperCase()}`);
  assert.equal(company2.body.id, company.id);
});

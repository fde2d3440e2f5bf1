// AWS Secrets Manager through `clasp serve` against moto_server
// (CLASP_TEST_AWS_ENDPOINT, started by scripts/test.sh): an external
// reference resolves through the agent value route with GetSecretValue
// (AWSCURRENT, or its pinned providerVersionRef), follows an out-of-band
// rotation in AWS, writes the same access event as a local secret, and a
// secret gone from AWS fails with Paperclip's not_found text and a
// provider_error event. No credential reaches a response or the log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startServe } from './harness.mjs';

const ENDPOINT = process.env.CLASP_TEST_AWS_ENDPOINT;
const skip = ENDPOINT ? false : 'SKIPPED: moto_server is absent (CLASP_TEST_AWS_ENDPOINT is not set)';
const KEY_ID = 'AKIACLASPHTTP' + randomBytes(4).toString('hex').toUpperCase();
const SECRET_KEY = 'clasp-http-secret-key-' + randomBytes(12).toString('hex');
const V1 = 'sk-aws-http-v1-' + randomBytes(6).toString('hex');
const V2 = 'sk-aws-http-v2-' + randomBytes(6).toString('hex');

// One Secrets Manager call through boto3 (preinstalled with moto).
function aws(operation, params) {
  const script = `
import boto3, json, sys
c = boto3.client("secretsmanager", region_name="us-east-1", endpoint_url=sys.argv[1],
                 aws_access_key_id="testing", aws_secret_access_key="testing")
out = getattr(c, sys.argv[2])(**json.loads(sys.argv[3]))
out.pop("ResponseMetadata", None)
print(json.dumps(out, default=str))`;
  return JSON.parse(execFileSync('python3', ['-c', script, ENDPOINT, operation, JSON.stringify(params)]).toString());
}

let s;
let company;
let vault;

before(async () => {
  if (skip) return;
  s = await startServe({ env: { PAPERCLIP_SECRETS_AWS_ENDPOINT: ENDPOINT, AWS_ACCESS_KEY_ID: KEY_ID,
    AWS_SECRET_ACCESS_KEY: SECRET_KEY } });
  company = (await s.call('POST', '/api/companies', { name: 'Acme' })).body;
  vault = (await s.call('POST', `/api/companies/${company.id}/secret-provider-configs`,
    { provider: 'aws_secrets_manager', displayName: 'AWS', config: { region: 'us-east-1' } })).body;
});
after(async () => {
  if (skip) return;
  const log = s.log();
  assert.equal(await s.stop(), 0);
  for (const text of [SECRET_KEY, V1, V2]) assert.ok(!log.includes(text), 'a credential or value reached the log');
});

async function linkAndBind(name, externalRef, providerVersionRef) {
  const secret = await s.call('POST', `/api/companies/${company.id}/secrets`, {
    name, provider: 'aws_secrets_manager', managedMode: 'external_reference', externalRef,
    ...(providerVersionRef ? { providerVersionRef } : {}), providerConfigId: vault.id,
  });
  assert.equal(secret.status, 201, secret.text);
  const env = { API_KEY: { type: 'secret_ref', secretId: secret.body.id, version: 'latest' } };
  const agent = await s.call('POST', `/api/companies/${company.id}/agents`, { name: `${name} agent`, adapterConfig: { env } });
  assert.equal(agent.status, 201, agent.text);
  const key = await s.call('POST', `/api/agents/${agent.body.id}/keys`, {});
  assert.equal(key.status, 201, key.text);
  const read = () => s.call('POST', `/api/agents/me/secrets/${secret.body.key}/value`, {}, { token: key.body.token });
  return { secret: secret.body, agent: agent.body, read };
}

test('an external reference resolves AWSCURRENT, follows a rotation in AWS, and records the access', { skip }, async () => {
  const created = aws('create_secret', { Name: `team/http-${randomBytes(4).toString('hex')}`, SecretString: V1 });
  const { secret, agent, read } = await linkAndBind('Linked', created.ARN);
  const first = await read();
  assert.equal(first.status, 200, first.text);
  assert.ok(first.text.includes(V1), first.text);
  aws('put_secret_value', { SecretId: created.ARN, SecretString: V2 });
  const second = await read();
  assert.equal(second.status, 200, second.text);
  assert.ok(second.text.includes(V2) && !second.text.includes(V1), second.text);
  const events = (await s.call('GET', `/api/secrets/${secret.id}/access-events`)).body;
  assert.equal(events.length, 2);
  assert.deepEqual(events.map((e) => [e.outcome, e.provider, e.consumerId, e.errorCode]),
    [['success', 'aws_secrets_manager', agent.id, null], ['success', 'aws_secrets_manager', agent.id, null]]);
  for (const r of [first, second]) assert.ok(!r.text.includes(SECRET_KEY) && !r.text.includes(KEY_ID));
});

test('a pinned providerVersionRef keeps resolving that version', { skip }, async () => {
  const created = aws('create_secret', { Name: `team/pinned-${randomBytes(4).toString('hex')}`, SecretString: V1 });
  aws('put_secret_value', { SecretId: created.ARN, SecretString: V2 });
  const { read } = await linkAndBind('Pinned', created.ARN, created.VersionId);
  const r = await read();
  assert.equal(r.status, 200, r.text);
  assert.ok(r.text.includes(V1) && !r.text.includes(V2), r.text);
});

test('a secret gone from AWS fails with Paperclip text and a provider_error event', { skip }, async () => {
  const created = aws('create_secret', { Name: `team/gone-${randomBytes(4).toString('hex')}`, SecretString: V1 });
  const { secret, read } = await linkAndBind('Gone', created.ARN);
  aws('delete_secret', { SecretId: created.ARN, ForceDeleteWithoutRecovery: true });
  const r = await read();
  assert.equal(r.status, 404, r.text);
  assert.equal(r.body.error, 'AWS Secrets Manager could not find the requested secret.');
  assert.ok(!r.text.includes(created.ARN));
  const events = (await s.call('GET', `/api/secrets/${secret.id}/access-events`)).body;
  assert.deepEqual(events.map((e) => [e.outcome, e.errorCode]), [['failure', 'provider_error']]);
});

// Seed corpora for the fuzz targets, from the shared conformance vectors:
// node tests/fuzz/seeds.mjs SHARED_CONFORMANCE_DIR OUT_DIR writes
// OUT_DIR/<target>/<n> files in each target's input format (see its source).
// Prints how many seeds each target got; a missing vector folder gives none.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [conformanceDir, outDir] = process.argv.slice(2);
const load = (family) => {
  const file = join(conformanceDir, `${family}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).map((c) => c.input) : [];
};
const json = (v) => Buffer.from(JSON.stringify(v));
const withByte = (b, buf) => Buffer.concat([Buffer.from([b]), buf]);

const envMaps = load('env_bindings').flatMap((i) => (i.env !== undefined ? [i.env] : i.binding !== undefined ? [{ [i.key]: i.binding }] : []));
const bindings = [...load('env_bindings'), ...load('strict_mode')].filter((i) => i.binding !== undefined).map((i) => i.binding);
const keys = load('sensitive_keys').map((i) => i.key);
const configs = load('credential_aliases');
const providers = ['local_encrypted', 'aws_secrets_manager', 'gcp_secret_manager', 'vault'];

const seeds = {
  fuzz_env_map: envMaps.flatMap((env) => [withByte(0, json(env)), withByte(1, json(env)), withByte(3, json(env))]),
  fuzz_env_binding: bindings.map(json),
  fuzz_sensitive_patterns: keys.map((k, i) => withByte(i % 3, Buffer.from(`${i % 2 ? '(?i)token$' : 'pass'}\0${k}`))),
  fuzz_vault_address: load('vault_urls').filter((i) => typeof i.address === 'string').map((i) => Buffer.from(i.address)),
  fuzz_master_key: load('master_key').flatMap((i) => [i.raw, i.value].filter((v) => typeof v === 'string')).map((v) => Buffer.from(v)),
  fuzz_vault_config: configs.map((i) => withByte(Math.max(0, providers.indexOf(i.provider)), json(i.config))),
  fuzz_binding_diff: load('binding_diff').map(json),
  fuzz_json_parse: [...envMaps, ...configs.map((i) => i.config), ...load('binding_diff')].map(json).concat(
    ['-0', '-0.0', '1E2', '18446744073709551616', '-9223372036854775809', '1e400', '"\\ud83d\\ude00\\u00e9\\/"', '{"a":1,"a":[true,null]}',
     '\ufeff[ 1 , 2.5e-3 ]', `{${Array.from({ length: 24 }, (_, i) => `"k${i % 20}":${i}`).join(',')}}`].map((t) => Buffer.from(t))),
  fuzz_request_body: [
    { name: 'OpenAI', value: 'sk-1' }, { name: 'R', managedMode: 'external_reference', externalRef: 'arn:x' },
    { value: 'sk-2' }, { providerVersionRef: '' }, { description: null, key: ' K ' }, { status: 'gone' }, [],
  ].map(json),
  // [count - 1, chunk seed, (length - 4, value) per value, text]: masker.h's own examples.
  fuzz_masker: [
    [['sk-live-1234'], 'token=sk-live-1234 Basic dXNlcjpzay1saXZlLTEyMzQ= c2stbGl2ZS0xMjM0 736b2d6c6976652d31323334'],
    [['abcdefgh', 'fghijklm'], 'abcdefghijklm fghijklm abcdefgh'],
    [['p@ss w/"x"\n', 'aaaaaa'], '?pw=p%40ss%20w%2F%22x%22%0A {"pw":"p@ss w\\/\\"x\\"\\n"} baaaaaaaaaab'],
  ].map(([values, text], i) => Buffer.concat([Buffer.from([values.length - 1, 7 + 13 * i]),
    ...values.map((v) => Buffer.concat([Buffer.from([Buffer.byteLength(v) - 4]), Buffer.from(v)])), Buffer.from(text)])),
};

for (const [target, list] of Object.entries(seeds)) {
  const dir = join(outDir, target);
  mkdirSync(dir, { recursive: true });
  list.forEach((buf, i) => writeFileSync(join(dir, `seed-${i}`), buf));
  console.log(`${target}: ${list.length} seeds`);
}

// Native <-> WASM differential fuzzing: the same inputs go to
// build/native/bin/clasp-conformance and to wasm/conformance.mjs in batches,
// and the run stops at the first case whose --json output differs.
//
//   node tests/fuzz/differential.mjs [--cases N] [--seed S] [--corpus DIR]
//
// Inputs come from two sources, interleaved per batch:
//   - the libFuzzer corpora (build/fuzz/corpus/<target>/, grown by
//     scripts/fuzz.sh), each file turned into its family's input shape, so the
//     inputs that reached new core paths natively are replayed through WASM;
//   - structural mutations of the seeded generators' inputs (strings cut,
//     flipped, padded with Unicode and control characters; values retyped,
//     dropped, duplicated and nested).
// On a difference the case is written to build/fuzz/differential-failure.json
// and the exit status is 1. The last line is "N passed, 0 failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { FAMILY_INPUTS, PROVIDERS, rng } from '../wasm/generators.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const totalCases = Number(arg('cases', 100000));
const seed = Number(arg('seed', 20261203));
const corpusDir = arg('corpus', join(root, 'build', 'fuzz', 'corpus'));
const nativeRunner = process.env.CLASP_NATIVE_RUNNER ?? join(root, 'build', 'native', 'bin', 'clasp-conformance');
const wasmRunner = join(root, 'wasm', 'conformance.mjs');
const BATCH = 40000;

// A corpus file's bytes -> its family's input (the target's format is
// described in tests/fuzz/<target>.cpp).
const utf8 = (buf) => buf.toString('utf8');
// clasp's JSON reader refuses a whole vector file that holds a lone
// surrogate escape or nests past 64 levels (the case wrapper adds 3), both of
// which JSON.parse accepts: corpus values that deep are left out, and lone
// surrogates (a generator may cut a string inside a pair) become U+FFFD.
const depth = (v) => (v && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0);
const wellFormed = (v) => JSON.parse(JSON.stringify(v).replace(/(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/gi, '$1\\ufffd'));
const parsed = (buf) => {
  try {
    const v = JSON.parse(utf8(buf));
    return depth(v) <= 58 ? v : undefined;
  } catch {
    return undefined;
  }
};
const CORPUS_FAMILIES = {
  fuzz_vault_address: (b) => ['vault_urls', { address: utf8(b) }],
  fuzz_master_key: (b) => ['master_key', { raw: utf8(b) }],
  fuzz_sensitive_patterns: (b) => ['sensitive_keys', { key: utf8(b.subarray(b.indexOf(0) + 1)) }],
  fuzz_env_binding: (b) => { const v = parsed(b); return v === undefined ? null : ['env_bindings', { key: 'FUZZ_KEY', binding: v }]; },
  fuzz_env_map: (b) => ['env_bindings', { env_json: utf8(b.subarray(1)) }],
  fuzz_vault_config: (b) => {
    const v = parsed(b.subarray(1));
    return v === undefined ? null : ['credential_aliases', { provider: PROVIDERS[b[0] % PROVIDERS.length], config: v }];
  },
  fuzz_binding_diff: (b) => { const v = parsed(b); return v === undefined ? null : ['binding_diff', v]; },
};

function corpusInputs() {
  const out = [];
  for (const [target, toInput] of Object.entries(CORPUS_FAMILIES)) {
    const dir = join(corpusDir, target);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const input = toInput(readFileSync(join(dir, name)));
      if (input) out.push(input);
    }
  }
  return out;
}

// JSON cannot carry a lone surrogate (the runners refuse the whole file), so
// every mutated string is made well-formed; U+10FFFF stands in for them.
const NASTY = ['', '\u0000', '\t', ' ', '\u00a0', '\ufeff', '\u212a', '\u017f', '\u0130', 'ß', '\u{10ffff}', '%', '\\', '/', '@', '#', '?',
  ':', '.', '..', 'xn--', '\u200d', '\u0301', 'İ', 'Σ', '__proto__', 'constructor', '***REDACTED***', '-1', '1e400', '9007199254740993'];

const mutateString = (r, s) => mutateChars(r, s).toWellFormed();

function mutateChars(r, s) {
  const chars = [...s];
  switch (r.int(6)) {
    case 0: return chars.slice(0, r.int(chars.length + 1)).join('');
    case 1: { const i = r.int(chars.length + 1); chars.splice(i, 0, r.pick(NASTY)); return chars.join(''); }
    case 2: return chars.length ? chars.map((c, i) => (i === r.int(chars.length) ? String.fromCharCode(c.charCodeAt(0) ^ (1 << r.int(7))) : c)).join('') : r.pick(NASTY);
    case 3: return s.toUpperCase();
    case 4: return r.pick(NASTY) + s + r.pick(NASTY);
    default: return s + s;
  }
}

function mutateValue(r, v, depth = 0) {
  if (depth > 6 || r.chance(0.15)) {
    return r.pick([null, true, 0, -1, 1.5, '', [], {}, 'x', typeof v === 'string' ? mutateString(r, v) : v]);
  }
  if (typeof v === 'string') return mutateString(r, v);
  if (Array.isArray(v)) {
    const copy = v.map((x) => (r.chance(0.3) ? mutateValue(r, x, depth + 1) : x));
    if (copy.length && r.chance(0.2)) copy.splice(r.int(copy.length), 1);
    if (copy.length && r.chance(0.2)) copy.push(copy[r.int(copy.length)]);
    return copy;
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    const out = {};
    for (const [k, x] of entries) {
      if (r.chance(0.08)) continue;
      const key = r.chance(0.08) ? mutateString(r, k) : k;
      out[key] = r.chance(0.35) ? mutateValue(r, x, depth + 1) : x;
    }
    if (r.chance(0.1)) out[r.pick(NASTY) || 'extra'] = r.pick(['v', 1, null, { nested: 'x' }]);
    if (r.chance(0.05)) return [out];
    return out;
  }
  return r.pick([null, true, 0, 'x', v]);
}

function runner(cmd, args) {
  const res = spawnSync(cmd, args, { maxBuffer: 1 << 30, encoding: 'utf8' });
  if (res.error) throw res.error;
  return res;
}

function compareBatch(dir, batch, index) {
  const byFamily = new Map();
  for (const [family, input] of batch) {
    if (!byFamily.has(family)) byFamily.set(family, []);
    byFamily.get(family).push(input);
  }
  const files = [];
  for (const [family, inputs] of byFamily) {
    const file = join(dir, `${family}.json`);
    writeFileSync(file, JSON.stringify(inputs.map((input, i) => ({ name: `b${index}-${i}`, input, expect: {} }))));
    files.push(file);
  }
  const native = runner(nativeRunner, ['--json', ...files]);
  const wasm = runner(process.execPath, ['--no-experimental-fetch', wasmRunner, '--json', ...files]);
  // Every case's expectation is {}, so anything but exit 0 means a file was
  // not evaluated: a harness bug, never a silent pass.
  if (native.status !== 0 || wasm.status !== 0) throw new Error(`a runner failed:\n${native.stderr}\n${wasm.stderr}`);
  if (native.stdout === wasm.stdout) return null;
  const a = JSON.parse(native.stdout);
  const b = JSON.parse(wasm.stdout);
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if (JSON.stringify(a[i]) === JSON.stringify(b[i])) continue;
    const entry = a[i] ?? b[i];
    const family = entry.file.replace(/\.json$/, '');
    const input = byFamily.get(family)[Number(entry.name.split('-')[1])];
    return { family, input, native: a[i], wasm: b[i] };
  }
  return { note: 'outputs differ only in formatting' };
}

if (!existsSync(nativeRunner)) {
  console.error(`native runner not found at ${nativeRunner} (scripts/build.sh builds it)`);
  process.exit(2);
}
const r = rng(seed);
const families = Object.keys(FAMILY_INPUTS);
const fromCorpus = corpusInputs();
const dir = mkdtempSync(join(tmpdir(), 'clasp-difffuzz-'));
let done = 0;
let corpusAt = 0;
try {
  for (let index = 0; done < totalCases; index += 1) {
    const size = Math.min(BATCH, totalCases - done);
    const batch = [];
    while (batch.length < size && corpusAt < fromCorpus.length) batch.push(fromCorpus[corpusAt++]);
    while (batch.length < size) {
      const family = families[r.int(families.length)];
      const input = FAMILY_INPUTS[family](r);
      batch.push([family, r.chance(0.75) ? mutateValue(r, input) : input]);
    }
    const difference = compareBatch(dir, batch.map(([family, input]) => [family, wellFormed(input)]), index);
    if (difference) {
      mkdirSync(join(root, 'build', 'fuzz'), { recursive: true });
      const file = join(root, 'build', 'fuzz', 'differential-failure.json');
      writeFileSync(file, JSON.stringify(difference, null, 2));
      console.error(`native and WASM differ (kept in ${file}):\n${JSON.stringify(difference)}`);
      console.log(`${done} passed, 1 failed`);
      process.exit(1);
    }
    done += batch.length;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`# ${fromCorpus.length} inputs from the libFuzzer corpora, ${done - Math.min(done, fromCorpus.length)} generator inputs (3 in 4 mutated), seed ${seed}`);
console.log(`${done} passed, 0 failed`);

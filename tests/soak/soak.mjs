// Load and soak for `clasp serve` (issue 7), loopback only and bounded in time:
//
//   node tests/soak/soak.mjs --store sqlite|postgresql [--seconds 300] [--connections 64] [--fault]
//
// wrk drives bench/http/mixed.lua (agent resolves, PATCHes that flip a binding
// on and off, secret lists) at --connections for --seconds while
// `clasp bindings check` runs in a loop against the same store. With --fault
// (PostgreSQL) the database server is killed and restarted half way through.
// Afterwards a 10 s wrk run must be clean (the server recovered), a last
// bindings check must find nothing, and every agent's env must agree with its
// binding rows. Prints one JSON summary; exits 1 on any unintended error.
//
// Env: CLASP_BIN, CLASP_TEST_DATABASE_URL and CLASP_PG_TEST_DIR (PostgreSQL).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServe } from '../http/harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const store = arg('store', 'sqlite');
const seconds = Number(arg('seconds', 300));
const connections = Number(arg('connections', 64));
const fault = process.argv.includes('--fault');
const AGENTS = 32;
process.env.CLASP_HTTP_STORE = store;

const ref = (id) => ({ type: 'secret_ref', secretId: id });
const run = (cmd, args, options = {}) => spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });

function wrk(s, setup, duration) {
  return new Promise((done, fail) => {
    const child = spawn('wrk', ['-t2', `-c${connections}`, `-d${duration}s`, '--timeout', '10s', '-s', join(root, 'bench/http/mixed.lua'), s.url], {
      env: { ...process.env, ...setup },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => (code === 0 ? done(JSON.parse(out.trim().split('\n').pop())) : fail(new Error(`wrk exited ${code}`))));
  });
}

function bindingsCheck(s) {
  const source = s.store === 'postgresql' ? ['--database-url', s.databaseUrl()] : ['--home', s.home];
  const r = run(process.env.CLASP_BIN, ['bindings', 'check', ...source, '--json'], { env: { PATH: process.env.PATH, HOME: s.home } });
  let findings = null;
  try { findings = JSON.parse(r.stdout).findings.length; } catch { /* reported through the status */ }
  return { status: r.status, findings, stderr: r.stderr.trim().slice(0, 300) };
}

const s = await startServe();
const summary = { store, seconds, connections, fault, agents: AGENTS };
let failed = false;
try {
  const company = (await s.call('POST', '/api/companies', { name: 'Soak Co' })).body;
  const alpha = (await s.call('POST', `/api/companies/${company.id}/secrets`, { name: 'alpha', value: 'soak-alpha-value-0001' })).body;
  const beta = (await s.call('POST', `/api/companies/${company.id}/secrets`, { name: 'beta', value: 'soak-beta-value-0002' })).body;
  const agents = [];
  const tokens = [];
  for (let i = 0; i < AGENTS; i += 1) {
    const env = { ALPHA_API_KEY: ref(alpha.id), BETA_TOKEN: ref(beta.id), LOG_LEVEL: 'info' };
    const agent = (await s.call('POST', `/api/companies/${company.id}/agents`, { name: `Soak ${i}`, adapterConfig: { env } })).body;
    agents.push(agent.id);
    tokens.push((await s.call('POST', `/api/agents/${agent.id}/keys`, {})).body.token);
  }
  const setup = { TOKENS: tokens.join(','), AGENTS: agents.join(','), COMPANY: company.id, ALPHA: alpha.id, BETA: beta.id };

  const checks = [];
  let loading = true;
  const checker = (async () => {
    while (loading) {
      checks.push(bindingsCheck(s));
      await new Promise((r) => setTimeout(r, 2000));
    }
  })();
  let restart = null;
  if (fault) {
    restart = new Promise((r) => setTimeout(() => {
      const started = Date.now();
      const res = run(join(root, 'scripts/pg_test_server.sh'), ['restart']);
      r({ status: res.status, seconds: (Date.now() - started) / 1000 });
    }, (seconds / 2) * 1000));
  }
  summary.load = await wrk(s, setup, seconds);
  loading = false;
  await checker;
  if (restart) summary.restart = await restart;
  summary.recovery = await wrk(s, setup, 10);
  summary.checks = { runs: checks.length, clean: checks.filter((c) => c.status === 0).length,
    failures: checks.filter((c) => c.status !== 0).slice(0, 3) };
  summary.final_check = bindingsCheck(s);

  // Every agent's env and its binding rows agree after the load.
  let mismatched = 0;
  for (const id of agents) {
    const env = (await s.call('GET', `/api/agents/${id}`)).body.adapterConfig.env;
    for (const secret of [alpha, beta]) {
      const inEnv = Object.values(env).some((b) => b.type === 'secret_ref' && b.secretId === secret.id);
      const usage = (await s.call('GET', `/api/secrets/${secret.id}/usage`)).body.bindings.filter((b) => b.targetId === id);
      if (inEnv !== (usage.length === 1)) mismatched += 1;
    }
  }
  summary.mismatched_agents = mismatched;
  summary.server_log_holds_values = s.log().includes('soak-alpha-value') || s.log().includes('soak-beta-value');

  // 403: the PATCHes dropped the binding; 409: they re-created it between the
  // grant lookup and the read (retry); 503: storage busy past its budget (retry).
  const unintended = (w) => Object.entries(w.statuses).filter(([code]) => !['200', '201', '403', '409', '503'].includes(code))
    .reduce((n, [, c]) => n + c, 0) + w.socket_errors;
  summary.load_unintended = unintended(summary.load);
  summary.recovery_unintended = unintended(summary.recovery);
  failed = summary.recovery_unintended > 0 || summary.final_check.status !== 0 || mismatched > 0 ||
    summary.server_log_holds_values || (!fault && (summary.load_unintended > 0 || summary.checks.clean !== summary.checks.runs));
} finally {
  summary.server_exit = await s.stop();
}
console.log(JSON.stringify(summary));
process.exit(failed || summary.server_exit !== 0 ? 1 : 0);

// Starts `clasp serve` on a random loopback port with a throwaway home (and,
// for PostgreSQL, a throwaway database) and talks to it with fetch.
//
// Environment: CLASP_BIN (the clasp executable), CLASP_HTTP_STORE
// ("sqlite" default | "postgresql"), CLASP_TEST_DATABASE_URL (PostgreSQL
// server; a new database is created per server).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const BOARD_TOKEN = 'board-token-' + randomBytes(12).toString('hex');

function withDatabase(url, db) {
  const u = new URL(url);
  u.pathname = '/' + db;
  return u.toString();
}

function createDatabase() {
  const server = process.env.CLASP_TEST_DATABASE_URL;
  if (!server) throw new Error('CLASP_HTTP_STORE=postgresql needs CLASP_TEST_DATABASE_URL');
  const name = 'clasp_http_' + randomBytes(6).toString('hex');
  execFileSync('psql', [server, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`]);
  return { url: withDatabase(server, name), drop: () => execFileSync('psql', [server, '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]) };
}

// Resolves once the server printed its URL; rejects if it exits first.
export async function startServe({ mode = 'local_trusted', env = {}, args = [] } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'clasp-http-'));
  const store = process.env.CLASP_HTTP_STORE ?? 'sqlite';
  const db = store === 'postgresql' ? createDatabase() : null;
  const tokenFile = join(home, 'board-token');
  writeFileSync(tokenFile, BOARD_TOKEN, { mode: 0o600 });
  const argv = ['serve', '--port', '0', '--home', home, '--deployment-mode', mode, '--board-token-file', tokenFile, ...args];
  if (db) argv.push('--database-url', db.url);
  const child = spawn(process.env.CLASP_BIN, argv, {
    // IMDS off: no test may reach the instance metadata address.
    env: { PATH: process.env.PATH, HOME: home, PAPERCLIP_SECRETS_MASTER_KEY: randomBytes(32).toString('base64'),
      AWS_EC2_METADATA_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^\s]+)/);
      if (m) resolve(m[1]);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`clasp serve exited ${code}: ${stderr}`)));
  });
  const server = {
    url, home, child, store,
    log: () => stderr,
    databaseUrl: () => db?.url,
    // Runs SQL on the server's database behind its back, as an old writer
    // outside clasp would (used to induce binding desyncs).
    sql(statement) {
      if (db) return execFileSync('psql', [db.url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', statement]).toString();
      return execFileSync('sqlite3', [join(home, 'instances/default/db/clasp.sqlite3'), statement]).toString();
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.on('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      db?.drop();
      rmSync(home, { recursive: true, force: true });
      return child.exitCode;
    },
    // fetch with JSON in and out; `token` defaults to the board token.
    async call(method, path, body, { token = BOARD_TOKEN, headers = {}, raw } = {}) {
      const init = { method, headers: { ...headers } };
      if (token) init.headers.authorization = `Bearer ${token}`;
      if (raw !== undefined) {
        init.body = raw;
      } else if (body !== undefined) {
        init.body = JSON.stringify(body);
        init.headers['content-type'] = 'application/json';
      }
      const res = await fetch(url + path, init);
      const text = await res.text();
      let json;
      try { json = JSON.parse(text); } catch { json = undefined; }
      return { status: res.status, body: json, text, headers: res.headers };
    },
  };
  return server;
}

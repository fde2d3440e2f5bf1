// Route parity: every route of Paperclip's secrets router (read from the
// pinned @paperclipai/server tarball, scripts/lib.sh paperclip_server_file)
// against the routes `clasp serve` answers. A route is answered when clasp's
// router knows it: anything but its own 404 {"error":"Not found"} or 405
// {"error":"Method not allowed"} (a handler's 404 names what it missed).
//
// Not all of Paperclip's routes exist yet, so this is a ratchet: it lists
// every missing route, and fails when fewer than ANSWERED_AT_LEAST are
// answered. Raise the number with each route added; at the full count the
// ratchet is parity.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServe } from './harness.mjs';

const ANSWERED_AT_LEAST = 29;

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let s;

before(async () => { s = await startServe(); });
after(async () => { await s.stop(); });

function paperclipRoutes() {
  const file = execFileSync('bash', ['-c', 'source scripts/lib.sh && paperclip_server_file dist/routes/secrets.js'],
    { cwd: root, encoding: 'utf8' }).trim();
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/router\.(get|post|patch|put|delete)\(\s*"([^"]+)"/g)]
    .map(([, method, path]) => ({ method: method.toUpperCase(), path }));
}

// Every ":param" becomes a UUID nothing has: no handler finds a row, so no
// probe writes anything.
const concrete = (path) => path.replace(/:[A-Za-z]+/g, '6f1c2e4a-0b7d-4c3e-9a51-2d8e7f6a1b90');

async function answered({ method, path }) {
  const hasBody = method !== 'GET' && method !== 'DELETE';
  const r = await s.call(method, '/api' + concrete(path), hasBody ? {} : undefined);
  const routerMiss = (r.status === 404 && r.body?.error === 'Not found') ||
    (r.status === 405 && r.body?.error === 'Method not allowed');
  return !routerMiss;
}

test('Paperclip secrets routes answered by clasp (ratchet)', async () => {
  const routes = paperclipRoutes();
  // The router file's shape changed if this finds far fewer than it has.
  assert.ok(routes.length >= 38, `only ${routes.length} routes read from Paperclip's router`);
  const missing = [];
  for (const route of routes) if (!(await answered(route))) missing.push(`${route.method} ${route.path}`);
  const count = routes.length - missing.length;
  console.log(`clasp answers ${count} of ${routes.length} Paperclip secrets routes`);
  for (const m of missing) console.log(`missing: ${m}`);
  assert.ok(count >= ANSWERED_AT_LEAST,
    `clasp answers ${count} of ${routes.length}, fewer than the ratchet's ${ANSWERED_AT_LEAST}; missing:\n${missing.join('\n')}`);
});

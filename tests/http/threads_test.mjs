// Where Api::Handle runs (http_server.h): on the I/O threads by default, on
// threads of their own with --store-threads. Both must answer concurrent
// writes and reads whole and in full, with one I/O thread as with several.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServe } from './harness.mjs';

const layouts = [
  ['one I/O thread running the store calls', ['--threads', '1']],
  ['two I/O threads and three store threads', ['--threads', '2', '--store-threads', '3']],
];

for (const [name, args] of layouts) {
  test(`${name}: 24 concurrent creates all land, and every read sees them`, async () => {
    const s = await startServe({ args });
    try {
      const company = (await s.call('POST', '/api/companies', { name: 'Threads' })).body;
      const created = await Promise.all(Array.from({ length: 24 }, (_, i) =>
        s.call('POST', `/api/companies/${company.id}/secrets`, { name: `Token ${i}`, value: `tok-${i}-` + 'v'.repeat(20) })));
      assert.deepEqual(created.map((r) => r.status), Array(24).fill(201));
      const lists = await Promise.all(Array.from({ length: 8 }, () => s.call('GET', `/api/companies/${company.id}/secrets`)));
      for (const list of lists) {
        assert.equal(list.status, 200);
        assert.deepEqual(list.body.map((x) => x.name).sort(), Array.from({ length: 24 }, (_, i) => `Token ${i}`).sort());
      }
    } finally {
      assert.equal(await s.stop(), 0, 'serve exits 0 on SIGTERM');
    }
  });
}

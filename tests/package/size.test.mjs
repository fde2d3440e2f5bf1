// The size budget of the shipped package: clasp.wasm + its glue clasp.mjs +
// clasp-api.mjs, each `gzip -9`, at most 150 KB (KiB) together. A budget, not
// a timing: the bytes are what they are.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { packageDir } from "./pack.mjs";

const BUDGET = 150 * 1024;
const FILES = ["clasp.wasm", "clasp.mjs", "clasp-api.mjs"];

test("clasp.wasm + clasp.mjs + clasp-api.mjs <= 150 KB gzip -9", {
  skip: !existsSync(join(packageDir, "clasp.wasm")) && `no package at ${packageDir} (build the wasm tree)`,
}, () => {
  let total = 0;
  for (const f of FILES) {
    const gz = execFileSync("gzip", ["-9c", join(packageDir, f)]).length;
    total += gz;
    console.log(`${f}: ${readFileSync(join(packageDir, f)).length} raw, ${gz} gzip -9`);
  }
  console.log(`total: ${total} bytes gzip -9 = ${(total / 1024).toFixed(1)} KB (budget ${BUDGET / 1024} KB)`);
  assert.ok(total <= BUDGET, `${total} bytes gzip -9 > ${BUDGET} (150 KB)`);
});

// TypeScript check of the built declarations (clasp-api.d.mts, clasp.d.mts)
// with the pinned compiler from .cache/npm-types (scripts/test.sh installs
// it from tests/wasm/package-lock.json): tsc --noEmit --strict over
// types-check.ts placed beside copies of the declarations.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const wasmDir = resolve(process.env.CLASP_WASM_DIR ?? join(root, "build", "wasm"));
const cache = resolve(process.env.CLASP_NPM_CACHE ?? join(root, ".cache"));
const tsc = join(cache, "npm-types", "node_modules", "typescript", "bin", "tsc");

test("clasp-api.d.mts and clasp.d.mts type-check (tsc --noEmit --strict)", {
  skip: existsSync(tsc) ? false : `pinned TypeScript not installed at ${tsc} (scripts/test.sh installs it)`,
}, () => {
  const dir = mkdtempSync(join(tmpdir(), "clasp-types-"));
  try {
    for (const f of ["clasp-api.d.mts", "clasp.d.mts"]) copyFileSync(join(wasmDir, f), join(dir, f));
    copyFileSync(join(here, "types-check.ts"), join(dir, "types-check.mts"));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", types: [], skipLibCheck: false },
        files: ["types-check.mts"],
      }),
    );
    const r = spawnSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Shared by the package tests: `npm pack` of build/wasm/package into a
// scratch folder, and a scratch project with the tarball installed offline
// (it has no dependencies, so no registry is asked).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..", "..");
export const packageDir = resolve(process.env.CLASP_PACKAGE_DIR ?? join(root, "build", "wasm", "package"));
export const version = process.env.CLASP_VERSION;

const npm = (args, cwd) => execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });

// -> { scratch, tarball, project }: project/node_modules/clasp-wasm installed from tarball.
export function packAndInstall(prefix) {
  const scratch = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const cache = join(scratch, "npm-cache");
  const [packed] = JSON.parse(npm(["pack", packageDir, "--json", "--pack-destination", scratch, `--cache=${cache}`], scratch));
  const tarball = join(scratch, packed.filename);
  const project = join(scratch, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
  npm(["install", "--offline", `--cache=${cache}`, tarball], project);
  return { scratch, tarball, packed, project };
}

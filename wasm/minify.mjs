// wasm/minify.mjs IN OUT — terser (Debian's node-terser, found through
// NODE_PATH=/usr/share/nodejs) over one ES module of the WASM tree. Emscripten
// 3.1.6 minifies its glue's whitespace but not its names (only closure does,
// which Debian lacks); this mangles local names and compresses, keeping the
// bundler hints (webpackIgnore, @vite-ignore). Every name the glue exports
// or reads from its options is a quoted property, which mangling leaves alone.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const [input, output] = process.argv.slice(2);
const { minify } = createRequire(import.meta.url)("terser");
const result = await minify(readFileSync(input, "utf8"), {
  module: true,
  ecma: 2020,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: /webpackIgnore|@vite-ignore/ },
});
writeFileSync(output, result.code);

// The flags Debian's headless Chromium runs with here, for the browser tests
// and bench/wasm_chromium.mjs. toolchain.md: without the background-networking
// flags Chromium tries to reach outside hosts.
export const CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

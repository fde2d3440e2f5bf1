// clasp.d.ts — types of the raw embind module clasp.mjs (emscripten 3.1.6,
// -sEXPORT_ES6 -sENVIRONMENT=web). Use clasp-api.mjs instead: it loads this
// module the right way for the platform and speaks plain objects.
//
// Every entry point takes the call's arguments as JSON text {"0": a0, ...}
// and returns the answer {ok, value?, diagnostics} as JSON text.

export interface ClaspModuleOptions {
  /** The bytes of clasp.wasm. Required in Node (its fetch cannot load file: URLs); browsers fetch it beside clasp.mjs. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to find clasp.wasm, for bundlers that move it. */
  locateFile?: (path: string, prefix: string) => string;
}

export interface ClaspModule {
  validateEnv(argsJson: string): string;
  classifyKey(argsJson: string): string;
  resolveStrictMode(argsJson: string): string;
  exportEnvDeclarations(argsJson: string): string;
  mergeRunEnv(argsJson: string): string;
  diagnosticCodes(argsJson: string): string;
  validateVaultConfig(argsJson: string): string;
  normalizeVaultAddress(argsJson: string): string;
  planVaultChange(argsJson: string): string;
  diffBindings(argsJson: string): string;
  desyncReport(argsJson: string): string;
  checkBindingContext(argsJson: string): string;
  checkBindingConfigPath(argsJson: string): string;
}

declare function createClaspModule(options?: ClaspModuleOptions): Promise<ClaspModule>;
export default createClaspModule;

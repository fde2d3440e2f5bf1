// clasp.d.ts — types of the raw module clasp.mjs (emscripten 3.1.6,
// -sEXPORT_ES6 -sENVIRONMENT=web). Use clasp-api.mjs instead: it loads this
// module the right way for the platform and speaks plain objects.
//
// Every entry point takes the call's arguments as UTF-8 JSON {"0": a0, ...}
// at `args` (`size` bytes, from _malloc) and returns the address of the
// answer {ok, value?, diagnostics} as NUL-terminated UTF-8 JSON, valid until
// the next call.

export interface ClaspModuleOptions {
  /** The bytes of clasp.wasm. Required in Node (its fetch cannot load file: URLs); browsers fetch it beside clasp.mjs. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to find clasp.wasm, for bundlers that move it. */
  locateFile?: (path: string, prefix: string) => string;
}

export interface ClaspModule {
  _malloc(size: number): number;
  _free(address: number): void;
  /** The module's memory; replaced when it grows, so read it after a call. */
  HEAPU8: Uint8Array;
  _validateEnv(args: number, size: number): number;
  _classifyKey(args: number, size: number): number;
  _resolveStrictMode(args: number, size: number): number;
  _exportEnvDeclarations(args: number, size: number): number;
  _mergeRunEnv(args: number, size: number): number;
  _diagnosticCodes(args: number, size: number): number;
  _validateVaultConfig(args: number, size: number): number;
  _normalizeVaultAddress(args: number, size: number): number;
  _planVaultChange(args: number, size: number): number;
  _diffBindings(args: number, size: number): number;
  _desyncReport(args: number, size: number): number;
  _checkBindingContext(args: number, size: number): number;
  _checkBindingConfigPath(args: number, size: number): number;
}

declare function createClaspModule(options?: ClaspModuleOptions): Promise<ClaspModule>;
export default createClaspModule;

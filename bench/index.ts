/** Benchmark and robustness-test support: generators, an LSP client for any server, the soak. */
export * from './generators';
export * from './lsp';

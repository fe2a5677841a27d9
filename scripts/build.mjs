// Bundles the extension client, the language server and the CLI with esbuild.
// Everything the server needs is inside server/out/server.js: the .vsix ships no node_modules.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  // The language server and CLI must not need anything at run time but Node itself.
  external: ['vscode'],
};

// The server makes no network calls and starts no processes (`untrustedWorkspaces: true` relies
// on it), yet vscode-languageserver's node entry requires child_process and net for transports
// and helpers we never use (sockets, pipes, resolving global modules). In the server bundle
// those modules are replaced by a stub that throws if anything is used; stdio and IPC
// (`process.send`) need neither. test/robustness/no-network.test.ts checks the bundle.
const FORBIDDEN_BUILTINS = ['child_process', 'http', 'https', 'net', 'dgram'];
const noProcessesNoNetwork = {
  name: 'no-processes-no-network',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${FORBIDDEN_BUILTINS.join('|')})$`);
    build.onResolve({ filter }, (args) => ({
      path: args.path.replace(/^node:/, ''),
      namespace: 'forbidden',
    }));
    build.onLoad({ filter: /.*/, namespace: 'forbidden' }, (args) => ({
      loader: 'js',
      contents: `module.exports = new Proxy({}, { get(_, prop) {
        if (typeof prop === 'symbol' || prop === '__esModule') return undefined;
        throw new Error('vpc-cni-lint server: node:${args.path} is not available (no processes, no network): ' + String(prop));
      } });`,
    }));
  },
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js' },
  {
    entryPoints: ['server/src/lsp/server.ts'],
    outfile: 'server/out/server.js',
    plugins: [noProcessesNoNetwork],
  },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'server/out/cli.js' },
  // The node allocation webview's script runs in the webview (a browser), not in Node.
  {
    entryPoints: ['client/webview/main.ts'],
    outfile: 'client/out/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    external: [],
  },
];

// The HCL parser's WebAssembly (tree-sitter runtime and HCL grammar) ships beside the bundles;
// server/src/project/hclRuntime.ts reads them from there on the first HCL document.
const require = createRequire(import.meta.url);
const WASM = [
  ['web-tree-sitter/web-tree-sitter.wasm', 'web-tree-sitter.wasm'],
  ['@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm', 'tree-sitter-hcl.wasm'],
];
mkdirSync('server/out', { recursive: true });
for (const [from, to] of WASM) copyFileSync(require.resolve(from), `server/out/${to}`);
// The webview's stylesheet is served as is (its CSP allows our own stylesheet, no inline styles).
mkdirSync('client/out', { recursive: true });
copyFileSync('client/webview/style.css', 'client/out/webview.css');

if (watch) {
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b, metafile: true })));
  chmodSync('server/out/cli.js', 0o755);
  for (const [i, r] of results.entries()) {
    const bytes = Object.values(r.metafile.outputs)
      .filter((o) => o.entryPoint)
      .reduce((n, o) => n + o.bytes, 0);
    console.log(`${builds[i].outfile}: ${(bytes / 1024).toFixed(0)} KiB`);
  }
}

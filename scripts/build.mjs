// Bundles the extension client, the language server and the CLI with esbuild.
// Everything the server needs is inside server/out/server.js: the .vsix ships no node_modules.
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';

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

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js' },
  { entryPoints: ['server/src/lsp/server.ts'], outfile: 'server/out/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'server/out/cli.js' },
];

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

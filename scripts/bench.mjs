// `npm run bench` (after the build): runs the benchmark harness, scripts/bench/main.ts, under
// tsx with the garbage collector exposed so repeated runs start from a collected heap.
// Arguments are passed through: `--quick`, `--only=analysis,keystroke,...`, `--no-write`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('./bench/main.ts', import.meta.url));
const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);

/**
 * A fresh, isolated code-server (VS Code 1.13x web + server) per session: its own user-data dir,
 * extensions dir and XDG dirs under the session's run dir, bound to 127.0.0.1 on a free port
 * without auth. Extensions are installed from .vsix files with `code-server --install-extension`,
 * exactly as users install ours. Started in its own process group so that stop() ends it and all
 * its children (extension host, our language server, file watchers).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { CODE_SERVER, E2eError, NODE24_BIN } from './env';

export interface CodeServer {
  url: string;
  runDir: string;
  extensionsDir: string;
  logFile: string;
  /** Non-null once the process has exited. */
  exitCode(): number | null;
  stop(): Promise<void>;
}

/** A quiet, offline, deterministic workbench. */
export const defaultUserSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.editor.enablePreview': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function environment(runDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // code-server >= 4.10x runs on Node 24; its extension host (and our server) use the same node.
    PATH: `${NODE24_BIN}:${process.env.PATH ?? ''}`,
    // code-server writes ~/.config, ~/.local/share and ~/.cache on every call: keep it in the run dir.
    XDG_CONFIG_HOME: path.join(runDir, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg', 'cache'),
    ...extra,
  };
}

export async function startCodeServer(opts: {
  runDir: string;
  workspace: string;
  vsixes: string[];
  env?: Record<string, string>;
  userSettings?: Record<string, unknown>;
}): Promise<CodeServer> {
  const { runDir } = opts;
  const dataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  mkdirSync(path.join(dataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    path.join(dataDir, 'User', 'settings.json'),
    JSON.stringify({ ...defaultUserSettings, ...opts.userSettings }, null, 2),
  );
  const env = environment(runDir, opts.env ?? {});
  const install = spawnSync(
    CODE_SERVER,
    [
      '--user-data-dir',
      dataDir,
      '--extensions-dir',
      extensionsDir,
      ...opts.vsixes.flatMap((v) => ['--install-extension', v]),
    ],
    { env, encoding: 'utf8', timeout: 120_000 },
  );
  writeFileSync(path.join(runDir, 'install.log'), `${install.stdout}\n${install.stderr}`);
  if (install.status !== 0 || /Failed|Error/i.test(install.stderr ?? ''))
    throw new E2eError(
      `installing ${opts.vsixes.join(', ')} failed (${install.status}):\n${install.stdout}${install.stderr}`,
    );

  const port = await freePort();
  const config = path.join(runDir, 'code-server.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = path.join(runDir, 'code-server.log');
  const fd = openSync(logFile, 'w');
  const child: ChildProcess = spawn(
    CODE_SERVER,
    [
      '--config',
      config,
      '--user-data-dir',
      dataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      opts.workspace,
    ],
    { env, stdio: ['ignore', fd, fd], detached: true },
  );
  closeSync(fd);
  let exit: number | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = code ?? (signal ? 128 : 1);
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const server: CodeServer = {
    url,
    runDir,
    extensionsDir,
    logFile,
    exitCode: () => exit,
    async stop() {
      const pid = child.pid;
      if (pid === undefined) return;
      const group = (signal: NodeJS.Signals) => {
        try {
          process.kill(-pid, signal); // the whole process group (detached: pgid == pid)
        } catch {
          /* already gone */
        }
      };
      group('SIGTERM');
      const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000).unref());
      if (exit === null && (await Promise.race([exited, timer])) === 'timeout') group('SIGKILL');
      group('SIGKILL'); // leftovers: extension host, language server, watchers
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exit !== null) throw new E2eError(`code-server exited (${exit}) at start; log: ${logFile}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new E2eError(`code-server did not answer ${url}/healthz within 60 s; log: ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return server;
}

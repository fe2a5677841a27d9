/**
 * A small LSP client over stdio for any server command (ours or yaml-language-server), for the
 * benchmarks and the robustness tests: timing of requests, waiting for pushed diagnostics, and
 * the child's resident memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CancellationTokenSource,
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';

export const ROOT = path.resolve(__dirname, '..');
export const OUR_SERVER = path.join(ROOT, 'server', 'out', 'server.js');
export const YAML_LS = path.join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');

export interface StartOptions {
  /** Script run with this Node; `--stdio` is appended. */
  script: string;
  /** Extra Node flags (e.g. `--require hook.js`). */
  nodeArgs?: string[];
  pull: boolean;
  /** Answers to `workspace/configuration`, by section. */
  sections?: Record<string, unknown>;
  initializationOptions?: unknown;
  env?: NodeJS.ProcessEnv;
}

export interface Published {
  uri: string;
  version?: number;
  diagnostics: unknown[];
  at: number;
}

export class BenchClient {
  readonly connection: MessageConnection;
  stderr = '';
  exited: number | null | undefined;
  private readonly listeners: Array<(p: Published) => void> = [];
  readonly lastPublished = new Map<string, Published>();
  /** `window/logMessage` notifications received (the first thousand). */
  readonly logs: Array<{ type: number; message: string }> = [];

  private constructor(
    readonly child: ChildProcess,
    readonly opts: StartOptions,
  ) {
    this.connection = createMessageConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    child.stderr?.on('data', (d: Buffer) => {
      if (this.stderr.length < 1e6) this.stderr += d.toString();
    });
    child.on('exit', (code) => (this.exited = code));
    this.connection.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
        const pub = { ...p, at: performance.now() };
        this.lastPublished.set(p.uri, pub);
        for (const l of [...this.listeners]) l(pub);
      },
    );
    this.connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) =>
      p.items.map((i) => (i.section !== undefined ? (opts.sections?.[i.section] ?? null) : null)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.onRequest('workspace/inlayHint/refresh', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      if (this.logs.length < 1000) this.logs.push(p);
    });
    this.connection.onNotification(() => undefined);
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  /** Spawns and initializes; returns the client and the milliseconds from spawn to the initialize result. */
  static async start(opts: StartOptions): Promise<{ client: BenchClient; initMs: number }> {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), opts.script, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
    });
    const client = new BenchClient(child, opts);
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      initializationOptions: opts.initializationOptions ?? {},
      capabilities: {
        textDocument: {
          ...(opts.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
          synchronization: { dynamicRegistration: false, didSave: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true } },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          inlayHint: {},
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
        },
        workspace: {
          configuration: true,
          diagnostics: { refreshSupport: true },
          didChangeConfiguration: { dynamicRegistration: true },
        },
      },
    });
    const initMs = performance.now() - t0;
    await client.connection.sendNotification('initialized', {});
    return { client, initMs };
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Resident set size of the server process, in bytes (Linux /proc). */
  rss(): number {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : NaN;
    } catch {
      return NaN;
    }
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version, text },
    });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** An incremental change replacing `[start, end)` (LSP positions) with `text`. */
  changeRange(
    uri: string,
    version: number,
    range: { start: { line: number; character: number }; end: { line: number; character: number } },
    text: string,
  ): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
  }

  changeFull(uri: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  pull(uri: string, token?: CancellationTokenSource): Promise<{ items: Array<Record<string, unknown>> }> {
    return this.request('textDocument/diagnostic', { textDocument: { uri } }, token);
  }

  request<T>(method: string, params: unknown, token?: CancellationTokenSource): Promise<T> {
    // Passing an undefined token would send the params by position.
    return token
      ? this.connection.sendRequest<T>(method, params, token.token)
      : this.connection.sendRequest<T>(method, params);
  }

  /** Resolves with the next publishDiagnostics for `uri` after now. */
  nextPublished(uri: string, timeoutMs = 30_000): Promise<Published> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (p: Published) => {
        if (p.uri !== uri) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve(p);
      };
      this.listeners.push(listener);
    });
  }

  async stop(): Promise<number | null> {
    if (this.exited !== undefined) return this.exited;
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.child.kill();
    }
    const code = await exited;
    clearTimeout(kill);
    this.connection.dispose();
    return code;
  }
}

export { CancellationTokenSource };

/** Line/character of a UTF-16 offset. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export const median = (values: number[]): number => percentile(values, 50);

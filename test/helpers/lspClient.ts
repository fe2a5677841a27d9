/** A minimal LSP client over stdio for driving the real bundled server in tests and benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';

export const SERVER_JS = path.resolve(__dirname, '..', '..', 'server', 'out', 'server.js');

export interface ClientOptions {
  /** Declare pull-diagnostics support (VS Code does; Neovim 0.7 does not). */
  pull?: boolean;
  settings?: Record<string, unknown>;
  rootUri?: string | null;
  initializationOptions?: Record<string, unknown>;
}

export class LspClient {
  readonly connection: MessageConnection;
  readonly published = new Map<string, unknown[]>();
  private readonly waiters: Array<() => void> = [];
  stderr = '';
  settings: Record<string, unknown>;

  private constructor(
    readonly process: ChildProcess,
    opts: ClientOptions,
  ) {
    this.settings = opts.settings ?? {};
    this.connection = createMessageConnection(
      new StreamMessageReader(process.stdout!),
      new StreamMessageWriter(process.stdin!),
    );
    process.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.connection.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; diagnostics: unknown[] }) => {
        this.published.set(p.uri, p.diagnostics);
        for (const w of this.waiters.splice(0)) w();
      },
    );
    this.connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) =>
      p.items.map((i) => (i.section === 'vpcCniLint' ? this.settings : null)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  static async start(opts: ClientOptions = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(child, opts);
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: opts.rootUri ?? null,
      workspaceFolders: opts.rootUri ? [{ uri: opts.rootUri, name: 'ws' }] : null,
      initializationOptions: opts.initializationOptions ?? {},
      capabilities: {
        textDocument: {
          ...(opts.pull !== false ? { diagnostic: { dynamicRegistration: false } } : {}),
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          publishDiagnostics: {
            relatedInformation: true,
            tagSupport: { valueSet: [1, 2] },
            codeDescriptionSupport: true,
          },
        },
        workspace: {
          configuration: true,
          diagnostics: { refreshSupport: true },
          didChangeConfiguration: { dynamicRegistration: true },
        },
      },
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  open(uri: string, text: string, languageId = 'yaml', version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version, text },
    });
  }

  change(uri: string, text: string, version: number): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  async pullDiagnostics(uri: string): Promise<Array<Record<string, unknown>>> {
    const report = await this.connection.sendRequest<{ items: Array<Record<string, unknown>> }>(
      'textDocument/diagnostic',
      {
        textDocument: { uri },
      },
    );
    return report.items;
  }

  /** Waits until a publishDiagnostics for `uri` satisfies `pred` (push mode). */
  async waitForPublished(
    uri: string,
    pred: (d: unknown[]) => boolean,
    timeoutMs = 10000,
  ): Promise<unknown[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const d = this.published.get(uri);
      if (d && pred(d)) return d;
      if (Date.now() > deadline)
        throw new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(d)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  hover(uri: string, line: number, character: number): Promise<{ contents: { value: string } } | null> {
    return this.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line, character },
    });
  }

  codeActions(
    uri: string,
    range: unknown,
    diagnostics: unknown[] = [],
  ): Promise<Array<Record<string, unknown>>> {
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics },
    });
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.process.exitCode !== null) resolve(this.process.exitCode);
      this.process.once('exit', (code) => resolve(code));
    });
    // A server that does not exit after `exit` is a bug: kill it so the test fails instead of hanging.
    const killer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    const code = await exited;
    clearTimeout(killer);
    this.connection.dispose();
    return code;
  }
}

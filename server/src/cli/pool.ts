/**
 * Runs {@link Checker} work on this thread or spread over worker threads. Each file is owned by one
 * thread, which parses it and later analyses it; results come back in input order, so output does
 * not depend on which thread finished first.
 *
 * Workers run the CLI bundle (server/out/cli.js), whose entry starts {@link workerMain} when it is
 * loaded as a `vpc-cni-lint-check-worker`. From TypeScript sources (tests), the built bundle is used;
 * without it, everything runs on this thread.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { Catalog } from '../engine';
import {
  Checker,
  type AnalyzeResult,
  type CheckerInit,
  type Contribution,
  type DocInput,
  type ParseResult,
} from './checker';

export const WORKER_ROLE = 'vpc-cni-lint-check-worker';

export interface Backend {
  readonly threads: number;
  parse(docs: DocInput[]): Promise<ParseResult[]>;
  analyze(files: string[], contributions: Contribution[]): Promise<AnalyzeResult>;
  close(): Promise<void>;
}

class LocalBackend implements Backend {
  readonly threads = 1;
  private readonly checker: Checker;
  constructor(init: CheckerInit, catalog: Catalog) {
    this.checker = new Checker(init, catalog);
  }
  async parse(docs: DocInput[]): Promise<ParseResult[]> {
    return this.checker.parse(docs);
  }
  async analyze(files: string[], contributions: Contribution[]): Promise<AnalyzeResult> {
    return this.checker.analyze(files, contributions);
  }
  async close(): Promise<void> {}
}

type Request =
  | { id: number; op: 'parse'; docs: DocInput[] }
  | { id: number; op: 'analyze'; files: string[]; contributions: Contribution[] };
type Reply = { id: number; result?: unknown; error?: string };

class ThreadBackend implements Backend {
  private readonly workers: Worker[];
  private readonly owner = new Map<string, number>();
  private next = 0;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    script: string,
    init: CheckerInit,
    readonly threads: number,
  ) {
    this.workers = Array.from({ length: threads }, () => {
      const w = new Worker(script, { workerData: { role: WORKER_ROLE, init } });
      w.on('message', (m: Reply) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error !== undefined) p.reject(new Error(m.error));
        else p.resolve(m.result);
      });
      w.on('error', (err) => this.failAll(err));
      w.on('exit', (code) => {
        if (code !== 0) this.failAll(new Error(`check worker exited with code ${code}`));
      });
      return w;
    });
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private call<T>(
    worker: number,
    req:
      { op: 'parse'; docs: DocInput[] } | { op: 'analyze'; files: string[]; contributions: Contribution[] },
  ): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.workers[worker]?.postMessage({ ...req, id });
    });
  }

  /** Splits `items` by owning worker, keeping each item's index for the merge. */
  private split<T>(items: T[], fileOf: (t: T) => string, assign: boolean): Array<Array<[number, T]>> {
    const groups: Array<Array<[number, T]>> = this.workers.map(() => []);
    items.forEach((item, i) => {
      const file = fileOf(item);
      let w = this.owner.get(file);
      if (w === undefined) {
        if (!assign) throw new Error(`${file}: not parsed before analysis`);
        // Round robin over the sorted file list: neighbouring files (often similar in size) spread out.
        w = this.next++ % this.workers.length;
        this.owner.set(file, w);
      }
      groups[w]?.push([i, item]);
    });
    return groups;
  }

  async parse(docs: DocInput[]): Promise<ParseResult[]> {
    const groups = this.split(docs, (d) => d.file, true);
    const out: ParseResult[] = new Array<ParseResult>(docs.length);
    await Promise.all(
      groups.map(async (g, w) => {
        if (!g.length) return;
        const res = await this.call<ParseResult[]>(w, { op: 'parse', docs: g.map(([, d]) => d) });
        res.forEach((r, j) => (out[g[j]?.[0] ?? 0] = r));
      }),
    );
    return out;
  }

  async analyze(files: string[], contributions: Contribution[]): Promise<AnalyzeResult> {
    const groups = this.split(files, (f) => f, false);
    const findings: AnalyzeResult['findings'] = new Array<AnalyzeResult['findings'][number]>(files.length);
    const errors: string[][] = this.workers.map(() => []);
    await Promise.all(
      groups.map(async (g, w) => {
        if (!g.length) return;
        const res = await this.call<AnalyzeResult>(w, {
          op: 'analyze',
          files: g.map(([, f]) => f),
          contributions,
        });
        res.findings.forEach((f, j) => (findings[g[j]?.[0] ?? 0] = f));
        errors[w] = res.errors;
      }),
    );
    return { findings, errors: errors.flat() };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The CLI bundle a worker can run, or undefined (then work stays on this thread). */
function workerScript(): string | undefined {
  if (__filename.endsWith('.js') && existsSync(__filename)) return __filename;
  const bundle = path.resolve(__dirname, '..', '..', 'out', 'cli.js');
  return existsSync(bundle) ? bundle : undefined;
}

export function createBackend(init: CheckerInit, catalog: Catalog, threads: number): Backend {
  const script = threads > 1 ? workerScript() : undefined;
  return script ? new ThreadBackend(script, init, threads) : new LocalBackend(init, catalog);
}

/** The worker side: true when this thread is a check worker (and now serves requests). */
export function workerMain(): boolean {
  const data = workerData as { role?: string; init?: CheckerInit } | null;
  if (!parentPort || data?.role !== WORKER_ROLE || !data.init) return false;
  const port = parentPort;
  const checker = new Checker(data.init);
  port.on('message', (req: Request) => {
    try {
      const result =
        req.op === 'parse' ? checker.parse(req.docs) : checker.analyze(req.files, req.contributions);
      port.postMessage({ id: req.id, result } satisfies Reply);
    } catch (err) {
      port.postMessage({ id: req.id, error: (err as Error)?.stack ?? String(err) } satisfies Reply);
    }
  });
  return true;
}

/**
 * Runs {@link Checker} work on this thread, or on this thread and worker threads. Each file is owned by
 * one thread, which parses it and later analyses it; results come back in input order, so output does
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
  type ContributionInput,
  type DocInput,
  type ParseResult,
} from './checker';

export const WORKER_ROLE = 'vpc-cni-lint-check-worker';

export interface Backend {
  readonly threads: number;
  parse(docs: DocInput[]): Promise<ParseResult[]>;
  analyze(files: string[], contributions: Contribution[]): Promise<AnalyzeResult>;
  /** Files parsed by each thread so far (this thread first). */
  shares(): number[];
  close(): Promise<void>;
}

class LocalBackend implements Backend {
  readonly threads = 1;
  private readonly checker: Checker;
  constructor(init: CheckerInit, catalog: Catalog) {
    this.checker = new Checker(init, catalog);
  }
  async parse(docs: DocInput[]): Promise<ParseResult[]> {
    this.parsed += docs.length;
    return this.checker.parse(docs);
  }
  async analyze(files: string[], contributions: Contribution[]): Promise<AnalyzeResult> {
    return this.checker.analyze(files, contributions);
  }
  private parsed = 0;
  shares(): number[] {
    return [this.parsed];
  }
  async close(): Promise<void> {}
}

type Request =
  | { id: number; op: 'parse'; docs: DocInput[] }
  | { id: number; op: 'analyze'; files: string[]; contributions: ContributionInput[] };
type Reply = { id: number; result?: unknown; error?: string };

/**
 * Files to a chunk of parsing work: small enough that a thread which started late (a worker loads the bundle
 * and builds its catalog first, about half a second) takes fewer chunks, big enough that messages stay few.
 */
const chunkSize = (files: number, threads: number): number =>
  Math.max(25, Math.min(500, Math.ceil(files / (threads * 8))));

/**
 * This thread plus `threads - 1` worker threads. The main thread does a share of the work itself rather than
 * wait: on 2 cores that is one worker to start, one bundle to load and one copy of the context to send,
 * instead of two. Parsing is handed out in chunks, to whichever thread is free (this thread takes a chunk
 * between worker replies); a file is then owned by the thread that parsed it, which also analyses it.
 * For analysis, a thread gets the contributions of the files other threads parsed, and for its own only
 * their names (it has the objects).
 */
class ThreadBackend implements Backend {
  private readonly workers: Worker[];
  private readonly local: Checker;
  /** Owning thread of each parsed file: 0 this thread, w + 1 worker w. */
  private readonly owner = new Map<string, number>();
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    script: string,
    init: CheckerInit,
    catalog: Catalog,
    readonly threads: number,
  ) {
    this.local = new Checker(init, catalog);
    this.workers = Array.from({ length: threads - 1 }, () => {
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
      | { op: 'parse'; docs: DocInput[] }
      | { op: 'analyze'; files: string[]; contributions: ContributionInput[] },
  ): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.workers[worker]?.postMessage({ ...req, id });
    });
  }

  async parse(docs: DocInput[]): Promise<ParseResult[]> {
    const out: ParseResult[] = new Array<ParseResult>(docs.length);
    const size = chunkSize(docs.length, this.threads);
    let next = 0;
    const take = (): [number, DocInput[]] | undefined => {
      if (next >= docs.length) return undefined;
      const at = next;
      next = Math.min(docs.length, next + size);
      return [at, docs.slice(at, next)];
    };
    const store = (at: number, chunk: DocInput[], res: ParseResult[], thread: number) =>
      chunk.forEach((d, j) => {
        this.owner.set(d.file, thread);
        out[at + j] = res[j] as ParseResult;
      });
    const workerLoop = async (w: number): Promise<void> => {
      for (let c = take(); c; c = take()) {
        const [at, chunk] = c;
        store(at, chunk, await this.call<ParseResult[]>(w, { op: 'parse', docs: chunk }), w + 1);
      }
    };
    const localLoop = async (): Promise<void> => {
      for (let c = take(); c; c = take()) {
        const [at, chunk] = c;
        store(at, chunk, this.local.parse(chunk), 0);
        // Let worker replies in, so that a free worker gets its next chunk.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    };
    // Workers get their first chunk before this thread starts on its own.
    const loops = this.workers.map((_, w) => workerLoop(w));
    loops.push(localLoop());
    await Promise.all(loops);
    return out;
  }

  async analyze(files: string[], contributions: Contribution[]): Promise<AnalyzeResult> {
    const groups: Array<Array<[number, string]>> = Array.from({ length: this.threads }, () => []);
    files.forEach((file, i) => {
      const t = this.owner.get(file);
      if (t === undefined) throw new Error(`${file}: not parsed before analysis`);
      groups[t]?.push([i, file]);
    });
    const findings: AnalyzeResult['findings'] = new Array<AnalyzeResult['findings'][number]>(files.length);
    const errors: string[][] = Array.from({ length: this.threads }, () => []);
    const merge = (t: number, g: Array<[number, string]>, res: AnalyzeResult) => {
      res.findings.forEach((f, j) => (findings[g[j]?.[0] ?? 0] = f));
      errors[t] = res.errors;
    };
    const remote = this.workers.map(async (_, w) => {
      const g = groups[w + 1] ?? [];
      if (!g.length) return;
      const mine = (c: Contribution): ContributionInput =>
        this.owner.get(c.file) === w + 1
          ? { file: c.file, root: c.root, configCluster: c.configCluster, own: true }
          : c;
      const res = await this.call<AnalyzeResult>(w, {
        op: 'analyze',
        files: g.map(([, f]) => f),
        contributions: contributions.map(mine),
      });
      merge(w + 1, g, res);
    });
    const g0 = groups[0] ?? [];
    if (g0.length)
      merge(
        0,
        g0,
        this.local.analyze(
          g0.map(([, f]) => f),
          contributions,
        ),
      );
    await Promise.all(remote);
    return { findings, errors: errors.flat() };
  }

  shares(): number[] {
    const out = new Array<number>(this.threads).fill(0);
    for (const t of this.owner.values()) out[t] = (out[t] ?? 0) + 1;
    return out;
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
  return script ? new ThreadBackend(script, init, catalog, threads) : new LocalBackend(init, catalog);
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

/**
 * Protocol soak: random incremental edits with interleaved pulls, hovers, code actions,
 * completions, inlay hints and cancelled requests, against a running server. Used by the
 * robustness test (a few hundred edits) and by `npm run bench` (10,000 edits).
 */
import { BenchClient, CancellationTokenSource, positionAt, rng } from './index';

export interface SoakOptions {
  edits: number;
  seed: number;
  uri: string;
  /** The starting text; the soak resets to it every `resetEvery` edits. */
  text: string;
  resetEvery?: number;
  /** Resident memory is sampled every this many edits. */
  sampleEvery?: number;
  /** At most this many requests in flight before waiting for them. */
  maxInFlight?: number;
}

export interface SoakResult {
  text: string;
  version: number;
  requests: number;
  /** Requests the client cancelled (the server may still answer them). */
  cancelRequested: number;
  answered: number;
  cancelled: number;
  /** Requests answered with an error other than cancellation (method: message). */
  failures: string[];
  /** [edit number, rss bytes] */
  rss: Array<[number, number]>;
  ms: number;
}

const JUNK = [
  'a',
  ' ',
  ':',
  '-',
  '\n',
  '  - name: ',
  'value: "',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  '&a ',
  '*a',
  '!!binary ',
  '\t',
  '#',
  '---\n',
  'ENABLE_PREFIX_DELEGATION',
  'WARM_IP_TARGET',
  '\r\n',
  '\u{1F600}',
  '\uFFFD',
  '\u0000',
  'é',
  '|\n',
];

const CANCELLED = -32800;
const CONTENT_MODIFIED = -32801;
const SERVER_CANCELLED = -32802;

export async function soak(client: BenchClient, opts: SoakOptions): Promise<SoakResult> {
  const r = rng(opts.seed);
  const resetEvery = opts.resetEvery ?? 500;
  const sampleEvery = opts.sampleEvery ?? 500;
  const maxInFlight = opts.maxInFlight ?? 16;
  let text = opts.text;
  let version = 1;
  const result: SoakResult = {
    text,
    version,
    requests: 0,
    cancelRequested: 0,
    answered: 0,
    cancelled: 0,
    failures: [],
    rss: [],
    ms: 0,
  };
  const t0 = performance.now();
  await client.open(opts.uri, text, version);
  let inFlight: Array<Promise<void>> = [];

  const track = (method: string, params: unknown, cancel: boolean) => {
    result.requests++;
    const source = new CancellationTokenSource();
    const p = client.request<unknown>(method, params, source).then(
      () => {
        result.answered++;
      },
      (err: { code?: number; message?: string }) => {
        if (err?.code === CANCELLED || err?.code === CONTENT_MODIFIED || err?.code === SERVER_CANCELLED)
          result.cancelled++;
        else if (result.failures.length < 50) result.failures.push(`${method}: ${err?.message ?? err}`);
      },
    );
    if (cancel) result.cancelRequested++;
    // Cancel at once (the request may still be queued in the server) or a moment later.
    if (cancel && inFlight.length % 2 === 0) source.cancel();
    else if (cancel) setImmediate(() => source.cancel());
    inFlight.push(p);
  };
  const randomPosition = () => positionAt(text, Math.floor(r() * (text.length + 1)));

  for (let i = 1; i <= opts.edits; i++) {
    version++;
    if (i % resetEvery === 0) {
      text = opts.text;
      await client.changeFull(opts.uri, version, text);
    } else {
      const start = Math.floor(r() * (text.length + 1));
      const kind = r();
      let end = start;
      let insert = '';
      if (kind < 0.35) {
        // Retype a digit or letter in place.
        end = Math.min(text.length, start + 1);
        insert = String.fromCharCode(48 + Math.floor(r() * 10));
      } else if (kind < 0.65) {
        insert = JUNK[Math.floor(r() * JUNK.length)] ?? 'x';
      } else if (kind < 0.85) {
        end = Math.min(text.length, start + Math.floor(r() * 40));
      } else if (kind < 0.99) {
        // Paste a copy of another part of the file.
        const from = Math.floor(r() * text.length);
        insert = text.slice(from, from + Math.floor(r() * 400));
      } else {
        // A long line.
        insert = 'x'.repeat(2000 + Math.floor(r() * 20000));
      }
      // Never split a surrogate pair: clients send whole code points.
      const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
      const s = isLow(text.charCodeAt(start)) ? start - 1 : start;
      const e = isLow(text.charCodeAt(end)) ? end + 1 : end;
      const range = { start: positionAt(text, s), end: positionAt(text, e) };
      text = text.slice(0, s) + insert + text.slice(e);
      await client.changeRange(opts.uri, version, range, insert);
    }
    const doc = { uri: opts.uri };
    const a = r();
    if (a < 0.4) track('textDocument/diagnostic', { textDocument: doc }, r() < 0.15);
    if (r() < 0.25) track('textDocument/hover', { textDocument: doc, position: randomPosition() }, r() < 0.1);
    if (r() < 0.12) {
      const p = randomPosition();
      track(
        'textDocument/codeAction',
        { textDocument: doc, range: { start: p, end: p }, context: { diagnostics: [] } },
        r() < 0.1,
      );
    }
    if (r() < 0.06)
      track('textDocument/completion', { textDocument: doc, position: randomPosition() }, false);
    if (r() < 0.06)
      track(
        'textDocument/inlayHint',
        { textDocument: doc, range: { start: { line: 0, character: 0 }, end: randomPosition() } },
        r() < 0.2,
      );
    if (inFlight.length >= maxInFlight) {
      await Promise.all(inFlight);
      inFlight = [];
    }
    if (i % sampleEvery === 0) {
      await Promise.all(inFlight);
      inFlight = [];
      result.rss.push([i, client.rss()]);
    }
  }
  await Promise.all(inFlight);
  result.text = text;
  result.version = version;
  result.ms = performance.now() - t0;
  return result;
}

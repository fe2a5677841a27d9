/**
 * Protocol soak (small): random incremental edits with interleaved pulls, hovers, code actions,
 * completions, inlay hints and cancelled requests over stdio. The server answers every request
 * (or acknowledges its cancellation), never dies, and ends in sync with the client: its
 * diagnostics for the final text equal the in-process analysis of that text.
 * `npm run bench` runs the full soak (10,000 edits) and reports memory growth.
 */
import { strict as assert } from 'node:assert';
import { linesManifest } from '../../bench/generators';
import { BenchClient, OUR_SERVER } from '../../bench/lsp';
import { soak } from '../../bench/soak';
import { LineMap } from '../../server/src/syntax';
import { analyseAll } from './inputs';

describe('robustness: protocol soak (400 edits; the bench runs 10,000)', () => {
  it('answers everything, stays alive and stays in sync', async () => {
    const { text } = linesManifest(300, 21);
    const { client } = await BenchClient.start({
      script: OUR_SERVER,
      pull: true,
      sections: { vpcCniLint: {} },
    });
    const uri = 'file:///robustness/soak.yaml';
    try {
      const res = await soak(client, {
        edits: 400,
        seed: 1234,
        uri,
        text,
        resetEvery: 150,
        sampleEvery: 100,
      });
      assert.deepEqual(res.failures, []);
      assert.equal(res.answered + res.cancelled, res.requests);
      assert.ok(res.requests > 200, `${res.requests} requests`);
      assert.equal(client.exited, undefined, `server died: ${client.stderr}`);
      const final = await client.pull(uri);
      const expected = analyseAll(res.text, uri, 'yaml');
      const lines = new LineMap(res.text);
      const describe = (range: unknown, code: unknown, message: unknown) =>
        `${JSON.stringify(range)} ${String(code)} ${String(message)}`;
      assert.deepEqual(
        final.items.map((d) => describe(d.range, d.code, d.message)).sort(),
        expected.findings.map((f) => describe(lines.range(f.span), f.code, f.message)).sort(),
        'the server and the client disagree on the text',
      );
    } finally {
      assert.equal(await client.stop(), 0, client.stderr);
    }
  });
});

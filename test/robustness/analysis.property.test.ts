/**
 * Property-based robustness of the whole analysis, end to end: `parseDocument` + `analyze`,
 * then hover, completion, inlay hints and code actions (rule fixes and suppression fixes), on
 * random and mutated versions of the fixtures, the examples and generated documents. Nothing
 * may throw, no rule may fail, every span stays inside the text, and each input of about
 * 100 KB is analysed in under 100 ms (the one time bound the project allows in tests).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { complete, hover, inlayHints, suppressionFixes } from '../../server/src/analysis';
import { manifest } from '../../bench/generators';
import {
  analyseAll,
  applyMutation,
  withinBudget,
  mutationArb,
  pathologicalArb,
  seeds,
  type Seed,
} from './inputs';

const SEEDS = seeds();
const LANGUAGES = ['yaml', 'json', 'shellscript', 'toml', 'vpc-cni-user-data', 'plaintext'];

function inside(span: { start: number; end: number }, length: number): boolean {
  return (
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    span.start >= 0 &&
    span.start <= span.end &&
    span.end <= length
  );
}

/** Runs every editor feature on `text` and checks the invariants; throws on a violation. */
function exercise(text: string, uri: string, languageId: string, offsets: number[]): void {
  const { findings, ruleErrors, ctx } = analyseAll(text, uri, languageId);
  assert.deepEqual(ruleErrors, [], 'a rule threw');
  for (const f of findings) {
    assert.ok(inside(f.span, text.length), `${f.code} span ${JSON.stringify(f.span)} outside the text`);
    assert.equal(typeof f.message, 'string');
    for (const fix of [...(f.fixes ?? []), ...suppressionFixes(text, f, languageId)]) {
      for (const e of fix.edits) {
        if (e.uri === undefined || e.uri === uri)
          assert.ok(inside(e.span, text.length), `fix "${fix.title}" edit outside the text`);
        assert.equal(typeof e.newText, 'string');
      }
    }
  }
  for (const raw of offsets) {
    const offset = Math.min(raw, text.length);
    const h = hover(ctx, offset);
    if (h) {
      assert.ok(inside(h.span, text.length), 'hover span outside the text');
      assert.equal(typeof h.markdown, 'string');
    }
    for (const c of complete(ctx, offset)) {
      assert.equal(typeof c.label, 'string');
      if (c.replace) assert.ok(inside(c.replace, text.length), 'completion range outside the text');
    }
    for (const hint of inlayHints(ctx, { start: 0, end: offset })) {
      assert.ok(hint.offset >= 0 && hint.offset <= text.length, 'inlay hint outside the text');
    }
  }
  for (const hint of inlayHints(ctx, { start: 0, end: text.length }))
    assert.ok(hint.offset >= 0 && hint.offset <= text.length, 'inlay hint outside the text');
}

const seedArb: fc.Arbitrary<Seed> = fc.constantFrom(...SEEDS);
const offsetsArb = fc.array(fc.nat({ max: 200_000 }), { minLength: 1, maxLength: 6 });

describe('robustness: analysis end to end never throws', () => {
  it('has seeds from the fixtures and generators', () => {
    assert.ok(SEEDS.length >= 11, `${SEEDS.length} seeds`);
    assert.ok(SEEDS.some((s) => s.name.startsWith('test/fixtures/')));
  });

  it('on every seed as is, under every language id', () => {
    for (const s of SEEDS) {
      for (const lang of LANGUAGES) exercise(s.text, s.uri, lang, [0, s.text.length >> 1, s.text.length]);
    }
  });

  it('on mutated seeds (junk, invalid UTF-8, CRLF mixes, deletions, duplications)', () => {
    fc.assert(
      fc.property(
        seedArb.chain((s) =>
          fc.record({
            seed: fc.constant(s),
            mutations: fc.array(mutationArb(s.text.length), { minLength: 1, maxLength: 8 }),
            lang: fc.constantFrom(s.languageId, ...LANGUAGES),
            offsets: offsetsArb,
          }),
        ),
        ({ seed, mutations, lang, offsets }) => {
          const text = mutations.reduce(applyMutation, seed.text);
          exercise(
            text,
            seed.uri,
            lang,
            offsets.map((o) => o % (text.length + 1)),
          );
        },
      ),
      { numRuns: 300, seed: 20261122 },
    );
  });

  it('on pathological documents (deep nesting, huge lines, binary, thousands of markers)', () => {
    fc.assert(
      fc.property(pathologicalArb, fc.constantFrom(...LANGUAGES), offsetsArb, (text, lang, offsets) => {
        exercise(
          text,
          'file:///robustness/pathological.yaml',
          lang,
          offsets.map((o) => o % (text.length + 1)),
        );
      }),
      { numRuns: 120, seed: 7 },
    );
  });

  it('on pieces of seeds spliced into each other', () => {
    fc.assert(
      fc.property(seedArb, seedArb, fc.nat(), fc.nat(), offsetsArb, (a, b, i, j, offsets) => {
        const text = a.text.slice(0, i % (a.text.length + 1)) + b.text.slice(j % (b.text.length + 1));
        exercise(
          text,
          a.uri,
          a.languageId,
          offsets.map((o) => o % (text.length + 1)),
        );
      }),
      { numRuns: 150, seed: 3 },
    );
  });
});

describe('robustness: 100 KB inputs are analysed in under 100 ms each', () => {
  const big = [
    ['all-relevant manifest', manifest(100_000, 'all-relevant', 5).text],
    ['few-relevant manifest', manifest(100_000, 'few-relevant', 6).text],
  ] as const;

  it('warms up (and measures how slow the shared machine is now)', () => {
    assert.ok(withinBudget(100, () => undefined).ok);
    for (const [, text] of big) analyseAll(text, 'file:///warm.yaml', 'yaml');
  });

  for (const [name, text] of big) {
    it(`${name}, mutated`, () => {
      fc.assert(
        fc.property(
          fc.array(mutationArb(text.length), { maxLength: 6 }),
          fc.constantFrom('yaml', 'json', 'plaintext'),
          (mutations, lang) => {
            const input = mutations.reduce(applyMutation, text);
            let errors: string[] = [];
            const t = withinBudget(100, () => {
              errors = analyseAll(input, 'file:///robustness/big.yaml', lang).ruleErrors;
            });
            assert.deepEqual(errors, []);
            assert.ok(
              t.ok,
              `${(input.length / 1000).toFixed(0)} KB took ${t.ms.toFixed(0)} ms (limit ${t.limit.toFixed(0)})`,
            );
          },
        ),
        { numRuns: 12, seed: 100 },
      );
    });
  }

  it('pathological documents of 100 KB', () => {
    const inputs: Array<[string, string]> = [
      ['10,000 tiny documents', 'a: 1\n---\n'.repeat(10_000)],
      ['one 100 KB line', `key: ${'x'.repeat(100_000)}\n`],
      ['deep flow nesting', '['.repeat(50_000) + ']'.repeat(50_000)],
      [
        'deep block nesting',
        Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}k:\n`)
          .join('')
          .padEnd(100_000, '#'),
      ],
      ['many aliases', '- &a [1, 2]\n' + '- *a\n'.repeat(20_000)],
      [
        'binary junk',
        Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256)).toString('utf8'),
      ],
      [
        'a CRLF/LF mix',
        manifest(100_000, 'all-relevant', 9).text.replace(/\n/g, (_m, at: number) =>
          at % 3 === 0 ? '\r\n' : '\n',
        ),
      ],
    ];
    for (const [name, text] of inputs) {
      let errors: string[] = [];
      const t = withinBudget(100, () => {
        errors = analyseAll(text, 'file:///robustness/p.yaml', 'yaml').ruleErrors;
      });
      assert.deepEqual(errors, [], name);
      assert.ok(
        t.ok,
        `${name} (${(text.length / 1000).toFixed(0)} KB) took ${t.ms.toFixed(0)} ms (limit ${t.limit.toFixed(0)})`,
      );
    }
  });
});

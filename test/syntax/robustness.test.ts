/**
 * Robustness and speed of the syntax layer: random and mutated inputs never make
 * `parseDocument` (or the exported sub-parsers) throw, every span stays inside the text, and
 * Pathological 100 KB inputs are read in about the time the yaml library takes for 100 KB of
 * manifests, measured in the same run (no wall-clock limit). Relative speed against `yaml.parseAllDocuments` is
 * checked with generous bounds (the goals are 0.5x when few documents matter, 1.5x when all do).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import {
  looksLikeBase64,
  parseDocument,
  readBootstrapCalls,
  readBottlerocket,
  readUserData,
  splitYamlDocuments,
  View,
  type DocumentModel,
  type Span,
  type SyntaxProblem,
} from '../../server/src/syntax';
import { FIXTURES } from './helpers';

const fixtures = readdirSync(FIXTURES).map((name) => ({
  name,
  text: readFileSync(path.join(FIXTURES, name), 'utf8'),
}));

/** Every span in a model (walks the plain-data tree). */
function spans(model: DocumentModel): Span[] {
  const out: Span[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (!v || typeof v !== 'object' || depth > 40) return;
    const o = v as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number' && Object.keys(o).length === 2) {
      out.push(o as unknown as Span);
      return;
    }
    for (const x of Object.values(o)) walk(x, depth + 1);
  };
  walk(model, 0);
  return out;
}

function checkModel(text: string, uri: string, languageId?: string): DocumentModel {
  const model = parseDocument(text, languageId ? { uri, languageId } : { uri });
  for (const s of spans(model)) {
    assert.ok(
      s.start >= 0 && s.end >= s.start && s.end <= text.length,
      `span ${s.start}-${s.end} outside ${text.length}`,
    );
  }
  for (const p of model.problems) assert.ok(p.message.length > 0);
  return model;
}

const uris = [
  'file:///a.yaml',
  'file:///values.yaml',
  'file:///user-data',
  'file:///x.sh',
  'file:///b.toml',
  'file:///c.mime',
  'file:///d.json',
];

/** A fixture with random slices deleted, duplicated or replaced. */
const mutated = fc
  .record({
    f: fc.integer({ min: 0, max: fixtures.length - 1 }),
    edits: fc.array(
      fc.record({
        at: fc.nat(),
        del: fc.nat({ max: 40 }),
        ins: fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.constantFrom(
            '\n',
            '\r\n',
            '  ',
            '\t',
            '"',
            "'",
            '\\',
            '---\n',
            '- ',
            ': ',
            '{',
            '[',
            '*a',
            '&a ',
            '|\n',
            '--B',
            '#',
          ),
        ),
      }),
      { maxLength: 6 },
    ),
  })
  .map(({ f, edits }) => {
    let t = fixtures[f]?.text ?? '';
    for (const e of edits) {
      const at = t.length ? e.at % t.length : 0;
      t = t.slice(0, at) + e.ins + t.slice(at + e.del);
    }
    return t;
  });

describe('syntax: robustness (property)', () => {
  it('never throws on mutated fixtures, whatever the file name', () => {
    fc.assert(
      fc.property(mutated, fc.constantFrom(...uris), (text, uri) => {
        checkModel(text, uri);
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  it('never throws on random text and random bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 })),
        fc.constantFrom(...uris),
        (text, uri) => {
          checkModel(text, uri);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('sub-parsers never throw on random input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const problems: SyntaxProblem[] = [];
        const view = View.file(text);
        readUserData(view, problems);
        readBootstrapCalls(view, problems);
        readBottlerocket(view, problems);
        looksLikeBase64(text);
        const pieces = splitYamlDocuments(text);
        assert.equal(pieces[0]?.start, 0);
        assert.equal(pieces[pieces.length - 1]?.end, text.length);
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('splits YAML documents exactly where the yaml library does', () => {
    const parts = [
      'a: 1\n',
      '---\n',
      '--- x\n',
      'k: |\n  ---x\n',
      '#c\n',
      'b: "--- q"\n',
      '---x: 1\n',
      '...\n',
      'c:\n  - 1\n',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 10 }), (chosen) => {
        const text = chosen.join('');
        // Parsing piece by piece yields the same documents, with the same contents, as a whole.
        const whole = parseAllDocuments(text).map((d) => JSON.stringify('contents' in d ? d.toJS() : null));
        const pieces = splitYamlDocuments(text).flatMap((p) =>
          parseAllDocuments(text.slice(p.start, p.end)).map((d) =>
            JSON.stringify('contents' in d ? d.toJS() : null),
          ),
        );
        assert.deepEqual(pieces, whole, JSON.stringify(text));
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});

/** Builds about `size` characters of manifests; `relevantEvery` documents in N are aws-node/Karpenter. */
function manifest(size: number, relevantEvery: number): string {
  const deployment = (i: number): string =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\n  labels: {app: web}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          env:\n            - name: MODE\n              value: "prod"\n          ports: [{containerPort: 80}]\n`;
  const nodeClass = (i: number): string =>
    `apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata:\n  name: nc-${i}\nspec:\n  amiSelectorTerms: [{alias: al2023@latest}]\n  kubelet:\n    maxPods: 58\n  userData: |\n    apiVersion: node.eks.aws/v1alpha1\n    kind: NodeConfig\n    spec:\n      kubelet:\n        config:\n          maxPods: 29\n`;
  const daemonSet = (i: number): string =>
    `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: aws-node\n  namespace: ns-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          image: x/amazon-k8s-cni:v1.19.2\n          env:\n            - name: WARM_IP_TARGET\n              value: "5"\n            - name: ENABLE_PREFIX_DELEGATION\n              value: "true"\n`;
  const docs: string[] = [];
  let len = 0;
  for (let i = 0; len < size; i++) {
    const d =
      i % relevantEvery === 0 ? ((i / relevantEvery) % 2 ? nodeClass(i) : daemonSet(i)) : deployment(i);
    docs.push(d);
    len += d.length + 4;
  }
  return docs.join('---\n');
}

/**
 * Best of `runs` timings in milliseconds of CPU time of this process (so that other work on a
 * busy machine does not count), never more than the wall-clock time.
 */
function timeOf(fn: () => void, runs = 5): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    best = Math.min(best, Math.min(wall, (c.user + c.system) / 1000));
  }
  return best;
}

describe('syntax: speed', () => {
  const few = manifest(100_000, 40);
  const all = manifest(100_000, 1);

  it('reads each pathological 100 KB input in about the time the yaml library takes for 100 KB of manifests', () => {
    // The unit of time is measured in this run, so the bound holds on a loaded machine too: parsing
    // 100 KB of all-relevant manifests with the yaml library (close to 100 ms on a busy 2-core machine).
    const unit = timeOf(() => parseAllDocuments(all), 3);
    const inputs: Array<[string, string, string]> = [
      ['few relevant', few, 'file:///m.yaml'],
      ['all relevant', all, 'file:///m.yaml'],
      ['one long line', `key: ${'x'.repeat(100_000)}\n`, 'file:///m.yaml'],
      ['long shell line', `#!/bin/bash\n/etc/eks/bootstrap.sh c ${"'a' ".repeat(25_000)}\n`, 'file:///u.sh'],
      ['toml of spaces', `[settings.kubernetes]\n${' '.repeat(100_000)}\n`, 'file:///u.toml'],
      [
        'deep nesting',
        Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:\n`)
          .join('')
          .padEnd(100_000, '#'),
        'file:///m.yaml',
      ],
      ['flow nesting', `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`.padEnd(100_000, ' '), 'file:///m.yaml'],
      [
        'alias bomb',
        `a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: &d [*c, *c]\ne: &e [*d, *d]\nkind: DaemonSet\nmetadata: {name: aws-node}\nspec: *e\n`.repeat(
          400,
        ),
        'file:///m.yaml',
      ],
      ['many bootstrap.sh words', `#!/bin/bash\n${'bootstrap.sh '.repeat(8000)}`, 'file:///u.sh'],
      [
        'many empty MIME parts',
        `Content-Type: multipart/mixed; boundary=B\n\n${'--B\n\n'.repeat(20000)}`,
        'file:///a.mime',
      ],
      [
        'long user-data block',
        `kind: EC2NodeClass\nspec:\n  userData: |\n${'    x\n'.repeat(16000)}`,
        'file:///m.yaml',
      ],
      ['many directives', '# vpc-cni-lint-disable-next-line some-rule\n'.repeat(2400), 'file:///m.yaml'],
      [
        'long dotted TOML key',
        `[settings.kubernetes]\n${'a.b.c.d.e.f.g.h.i.j'.repeat(5000)}\n`,
        'file:///a.toml',
      ],
      [
        'binary junk',
        Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256)).toString('utf8'),
        'file:///m.yaml',
      ],
      [
        'base64 blob',
        Buffer.from('#!/bin/bash\n/etc/eks/bootstrap.sh c --use-max-pods false\n'.repeat(1400)).toString(
          'base64',
        ),
        'file:///user-data',
      ],
      [
        'mime with many parts',
        `Content-Type: multipart/mixed; boundary=B\n\n${'--B\nContent-Type: text/x-shellscript\n\n#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args "--max-pods=1"\n'.repeat(1000)}--B--\n`,
        'file:///u.mime',
      ],
    ];
    for (const [name, text, uri] of inputs) {
      checkModel(text, uri);
      const ms = timeOf(() => parseDocument(text, { uri }), 3);
      // We parse embedded user data on top of the YAML, so the bound is also relative to the
      // library's time on the same text.
      const lib = timeOf(() => parseAllDocuments(text), 3);
      const bound = 2 * Math.max(unit, lib);
      assert.ok(
        ms < bound,
        `${name} (${(text.length / 1000).toFixed(0)} KB) took ${ms.toFixed(1)} ms (library on it: ${lib.toFixed(1)} ms, on 100 KB of manifests: ${unit.toFixed(1)} ms)`,
      );
    }
  });

  it('is much faster than a full parse when few documents matter, and close to it when all do', () => {
    const lib = (t: string) => () => parseAllDocuments(t);
    const ours = (t: string) => () => parseDocument(t, { uri: 'file:///m.yaml' });
    const fewRatio = timeOf(ours(few)) / timeOf(lib(few));
    const allRatio = timeOf(ours(all)) / timeOf(lib(all));
    // Goals are 0.5x and 1.5x; the bounds leave room for noisy CI machines.
    assert.ok(fewRatio < 0.5, `few relevant: ${fewRatio.toFixed(2)}x of parseAllDocuments`);
    assert.ok(allRatio < 2, `all relevant: ${allRatio.toFixed(2)}x of parseAllDocuments`);
    const m = parseDocument(few, { uri: 'file:///m.yaml' });
    assert.ok(m.cni.length > 0 && m.nodes.length > 0);
  });
});

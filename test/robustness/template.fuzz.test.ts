/**
 * Template masking (`syntax/template.ts`, `templateScan.ts`) runs on every keystroke over text the
 * user controls (issue 17). Random and hostile templates never make it throw; the masked text keeps
 * the length, the line breaks and every character outside a reported action; and its time grows
 * linearly with the text. Crafted inputs that were quadratic before: many actions on one line,
 * whole-line actions below long comment runs or a long line, unclosed `{{`, `{{/*` and `${` runs,
 * strings that never close, `:#` runs that made a regex backtrack.
 *
 * Time is compared as a ratio, never against a wall clock: the masking time at n and 8n, each
 * divided by a linear scan of the same text measured in the same run. Linear masking keeps the
 * ratio near 1; a quadratic step makes it about 8.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseDocument, PLACEHOLDER } from '../../server/src/syntax';
import { maskTemplate, type MaskOptions } from '../../server/src/syntax/template';

const OPTIONS: MaskOptions[] = [
  { format: 'yaml', fileName: 'values.yaml' },
  { format: 'yaml', fileName: 'templates/_helpers.tpl' },
  { format: 'user-data', fileName: 'userdata.sh.tftpl' },
  { format: 'user-data', fileName: 'user-data.sh' },
];

/** Pieces templates are made of: delimiters, strings, YAML shapes, line breaks, odd characters. */
const PIECES = [
  '{{',
  '}}',
  '{{- ',
  ' -}}',
  '{{/*',
  '*/',
  '"',
  "'",
  '`',
  '${',
  '%{',
  '$${',
  '%%{',
  '}',
  '{',
  '%d',
  '%s',
  '%%',
  '%-5d',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '    ',
  '\t',
  'key:',
  'k: v',
  '- ',
  '-',
  'a',
  '#',
  ':',
  ' include "x" . ',
  '| nindent 4',
  '| indent 2',
  ' if .x ',
  ' end ',
  ' range .y ',
  '~',
  '\\',
  PLACEHOLDER,
  '\u2028',
  '\ud800',
  '\ufeff',
  'toYaml .Values.r',
  ' $v := 1 ',
  'endfor',
  'requirements:\n',
  '  - key: a\n',
];

const template = fc.array(fc.constantFrom(...PIECES), { maxLength: 120 }).map((p) => p.join(''));
const junk = fc.string({ unit: 'binary', maxLength: 300 });

/** The invariants of masking: same length, line breaks kept, changes only inside reported actions. */
function checkMasking(text: string, opts: MaskOptions): void {
  const m = maskTemplate(text, opts);
  assert.equal(m.text.length, text.length, 'same length');
  const actions = m.template?.actions ?? [];
  let k = 0;
  let prevEnd = 0;
  for (const a of actions) {
    assert.ok(a.start >= prevEnd && a.end > a.start && a.end <= text.length, 'sorted, disjoint, inside');
    prevEnd = a.end;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\n' || c === '\r') assert.equal(m.text[i], c, `line break kept at ${i}`);
    if (m.text[i] === c) continue;
    while (k < actions.length && (actions[k]?.end ?? 0) <= i) k++;
    const a = actions[k];
    assert.ok(a && a.start <= i && i < a.end, `character ${i} changed outside every action`);
  }
  for (const inj of m.template?.injections ?? [])
    assert.ok(
      actions.some((a) => a.start <= inj.start && inj.end <= a.end),
      'an injection lies in an action',
    );
}

let sink = 0;
function linearScan(s: string): void {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  sink ^= h;
}

function fastest(f: () => void, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return Math.max(best, 0.01);
}

/**
 * How much more masking costs per character at 8n than at n, each time relative to a linear scan of
 * the same text; the best of `trials` interleaved measurements (the machine is shared).
 */
function growth(small: string, large: string, opts: MaskOptions, trials: number): number {
  let best = Infinity;
  for (let t = 0; t < trials; t++) {
    const s = fastest(() => maskTemplate(small, opts), 5) / fastest(() => linearScan(small), 9);
    const l = fastest(() => maskTemplate(large, opts), 3) / fastest(() => linearScan(large), 5);
    best = Math.min(best, l / s);
  }
  return best;
}

const ACTION = '{{ include "x" . }}';
/** Hostile families: each makes a text of about `n` characters. */
const HOSTILE: Record<string, (n: number) => string> = {
  'many actions on one line': (n) => `a: ${'{{ .x }} '.repeat(n / 9)}\n`,
  'many actions on one line after text': (n) => `a: b ${'{{ .x }}'.repeat(n / 8)} c\n`,
  'many control actions on one line': (n) => `${'{{- if .x }}'.repeat(n / 12)}\n`,
  'whole-line actions, one per line': (n) => `a:\n${`  ${ACTION}\n`.repeat(n / 22)}`,
  'whole-line actions under a long comment run': (n) =>
    `${`# ${'c'.repeat(60)}\n`.repeat(150)}${`  ${ACTION}\n`.repeat(n / 22)}`,
  'whole-line actions under a long line': (n) => `k: ${'v'.repeat(n / 2)}\n${`  ${ACTION}\n`.repeat(n / 44)}`,
  'whole-line actions under a colon-hash line': (n) =>
    `${':#'.repeat(n / 4)}\u2028\n${`  ${ACTION}\n`.repeat(n / 44)}`,
  'unclosed {{': (n) => '{{ '.repeat(n / 3),
  'unclosed comments': (n) => '{{/* '.repeat(n / 5),
  'a comment run closed at the end': (n) => `${'{{/* '.repeat(n / 5)}*/ x`,
  'unclosed raw strings': (n) => '{{ `'.repeat(n / 4),
  'unclosed strings on one line': (n) => `a: ${'{{ "x '.repeat(n / 6)}\n`,
  'nested ${': (n) => `a: ${'${'.repeat(n / 2)}\n`,
  'nested %{ over lines': (n) => `a: ${'%{\n'.repeat(n / 3)}`,
  '${ with unclosed strings': (n) => `a: ${'${ "x '.repeat(n / 6)}\n`,
  'Terraform directives on every line': (n) => `${'%{ if x ~}\necho ${y}\n%{ endif ~}\n'.repeat(n / 35)}`,
};

describe('robustness: template masking', () => {
  it('fuzz: random templates never throw and keep length, line breaks and text outside actions', () => {
    fc.assert(
      fc.property(fc.oneof(template, junk), fc.constantFrom(...OPTIONS), (text, opts) => {
        checkMasking(text, opts);
      }),
      { numRuns: 3000 },
    );
  });

  it('fuzz: documents with random templates are read without throwing', () => {
    fc.assert(
      fc.property(template, (text) => {
        const model = parseDocument(text, { uri: 'file:///chart/templates/x.yaml', languageId: 'yaml' });
        assert.ok(Array.isArray(model.problems));
      }),
      { numRuns: 500 },
    );
  });

  it('hostile templates keep the invariants', () => {
    for (const [name, make] of Object.entries(HOSTILE))
      for (const opts of OPTIONS.slice(0, 3)) assert.doesNotThrow(() => checkMasking(make(4000), opts), name);
  });

  it('hostile templates are masked in time linear in their length', function () {
    this.timeout(300_000);
    const N = 24_000;
    const slow: string[] = [];
    for (const [name, make] of Object.entries(HOSTILE)) {
      for (const opts of [OPTIONS[0], OPTIONS[2]] as MaskOptions[]) {
        const small = make(N);
        const large = make(8 * N);
        // Linear: about 1; quadratic: about 8. Confirm a high ratio before reporting.
        let g = growth(small, large, opts, 1);
        if (g > 4) g = Math.min(g, growth(small, large, opts, 3));
        if (g > 4) slow.push(`${name} (${opts.format}): ${g.toFixed(1)}x more per character at 8n`);
      }
    }
    assert.deepEqual(slow, []);
    assert.ok(sink !== undefined);
  });
});

/**
 * Inputs for the property-based robustness tests: seed documents (the fixtures, the examples and
 * generated manifests and user data) and fast-check arbitraries that mutate them into hostile
 * text: binary junk, invalid UTF-8, huge lines, deep nesting, CRLF mixes, lone surrogates.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import {
  awsNodeDaemonSet,
  bootstrapUserData,
  bottlerocketUserData,
  cniConfigMap,
  deployment,
  ec2NodeClass,
  eksctlCluster,
  eniConfig,
  manifest,
  mimeUserData,
  nodePool,
  rng,
} from '../../bench/generators';
import {
  analyze,
  buildWorkspaceContext,
  defaultSettings,
  type Finding,
  type RuleContext,
} from '../../server/src/analysis';
import { defaultCatalog } from '../../server/src/engine/catalog';
import { parseDocument } from '../../server/src/syntax';

const ROOT = path.resolve(__dirname, '..', '..');

export interface Seed {
  name: string;
  uri: string;
  languageId: string;
  text: string;
}

function languageOf(file: string): string {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.toml') return 'toml';
  if (ext === '.sh') return 'shellscript';
  if (ext === '.mime' || /user-?data/i.test(path.basename(file))) return 'vpc-cni-user-data';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return 'plaintext';
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/** Every fixture and example file (small text files only), plus generated documents. */
export function seeds(): Seed[] {
  const files = [
    ...listFiles(path.join(ROOT, 'test', 'fixtures', 'cases')),
    ...listFiles(path.join(ROOT, 'examples')),
  ]
    .filter((f) => !f.endsWith('.json') || !f.endsWith('settings.json'))
    .filter((f) => statSync(f).size < 200_000)
    .sort();
  const out: Seed[] = files.map((f) => ({
    name: path.relative(ROOT, f),
    uri: `file://${f}`,
    languageId: languageOf(f),
    text: readFileSync(f, 'utf8'),
  }));
  const r = rng(11);
  const generated: Array<[string, string, string]> = [
    ['aws-node.yaml', 'yaml', awsNodeDaemonSet(r, 1)],
    ['nodeclass.yaml', 'yaml', ec2NodeClass(r, 1)],
    ['nodepool.yaml', 'yaml', nodePool(r, 1)],
    ['eksctl.yaml', 'yaml', eksctlCluster(r, 1)],
    ['eniconfig.yaml', 'yaml', eniConfig(r, 1)],
    ['cni-configmap.yaml', 'yaml', cniConfigMap(r)],
    ['deployment.yaml', 'yaml', deployment(r, 1)],
    ['user-data.mime', 'vpc-cni-user-data', mimeUserData(r)],
    ['bootstrap.sh', 'shellscript', bootstrapUserData(r)],
    ['bottlerocket.toml', 'toml', bottlerocketUserData(r)],
    ['mixed.yaml', 'yaml', [awsNodeDaemonSet(r, 2), deployment(r, 2), ec2NodeClass(r, 2)].join('---\n')],
  ];
  for (const [name, languageId, text] of generated)
    out.push({ name: `generated/${name}`, uri: `file:///generated/${name}`, languageId, text });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mutations

export type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number; to: number }
  | { kind: 'crlf'; every: number }
  | { kind: 'bytes'; at: number; bytes: Uint8Array }
  | { kind: 'truncate'; at: number };

const NASTY = [
  '\u0000',
  '\uFEFF',
  '\uD800',
  '\uDC00',
  '\r',
  '\r\n',
  '\t',
  '\u2028',
  '\u{1F600}',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  '&a ',
  '*a',
  '<<: *a\n',
  '!!binary ',
  '!custom ',
  '? ',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '|\n',
  '>-\n',
  ': ',
  '- ',
  '#',
  '\\',
  '${name}',
  '$(echo hi)',
  '--BOUNDARY\n',
  'Content-Type: multipart/mixed; boundary="X"\n',
  'MIME-Version: 1.0\n',
  '[settings.kubernetes]\n',
  'max-pods = ',
  '--max-pods=',
  'maxPods: ',
  '- name: ENABLE_PREFIX_DELEGATION\n  value: "true"\n',
  'value: "x"',
  'valueFrom: {}',
  'name: aws-node',
  'kind: DaemonSet\n',
  'kind: EC2NodeClass\n',
  'kind: NodeConfig\n',
  'userData: |\n',
  'instanceType: m5.large',
  '# vpc-cni-lint-disable-next-line',
  '# vpc-cni-lint: instance-types=',
];

export const mutationArb = (len: number): fc.Arbitrary<Mutation> => {
  const at = fc.integer({ min: 0, max: Math.max(0, len) });
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ kind: fc.constant('insert' as const), at, text: fc.constantFrom(...NASTY) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('insert' as const),
        at,
        text: fc.string({ unit: 'binary', maxLength: 30 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('delete' as const),
        at,
        length: fc.integer({ min: 1, max: 60 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('duplicate' as const),
        at,
        length: fc.integer({ min: 1, max: 300 }),
        to: at,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('crlf' as const), every: fc.integer({ min: 1, max: 5 }) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('bytes' as const),
        at,
        bytes: fc.uint8Array({ maxLength: 40 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }) },
  );
};

export function applyMutation(text: string, m: Mutation): string {
  const at = Math.min(m.kind === 'crlf' ? 0 : m.at, text.length);
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate': {
      const to = Math.min(m.to, text.length);
      return text.slice(0, to) + text.slice(at, at + m.length) + text.slice(to);
    }
    case 'crlf': {
      let i = 0;
      return text.replace(/\r?\n/g, () => (i++ % m.every === 0 ? '\r\n' : '\n'));
    }
    case 'bytes':
      // Random bytes decoded as UTF-8, as a file with invalid UTF-8 reads.
      return text.slice(0, at) + Buffer.from(m.bytes).toString('utf8') + text.slice(at);
    case 'truncate':
      return text.slice(0, at);
  }
}

/** Pathological whole documents. */
export const pathologicalArb: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 20_000 }).map((n) => '['.repeat(n)),
  fc.integer({ min: 1, max: 5_000 }).map((n) => '{a: '.repeat(n) + '1' + '}'.repeat(n)),
  fc
    .integer({ min: 1, max: 2_000 })
    .map((n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}- a:\n`).join('')),
  fc
    .integer({ min: 1, max: 3_000 })
    .map((n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:\n`).join('') + 'x'),
  fc.integer({ min: 1, max: 100_000 }).map((n) => `key: ${'x'.repeat(n)}\n`),
  fc.integer({ min: 1, max: 5_000 }).map((n) => '---\n'.repeat(n)),
  fc.integer({ min: 1, max: 5_000 }).map((n) => '- name: aws-node\n  env: *x\n'.repeat(n)),
  fc.uint8Array({ maxLength: 4000 }).map((b) => Buffer.from(b).toString('utf8')),
  fc.uint8Array({ maxLength: 4000 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.string({ unit: 'grapheme', maxLength: 500 }),
  fc.string({ unit: 'binary', maxLength: 2000 }),
  fc.constantFrom(
    '',
    '\n',
    '\r',
    '\r\n\r\n',
    '\uFEFF',
    'MIME-Version: 1.0\n',
    'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=""\n\n--\n',
    '#!/bin/bash\n/etc/eks/bootstrap.sh',
    '#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args',
    "#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args '--max-pods=",
    '[settings.kubernetes]\nmax-pods = 1e999\n',
    '[settings.kubernetes\n',
    'kind: DaemonSet\nmetadata: {name: aws-node}\nspec: {template: {spec: {containers: [{name: aws-node, env: 5}]}}}',
    'kind: DaemonSet\nmetadata: {name: aws-node}\nspec: {template: {spec: {containers: [{name: aws-node, env: [null, 1, {name: 3}]}]}}}',
    'kind: EC2NodeClass\nspec: {kubelet: {maxPods: -1e400}, userData: 7}\n',
    'kind: EC2NodeClass\nspec:\n  userData: !!binary AAAA\n',
    '{"env": {"ENABLE_PREFIX_DELEGATION": {"a": 1}}}',
    '{"env": [1, 2, 3]}',
    '[]',
    'null',
  ),
);

// ---------------------------------------------------------------------------------------------
// Running everything the editor runs on a text

const catalog = defaultCatalog();

export interface RunAll {
  findings: Finding[];
  ruleErrors: string[];
  ctx: RuleContext;
}

/** parseDocument + analyze, with rule failures collected rather than swallowed. */
export function analyseAll(text: string, uri: string, languageId: string): RunAll {
  const model = parseDocument(text, { uri, languageId });
  const workspace = buildWorkspaceContext([{ uri, model }]);
  const ctx: RuleContext = { uri, text, model, workspace, catalog, settings: defaultSettings };
  const ruleErrors: string[] = [];
  const findings = analyze(ctx, {
    onRuleError: (code, err) => ruleErrors.push(`${code}: ${(err as Error)?.stack ?? String(err)}`),
  });
  return { findings, ruleErrors, ctx };
}

/**
 * Milliseconds of the least noisy of up to `tries` runs. Others run tests on the same 2 cores,
 * so a run counts the smaller of its wall-clock time and the CPU time this process used: time
 * spent waiting for a core is not ours.
 */
export function bestOf(tries: number, f: () => void, goodEnough = 100): number {
  let best = Infinity;
  for (let i = 0; i < tries; i++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    f();
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu);
    best = Math.min(best, wall, (used.user + used.system) / 1000);
    if (best < goodEnough) break;
  }
  return best;
}

/** yaml's parseAllDocuments runs at about 3.5 MB/s on an idle machine of this kind (issue 7). */
const NOMINAL_FLOOR_MB_PER_S = 3.5;
let reference: string | undefined;

export interface Timed {
  /** Milliseconds of the best try (see {@link bestOf}). */
  ms: number;
  /** The bound it was held to in that try. */
  limit: number;
  ok: boolean;
}

/**
 * Holds `f` to `ms` milliseconds on a machine that parses YAML at the nominal speed. Each try
 * first measures the floor (parseAllDocuments of a reference 100 KB manifest) and scales the
 * bound up by how much slower the shared cores are at that moment (never down); then times
 * `f`. Passes when any of `tries` tries is within its bound.
 */
export function withinBudget(ms: number, f: () => void, tries = 5): Timed {
  reference ??= manifest(100_000, 'all-relevant', 1234).text;
  const nominal = (reference.length / 1e6 / NOMINAL_FLOOR_MB_PER_S) * 1000;
  let best: Timed = { ms: Infinity, limit: ms, ok: false };
  for (let i = 0; i < tries; i++) {
    const text = reference;
    const floor = bestOf(1, () => parseAllDocuments(text), 0);
    const limit = ms * Math.max(1, floor / nominal);
    const took = bestOf(1, f, 0);
    if (took - limit < best.ms - best.limit) best = { ms: took, limit, ok: took < limit };
    if (best.ok) break;
  }
  return best;
}

/**
 * Generates `docs/rules/<code>.md` from each rule file's top doc comment and its test fixtures (as checked
 * examples, with the text after each tested quick fix), `docs/rules/README.md` (the rules table) and the
 * README's "What it catches" table. `npm run docs` writes them; a unit test checks that the committed pages
 * are up to date.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../server/src/analysis/rules';
import { SYNTAX_CODES } from '../server/src/cli/check';
import { parseExpectations } from '../test/helpers/expectations';

export const ROOT = path.resolve(__dirname, '..');
export const RULES_DIR = path.join(ROOT, 'server', 'src', 'analysis', 'rules');
export const DOCS_DIR = path.join(ROOT, 'docs', 'rules');
export const FIXTURES_DIR = path.join(ROOT, 'test', 'fixtures', 'cases');
export const README = path.join(ROOT, 'README.md');

/** The first `/** ... *\/` block of a file, as Markdown (leading ` * ` removed). */
export function docComment(source: string): string | undefined {
  const m = /\/\*\*([\s\S]*?)\*\//.exec(source);
  if (!m) return undefined;
  return (m[1] ?? '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

const SYNTAX_DOCS: Record<string, string> = {
  'yaml-syntax': `A YAML document that does not parse, at the exact position the parser stopped.

**Triggers:** malformed YAML in a file that vpc-cni-lint reads (Kubernetes manifests, Helm values, add-on configuration, eksctl, Karpenter, NodeConfig).

**Why it matters:** kubectl, Helm, eksctl or nodeadm reject the file, and the settings in it never reach the cluster.

**Templates:** Helm chart templates, Go \`fmt\` fixtures and Terraform \`templatefile\` templates are read with every action masked by a placeholder of the same length (see [templates and unknown values](templates-and-unknowns.md)). Errors that the masking explains are not reported: duplicate keys (both branches of an \`if\` are read) and errors on a line that holds an action or next to one. Any other YAML error is.

**Fix:** correct the YAML at the marked position. When the Red Hat YAML extension is active in VS Code, it reports YAML syntax errors itself and this diagnostic is turned off to avoid duplicates.`,
  'invalid-user-data': `Node user data that cannot be read: malformed MIME multipart, invalid base64, TOML that does not parse, or unbalanced shell quoting.

**Triggers:** a user-data part (standalone or embedded in a launch template, eksctl or Karpenter field) that its consumer (cloud-init, nodeadm, Bottlerocket) would reject.

**Why it matters:** nodes boot without joining the cluster, or with the defaults instead of your max-pods and kubelet flags.

**Not reported:** MIME user data that ends with a delimiter line \`--BOUNDARY\` and no closing \`--BOUNDARY--\` (Karpenter's own examples do this; cloud-init accepts it, and so does Go's mime/multipart, which Karpenter merges an EC2NodeClass's user data with, when exactly one line break follows that last line, as in a \`|\` block). In an EC2NodeClass, a last \`--BOUNDARY\` with no line break after it (a \`|-\` block) or with blank lines after it (\`|+\`) is a warning: Go's reader then fails with "unexpected EOF". A last part that runs to the end of the text with no delimiter after it is a warning. In Terraform templates (\`*.tpl\`, \`*.tftpl\`), \`\${...}\` and \`%{ if ~}\`/\`%{ endif ~}\` are masked (see [templates and unknown values](templates-and-unknowns.md)); YAML or TOML errors inside templated user data that the masking explains are dropped.

**Fix:** correct the content at the marked position (MIME boundaries must match the \`boundary=\` parameter; base64 must decode; TOML keys must be unique).`,
  'file-too-large': `A file above the size limit is skipped.

**Triggers:** a file larger than \`vpcCniLint.maxFileSize\` (editor, default 5 MiB) or \`--max-file-size\` (CLI) whose first MiB shows something vpc-cni-lint reads (an \`aws-node\` DaemonSet, node definitions, user data...). Large files without any of it (logs, data dumps) are skipped silently.

**Why it matters:** analysis is skipped to keep the editor responsive; nothing in that file is checked.

**Fix:** raise the limit if the file really holds CNI or node settings.`,
  'invalid-config': `A bad key or value in the project config file (\`.vpc-cni-lint.yaml\` or \`.vpc-cni-lint.json\`), at the exact key or value.

**Triggers:** a key the schema (\`schemas/project-config.schema.json\`) does not have, a value of the wrong type or outside its allowed values, an unknown rule code under \`rules\` (a warning), a catalog entry under \`instanceTypes\` that the catalog loader rejects, a \`cniVersion\` that is not a version, a subnet CIDR outside /16 to /28, YAML or JSON that does not parse, and an \`extends\` that names a missing file or makes a cycle.

**Why it matters:** the part with the problem is ignored and the rest of the file applies, so the editor and CI run with settings other than the ones written (a rule you turned off reports, an instance type you described is unknown).

**Fix:** correct the key or value at the marked position; hovering a rule code under \`rules\` shows the rule and which setting wins.`,
};

export interface RuleDoc {
  code: string;
  file: string;
  content: string;
}

const label = { error: 'Error', warning: 'Warning', information: 'Information', hint: 'Hint' } as const;

export function renderRuleDocs(): RuleDoc[] {
  const docs: RuleDoc[] = [];
  const rows: string[] = [];
  for (const rule of allRules) {
    const source = readFileSync(path.join(RULES_DIR, `${rule.code}.ts`), 'utf8');
    const body = docComment(source) ?? '';
    docs.push({
      code: rule.code,
      file: path.join(DOCS_DIR, `${rule.code}.md`),
      content: `# \`${rule.code}\`\n\n${rule.title}. Default severity: **${label[rule.defaultSeverity]}**.\n\n${body}\n\n${footer(rule.code)}${examples(rule.code)}`,
    });
    rows.push(`| [\`${rule.code}\`](${rule.code}.md) | ${label[rule.defaultSeverity]} | ${rule.title} |`);
  }
  for (const meta of SYNTAX_CODES) {
    docs.push({
      code: meta.code,
      file: path.join(DOCS_DIR, `${meta.code}.md`),
      content: `# \`${meta.code}\`\n\n${meta.title}. Default severity: **${label[meta.defaultSeverity]}**.\n\n${SYNTAX_DOCS[meta.code] ?? ''}\n\n${footer(meta.code)}`,
    });
    rows.push(`| [\`${meta.code}\`](${meta.code}.md) | ${label[meta.defaultSeverity]} | ${meta.title} |`);
  }
  docs.push({
    code: 'templates-and-unknowns',
    file: path.join(DOCS_DIR, 'templates-and-unknowns.md'),
    content: unknownsPage(),
  });
  docs.push({
    code: 'README',
    file: path.join(DOCS_DIR, 'README.md'),
    content: `# Rules\n\nEvery diagnostic vpc-cni-lint reports, by code. Codes are stable. Each page is generated from the rule's source (\`npm run docs\`). [Which nodes and instance types the rules see](scope.md): Windows nodes, Karpenter requirements, uncertain selections. [Templates and unknown values](templates-and-unknowns.md): Helm, Go fixtures, Terraform \`templatefile\`, CloudFormation parameters.\n\n| code | default severity | what it catches |\n|---|---|---|\n${rows.join('\n')}\n`,
  });
  return docs;
}

const SYNTAX_DIR = path.join(ROOT, 'server', 'src', 'syntax');

/** The page on templates and unknown values: the doc comments of the modules that implement it. */
function unknownsPage(): string {
  const from = (file: string) =>
    (docComment(readFileSync(path.join(SYNTAX_DIR, file), 'utf8')) ?? '').replace(/\*\\\//g, '*/');
  return [
    '# Templates and unknown values',
    '',
    'Unknown is not wrong. A value vpc-cni-lint cannot know (a template action, a CloudFormation parameter without a default, an intrinsic function) is *unknown*, and no finding rests on it: a rule that would need it says nothing about it. Generated from `server/src/syntax/template.ts`, `unknown.ts` and `cloudformation.ts` (`npm run docs`).',
    '',
    '## Templates',
    '',
    from('template.ts'),
    '',
    '## Unknown values in the model',
    '',
    from('unknown.ts'),
    '',
    'A node definition with an unknown input (its instance types, requirements, max-pods, AMI family or pods-per-core) yields no instance types, and no defaults are assumed for it, so no capacity finding is drawn for it. A CNI settings source whose env a template opens (`unknownEntries`) is not used to conclude anything about settings it may hold. Any finding whose place, or a related place in the same file, touches an action is dropped.',
    '',
    '## CloudFormation parameters',
    '',
    (from('cloudformation.ts').split(/\n\s*\n/)[1] ?? '').trim(),
    '',
  ].join('\n');
}

function footer(code: string): string {
  return `Which nodes and instance types rules see (Windows nodes, Karpenter requirements, uncertain selections): [scope](scope.md). Template actions and other values that cannot be known: [templates and unknown values](templates-and-unknowns.md).\n\n## Configuration\n\n- Change the severity or turn it off: VS Code setting \`"vpcCniLint.rules": { "${code}": "off" }\`, CLI \`--rule ${code}=off\`.\n- Silence one occurrence: \`# vpc-cni-lint-disable-next-line ${code} -- reason\` on the line above; a whole file: \`# vpc-cni-lint-disable-file ${code}\`.\n`;
}

/** The first paragraph of a rule's doc comment, on one line. */
export function summary(code: string): string {
  const doc = docComment(readFileSync(path.join(RULES_DIR, `${code}.ts`), 'utf8')) ?? '';
  return (doc.split(/\n\s*\n/)[0] ?? '').replace(/\s*\n\s*/g, ' ').trim();
}

const TABLE_START = '<!-- rules table: generated by `npm run docs` from the rules, do not edit -->';
const TABLE_END = '<!-- end of rules table -->';

/** README.md with its "What it catches" table regenerated: one row a rule, in the order they run. */
export function renderReadme(current: string): string {
  const start = current.indexOf(TABLE_START);
  const end = current.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${TABLE_START} … ${TABLE_END}`);
  const rows = [
    ['problem', 'rule', 'default severity'],
    ...allRules.map((r) => [
      summary(r.code).replace(/\|/g, '\\|'),
      `[\`${r.code}\`](docs/rules/${r.code}.md)`,
      label[r.defaultSeverity],
    ]),
  ];
  // Aligned as Prettier aligns Markdown tables, so that `prettier --check` accepts the README as written.
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const table = [line(rows[0]), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join(
    '\n',
  );
  return `${current.slice(0, start)}${TABLE_START}\n\n${table}\n\n${current.slice(end)}`;
}

const FIX_FILE = /\.fix-\d+\.[^.]+$/;
const FENCE_LANG: Record<string, string> = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.toml': 'toml',
  '.sh': 'sh',
};

/** Fixture folders of a rule: named by its code, or by its code and a suffix that no longer code matches. */
export function fixtureDirs(code: string): string[] {
  if (!existsSync(FIXTURES_DIR)) return [];
  const codes = allRules.map((r) => r.code);
  const owner = (dir: string): string | undefined =>
    codes.filter((c) => dir === c || dir.startsWith(`${c}-`)).sort((a, b) => b.length - a.length)[0];
  return readdirSync(FIXTURES_DIR)
    .filter((d) => statSync(path.join(FIXTURES_DIR, d)).isDirectory() && owner(d) === code)
    .sort();
}

function fenced(text: string, file: string): string {
  const fence = text.includes('```') ? '````' : '```';
  const lang = FENCE_LANG[path.extname(file)] ?? 'text';
  return `${fence}${lang}\n${text.endsWith('\n') ? text : `${text}\n`}${fence}`;
}

/** The rule's fixtures as examples; each is checked by test/fixtures/fixtures.test.ts. */
function examples(code: string): string {
  const parts: string[] = [];
  for (const dir of fixtureDirs(code)) {
    const full = path.join(FIXTURES_DIR, dir);
    const files = readdirSync(full).sort();
    const settings = files.includes('settings.json')
      ? readFileSync(path.join(full, 'settings.json'), 'utf8')
      : undefined;
    if (settings)
      parts.push(`Settings for \`${dir}/\` (\`settings.json\`):\n\n${fenced(settings, 'settings.json')}`);
    for (const f of files) {
      if (f.endsWith('.expect') || f === 'settings.json' || FIX_FILE.test(f)) continue;
      if (!statSync(path.join(full, f)).isFile()) continue;
      const text = readFileSync(path.join(full, f), 'utf8');
      const sidecarFile = path.join(full, `${f}.expect`);
      const sidecar = existsSync(sidecarFile) ? readFileSync(sidecarFile, 'utf8') : undefined;
      const own = parseExpectations(text, sidecar).filter((e) => e.code === code).length;
      parts.push(
        `### \`${dir}/${f}\`\n\n${own ? `Reported (${own} finding${own > 1 ? 's' : ''} of this rule).` : 'Not reported by this rule.'}\n\n${fenced(text, f)}`,
      );
      if (sidecar) parts.push(`Expected findings (\`${f}.expect\`):\n\n${fenced(sidecar, 'x.txt')}`);
      const stem = f.replace(/\.[^.]+$/, '');
      for (const fix of files.filter((x) => x.startsWith(`${stem}.fix-`) && FIX_FILE.test(x))) {
        const after = readFileSync(path.join(full, fix), 'utf8');
        const title = /^#\s*fix:\s*(.+?)\s*$/m.exec(after)?.[1] ?? '';
        parts.push(
          `After the quick fix "${title}" (\`${fix}\`):\n\n${fenced(after.replace(/^#\s*fix:[^\n]*\n/, ''), fix)}`,
        );
      }
    }
  }
  if (!parts.length) return '';
  return `\n## Examples\n\nThe rule's test fixtures (\`test/fixtures/cases/\`), checked by the test suite. A comment with carets marks each expected finding (\`#  ^^^^ severity code "part of the message"\`); a fixture must list every finding it produces.\n\n${parts.join('\n\n')}\n`;
}

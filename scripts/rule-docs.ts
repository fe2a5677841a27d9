/**
 * Generates `docs/rules/<code>.md` from each rule file's top doc comment, plus
 * `docs/rules/README.md` (the rules table). `npm run docs` writes them; a unit test checks that
 * the committed pages are up to date.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../server/src/analysis/rules';
import { SYNTAX_CODES } from '../server/src/cli/check';

export const ROOT = path.resolve(__dirname, '..');
export const RULES_DIR = path.join(ROOT, 'server', 'src', 'analysis', 'rules');
export const DOCS_DIR = path.join(ROOT, 'docs', 'rules');

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

**Fix:** correct the YAML at the marked position. When the Red Hat YAML extension is active in VS Code, it reports YAML syntax errors itself and this diagnostic is turned off to avoid duplicates.`,
  'invalid-user-data': `Node user data that cannot be read: malformed MIME multipart, invalid base64, TOML that does not parse, or unbalanced shell quoting.

**Triggers:** a user-data part (standalone or embedded in a launch template, eksctl or Karpenter field) that its consumer (cloud-init, nodeadm, Bottlerocket) would reject.

**Why it matters:** nodes boot without joining the cluster, or with the defaults instead of your max-pods and kubelet flags.

**Fix:** correct the content at the marked position (MIME boundaries must match the \`boundary=\` parameter; base64 must decode; TOML keys must be unique).`,
  'file-too-large': `A file above the size limit is skipped.

**Triggers:** a file larger than \`vpcCniLint.maxFileSize\` (editor, default 5 MiB) or \`--max-file-size\` (CLI) whose first MiB shows something vpc-cni-lint reads (an \`aws-node\` DaemonSet, node definitions, user data...). Large files without any of it (logs, data dumps) are skipped silently.

**Why it matters:** analysis is skipped to keep the editor responsive; nothing in that file is checked.

**Fix:** raise the limit if the file really holds CNI or node settings.`,
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
      content: `# \`${rule.code}\`\n\n${rule.title}. Default severity: **${label[rule.defaultSeverity]}**.\n\n${body}\n\n${footer(rule.code)}`,
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
    code: 'README',
    file: path.join(DOCS_DIR, 'README.md'),
    content: `# Rules\n\nEvery diagnostic vpc-cni-lint reports, by code. Codes are stable. Each page is generated from the rule's source (\`npm run docs\`).\n\n| code | default severity | what it catches |\n|---|---|---|\n${rows.join('\n')}\n`,
  });
  return docs;
}

function footer(code: string): string {
  return `## Configuration\n\n- Change the severity or turn it off: VS Code setting \`"vpcCniLint.rules": { "${code}": "off" }\`, CLI \`--rule ${code}=off\`.\n- Silence one occurrence: \`# vpc-cni-lint-disable-next-line ${code} -- reason\` on the line above; a whole file: \`# vpc-cni-lint-disable-file ${code}\`.\n`;
}

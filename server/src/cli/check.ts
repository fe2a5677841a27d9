/** `vpc-cni-lint check`: the editor's analysis over files and folders, for CI. */
import { promises as fs } from 'node:fs';
import { analyze, allRules, buildWorkspaceContext, type AnalysisSettings, type RuleMeta } from '../analysis';
import type { Catalog } from '../engine';
import { LineMap, mightBeRelevant, parseDocument, type DocumentModel } from '../syntax';
import { expandPaths } from './files';
import { formatJson, formatSarif, formatText, type FileFinding } from './output';

export interface CheckOptions {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  catalog: Catalog;
  settings: AnalysisSettings;
  version: string;
  maxFileSize: number;
}

export interface CheckResult {
  output: string;
  findings: FileFinding[];
  errors: string[];
}

/** Codes that come from the syntax layer rather than a rule file. */
export const SYNTAX_CODES: RuleMeta[] = [
  { code: 'yaml-syntax', title: 'Malformed YAML', defaultSeverity: 'error' },
  {
    code: 'invalid-user-data',
    title: 'Malformed user data (MIME, base64, TOML, shell)',
    defaultSeverity: 'error',
  },
  { code: 'file-too-large', title: 'File skipped because of its size', defaultSeverity: 'information' },
];

async function readHead(file: string, bytes: number): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

export async function runCheck(opts: CheckOptions): Promise<CheckResult> {
  const files = await expandPaths(opts.paths);
  const errors: string[] = [];
  const docs: Array<{ file: string; text: string; model: DocumentModel }> = [];
  for (const file of files) {
    let text: string;
    try {
      const stat = await fs.stat(file);
      if (stat.size > opts.maxFileSize) {
        // Like the editor: a large file that shows nothing of interest in its first MiB is skipped silently.
        if (!mightBeRelevant(await readHead(file, 1 << 20))) continue;
        docs.push({
          file,
          text: '',
          model: {
            ...parseDocument(''),
            problems: [
              {
                code: 'file-too-large',
                severity: 'information',
                message: `skipped: ${stat.size} bytes is above the --max-file-size limit of ${opts.maxFileSize}`,
                span: { start: 0, end: 0 },
              },
            ],
          },
        });
        continue;
      }
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      errors.push(`${file}: ${(err as Error).message}`);
      continue;
    }
    docs.push({ file, text, model: parseDocument(text, { uri: file }) });
  }
  const workspace = buildWorkspaceContext(docs.map((d) => ({ uri: d.file, model: d.model })));
  const findings: FileFinding[] = [];
  for (const d of docs) {
    const lines = new LineMap(d.text);
    const results = analyze(
      {
        uri: d.file,
        text: d.text,
        model: d.model,
        workspace,
        catalog: opts.catalog,
        settings: opts.settings,
      },
      {
        onRuleError: (code, err) =>
          errors.push(`${d.file}: rule ${code} failed: ${(err as Error)?.message ?? err}`),
      },
    );
    for (const finding of results) {
      const r = lines.range(finding.span);
      findings.push({ file: d.file, finding, start: r.start, end: r.end });
    }
  }
  const rules: RuleMeta[] = [
    ...allRules.map((r) => ({ code: r.code, title: r.title, defaultSeverity: r.defaultSeverity })),
    ...SYNTAX_CODES,
  ];
  const output =
    opts.format === 'json'
      ? formatJson(findings)
      : opts.format === 'sarif'
        ? formatSarif(findings, rules, opts.version, 'https://example.invalid/vpc-cni-lint/')
        : formatText(findings);
  return { output, findings, errors };
}

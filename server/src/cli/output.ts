/** Output formats of `vpc-cni-lint check`: text, JSON and SARIF 2.1.0. */
import type { Finding, RuleMeta } from '../analysis';

export interface Position {
  line: number;
  character: number;
}

export interface FileFinding {
  file: string;
  finding: Finding;
  start: Position;
  end: Position;
}

export function formatText(results: FileFinding[]): string {
  return results
    .map(
      (r) =>
        `${r.file}:${r.start.line + 1}:${r.start.character + 1} ${r.finding.severity} ${r.finding.code} ${r.finding.message}`,
    )
    .join('\n');
}

export function formatJson(results: FileFinding[]): string {
  return JSON.stringify(
    {
      version: 1,
      findings: results.map((r) => ({
        file: r.file,
        range: { start: r.start, end: r.end },
        severity: r.finding.severity,
        code: r.finding.code,
        message: r.finding.message,
      })),
    },
    null,
    2,
  );
}

const sarifLevel = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

export function formatSarif(
  results: FileFinding[],
  rules: RuleMeta[],
  version: string,
  docsBase: string,
): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.code, i]));
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'vpc-cni-lint',
              version,
              informationUri: `${docsBase}README.md`,
              rules: rules.map((r) => ({
                id: r.code,
                name: r.code,
                shortDescription: { text: r.title },
                helpUri: `${docsBase}docs/rules/${r.code}.md`,
                defaultConfiguration: { level: sarifLevel[r.defaultSeverity] },
              })),
            },
          },
          results: results.map((r) => ({
            ruleId: r.finding.code,
            ...(ruleIndex.has(r.finding.code) ? { ruleIndex: ruleIndex.get(r.finding.code) } : {}),
            level: sarifLevel[r.finding.severity],
            message: { text: r.finding.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: r.file.split('\\').join('/') },
                  region: {
                    startLine: r.start.line + 1,
                    startColumn: r.start.character + 1,
                    endLine: r.end.line + 1,
                    endColumn: r.end.character + 1,
                  },
                },
              },
            ],
          })),
        },
      ],
    },
    null,
    2,
  );
}

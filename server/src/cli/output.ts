/**
 * Output formats of `vpc-cni-lint check`: text, JSON, SARIF 2.1.0, GitHub Actions workflow commands and
 * GitLab Code Quality. File names and messages come from the checked repository and are escaped for
 * each format (see escape.ts).
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { RuleMeta, Severity } from '../analysis';
import { escapeGithubData, escapeGithubProperty, escapeJson, escapeText, pathToUri } from './escape';

export interface Position {
  line: number;
  character: number;
}

/** One finding of one file, as the formats print it (plain data: cached and sent between threads). */
export interface FileFinding {
  file: string;
  code: string;
  severity: Severity;
  message: string;
  start: Position;
  end: Position;
}

export type Format = 'text' | 'json' | 'sarif' | 'github' | 'gitlab';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github', 'gitlab'];

const COLOR: Record<Severity, string> = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  information: '\x1b[36m',
  hint: '\x1b[2m',
};

export function formatText(results: FileFinding[], color = false): string {
  const paint = (code: string, s: string) => (color ? `${code}${s}\x1b[0m` : s);
  return results
    .map(
      (r) =>
        `${paint('\x1b[1m', escapeText(r.file))}:${r.start.line + 1}:${r.start.character + 1} ${paint(COLOR[r.severity], r.severity)} ${paint('\x1b[2m', r.code)} ${escapeText(r.message)}`,
    )
    .join('\n');
}

export function formatJson(results: FileFinding[]): string {
  return escapeJson(
    JSON.stringify(
      {
        version: 1,
        findings: results.map((r) => ({
          file: r.file,
          range: { start: r.start, end: r.end },
          severity: r.severity,
          code: r.code,
          message: r.message,
        })),
      },
      null,
      2,
    ),
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
  return escapeJson(
    JSON.stringify(
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
              ruleId: r.code,
              ...(ruleIndex.has(r.code) ? { ruleIndex: ruleIndex.get(r.code) } : {}),
              level: sarifLevel[r.severity],
              message: { text: r.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: pathToUri(r.file) },
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
    ),
  );
}

/**
 * GitHub Actions workflow commands: `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=T::MESSAGE`.
 * GitHub has error, warning and notice annotations; information and hint become notices.
 */
export function formatGithub(results: FileFinding[]): string {
  const command = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as const;
  return results
    .map((r) => {
      const props = [
        `file=${escapeGithubProperty(r.file.split('\\').join('/'))}`,
        `line=${r.start.line + 1}`,
        `col=${r.start.character + 1}`,
        `endLine=${r.end.line + 1}`,
        `endColumn=${r.end.character + 1}`,
        `title=${escapeGithubProperty(`vpc-cni-lint ${r.code}`)}`,
      ].join(',');
      return `::${command[r.severity]} ${props}::${escapeGithubData(r.message)}`;
    })
    .join('\n');
}

/**
 * GitLab Code Quality report (a JSON array; https://docs.gitlab.com/ci/testing/code_quality/).
 * Paths are relative to the working directory (the project root in a GitLab job). The fingerprint
 * is a hash of path, rule and message plus the occurrence among identical ones, not of the line,
 * so a finding keeps its fingerprint when lines above it move and GitLab can tell new from fixed.
 */
export function formatGitlab(results: FileFinding[], cwd = process.cwd()): string {
  const severity = { error: 'major', warning: 'minor', information: 'info', hint: 'info' } as const;
  const seen = new Map<string, number>();
  return escapeJson(
    JSON.stringify(
      results.map((r) => {
        const rel = path.isAbsolute(r.file) ? path.relative(cwd, r.file) : r.file;
        const file = (rel.startsWith('..') ? r.file : rel).split(path.sep).join('/');
        const key = `${file}\0${r.code}\0${r.message}`;
        const n = seen.get(key) ?? 0;
        seen.set(key, n + 1);
        return {
          description: r.message,
          check_name: r.code,
          fingerprint: createHash('sha256').update(`${key}\0${n}`).digest('hex').slice(0, 32),
          severity: severity[r.severity],
          location: {
            path: file,
            positions: {
              begin: { line: r.start.line + 1, column: r.start.character + 1 },
              end: { line: r.end.line + 1, column: r.end.character + 1 },
            },
          },
        };
      }),
      null,
      2,
    ),
  );
}

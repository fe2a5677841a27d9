/**
 * The corpus: files written by us in the shapes real repositories use (Helm chart templates, Terraform
 * `templatefile` templates, Karpenter-style MIME user data, CloudFormation with parameters, eksctl with
 * defaults, Cluster API, kustomize output, CRLF and comments), none copied from upstream.
 *
 * Every folder under test/corpus/ is one repository: its files are analysed together, as `check .` would.
 * A file states what it should report with the inline expectations of the fixture tests
 * (test/helpers/expectations.ts: carets under the text, or `# expect:` lines, or `<file>.expect`); a file
 * without any must report nothing at all. To add a case, drop a file into a folder (or a new folder):
 * nothing to register. `settings.json` in a folder holds analysis settings, as in test/fixtures.
 *
 * The point is precision: a finding that is not expected fails the test with its message.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { analyseFiles } from '../helpers/analyze';
import { describeExpectation, parseExpectations } from '../helpers/expectations';

const ROOT = __dirname;

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? listFiles(full) : [full];
    })
    .filter((f) => !f.endsWith('.expect') && path.basename(f) !== 'settings.json')
    .sort();
}

const repos = readdirSync(ROOT)
  .filter((name) => statSync(path.join(ROOT, name)).isDirectory())
  .sort();

describe('corpus: nothing false on files shaped like real repositories', () => {
  it('holds at least 60 files', () => {
    const n = repos.reduce((sum, r) => sum + listFiles(path.join(ROOT, r)).length, 0);
    assert.ok(n >= 60, `the corpus has ${n} files`);
  });

  for (const repo of repos) {
    describe(repo, () => {
      const dir = path.join(ROOT, repo);
      const settingsFile = path.join(dir, 'settings.json');
      const settings = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
      const files = listFiles(dir).map((file) => ({ uri: file, text: readFileSync(file, 'utf8') }));
      for (const result of analyseFiles(files, settings, settings.instanceTypes)) {
        const rel = path.relative(dir, result.uri);
        it(rel, () => {
          const sidecar = existsSync(`${result.uri}.expect`)
            ? readFileSync(`${result.uri}.expect`, 'utf8')
            : undefined;
          const expectations = parseExpectations(result.text, sidecar);
          const actual = result.findings
            .map((f) =>
              describeExpectation({ severity: f.severity, code: f.code, ...result.lines.range(f.span) }),
            )
            .sort();
          assert.deepEqual(
            actual,
            expectations.map(describeExpectation).sort(),
            `findings of ${repo}/${rel}:\n${result.findings.map((f) => `  ${f.code}: ${f.message}`).join('\n')}`,
          );
          for (const e of expectations.filter((x) => x.message)) {
            const hit = result.findings.find(
              (f) => f.code === e.code && result.lines.range(f.span).start.line === e.start.line,
            );
            assert.ok(
              hit?.message.includes(e.message ?? ''),
              `${rel}:${e.at}: message should contain "${e.message}"`,
            );
          }
        });
      }
    });
  }
});

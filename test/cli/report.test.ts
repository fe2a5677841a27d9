import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SaxesParser } from 'saxes';
import { runCli } from '../../server/src/cli/main';
import { mdCell, REPORT_CSS, reportCsp } from '../../server/src/pictures';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

describe('cli: report', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vcl-report-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--help prints the usage; bad arguments are usage errors (exit 2)', async () => {
    const help = await runCli(['report', '--help']);
    assert.equal(help.exitCode, 0);
    assert.match(help.stdout, /--html FILE/);
    assert.match(help.stdout, /--format html\|markdown/);
    for (const [args, msg] of [
      [[], /at least one file or folder/],
      [[EXAMPLES, '--format', 'pdf'], /--format must be html or markdown/],
      [[EXAMPLES, '--pods', '-3'], /unknown option -3|--pods must be an integer/],
      [[EXAMPLES, '--pods', 'x'], /--pods must be an integer/],
      [[EXAMPLES, '--what-if', 'NOPE'], /--what-if takes NAME=VALUE/],
      [[EXAMPLES, '--html'], /--html needs a value/],
      [[EXAMPLES, '--bogus'], /unknown option --bogus/],
      [[EXAMPLES, '--html', 'a.html', '--format', 'markdown'], /leave out --format markdown/],
    ] as const) {
      const r = await runCli(['report', ...args]);
      assert.equal(r.exitCode, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, msg);
    }
  });

  it('--html FILE: one self-contained page with every node, its findings and pictures', async () => {
    const out = path.join(dir, 'report.html');
    const r = await runCli(['report', EXAMPLES, '--html', out]);
    assert.ok(r.exitCode === 0 || r.exitCode === 1, r.stderr);
    assert.match(r.stderr, /wrote .*report\.html \(\d+ nodes, \d+ findings\)/);
    const html = readFileSync(out, 'utf8');
    // nothing that runs or loads: no script, link, import or remote URL; the style allowed by its hash only
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    const csp = reportCsp(REPORT_CSS);
    assert.match(csp, /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    assert.ok(html.includes(`<style>${REPORT_CSS}</style>`));
    const sections = html.match(/<section class="node"/g)?.length ?? 0;
    assert.ok(sections >= 3);
    assert.equal(html.match(/<svg [^>]*class="vcl-pic vcl-grid-pic"/g)?.length, sections);
    assert.equal(html.match(/<svg [^>]*class="vcl-pic vcl-timeline-pic"/g)?.length, sections);
    // the body is well-formed XML (every picture and table closes)
    const body = html.slice(html.indexOf('<body>'), html.indexOf('</body>') + 7).replace(/&nbsp;/g, ' ');
    const p = new SaxesParser();
    p.on('error', (e) => {
      throw e;
    });
    p.write(body).close();
  });

  it('escapes what the repository writes (file names and values)', async () => {
    const name = 'evil<script>&"q".yaml';
    writeFileSync(
      path.join(dir, name),
      '# vpc-cni-lint: instance-types=m5.large\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: aws-node\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          env:\n            - name: WARM_ENI_TARGET\n              value: "<b>x</b>"\n',
    );
    const out = path.join(dir, 'r.html');
    const r = await runCli(['report', dir, '--html', out]);
    assert.ok(r.exitCode <= 1, r.stderr);
    const html = readFileSync(out, 'utf8');
    assert.ok(!html.includes('<script>&'));
    assert.ok(!html.includes('<b>x</b>'));
    assert.ok(html.includes('evil&lt;script&gt;&amp;&quot;q&quot;.yaml'));
  });

  it('--format markdown: the numbers as tables, cells escaped', async () => {
    const r = await runCli(['report', EXAMPLES, '--format', 'markdown', '--no-timeline']);
    assert.ok(r.exitCode === 0 || r.exitCode === 1, r.stderr);
    assert.match(r.stdout, /^## VPC CNI allocation report/);
    assert.match(r.stdout, /\| file \| node \| instance type \| IP mode \| real capacity \|/);
    assert.match(r.stdout, /### max-pods by tool/);
    assert.match(r.stdout, /### Findings/);
    assert.doesNotMatch(r.stdout, /### Burst timelines/);
    // every table row has as many cells as its header
    for (const block of r.stdout.split('\n\n').filter((b) => b.startsWith('|'))) {
      const rows = block.split('\n').filter(Boolean);
      const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length;
      for (const row of rows) assert.equal(cells(row), cells(rows[0] ?? ''), row);
    }
    assert.equal(mdCell('a|b\nc <x> & *y*'), 'a\\|b c &lt;x&gt; &amp; \\*y\\*');
  });

  it('an unwritable output file is a clear error (exit 2)', async () => {
    const r = await runCli(['report', EXAMPLES, '--html', path.join(dir, 'no', 'such', 'dir', 'r.html')]);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /cannot write .*r\.html/);
  });
});

/**
 * The report pages: one self-contained HTML file (inline CSS and SVG, no script, nothing from the network, a
 * strict Content-Security-Policy) and a Markdown page for a pull-request comment, from plain data the CLI gathers
 * (files, findings, nodes with their slot grid and burst timeline). Every value from the repository is escaped.
 * Pure.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { type SlotGrid, STATE_TEXT, TOOL_TEXT } from './grid';
import { gridSummary, gridSvg } from './gridSvg';
import { esc, fmt, PICTURE_CSS } from './svg';
import { type TimelineModel, timelineSummary, timelineSvg } from './timeline';

export type ReportSeverity = 'error' | 'warning' | 'information' | 'hint';

export interface ReportFinding {
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  severity: ReportSeverity;
  code: string;
  message: string;
}

export interface ReportNode {
  file: string;
  /** `NodePool "default"`, `managedNodeGroups[0] "workers"`. */
  label: string;
  instanceType: string;
  /** Where the settings come from: `aws-node DaemonSet in cni/aws-node.yaml`, `the CNI defaults`. */
  settingsFrom: string;
  /** `Karpenter computes 29`, ... */
  maxPodsOrigin: string;
  /** The cluster's name where known. */
  cluster?: string;
  grid: SlotGrid;
  /** The burst timelines: the settings in force, and a what-if beside them when asked. */
  timelines: TimelineModel[];
  burst?: { pods: number; nodes: number; seconds: number; subnet?: string };
}

export interface ReportData {
  title: string;
  /** `vpc-cni-lint 0.1.0`. */
  generator: string;
  paths: string[];
  files: number;
  findings: ReportFinding[];
  nodes: ReportNode[];
  /** Nodes left out to bound the report's size. */
  nodesLeftOut: number;
  notes: string[];
}

const PAGE_CSS = `
:root { color-scheme: light dark; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1b1b1b; background: #fff; }
main, header, nav, footer { max-width: 1200px; margin: 0 auto; padding: 0 16px; }
a { color: #0b57d0; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { border: 1px solid #c4c4c4; padding: 3px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
figure { margin: 12px 0 20px; overflow-x: auto; }
figcaption { max-width: 70em; color: #444; }
.sev-error { color: #a50e0e; font-weight: 600; }
.sev-warning { color: #7a4b00; font-weight: 600; }
.node { border-top: 1px solid #c4c4c4; padding-top: 8px; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 90%; }
.skip { position: absolute; left: -10000px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px; }
@media (prefers-color-scheme: dark) {
  body { color: #e6e6e6; background: #1e1e1e; }
  a { color: #8ab4f8; }
  th, td { border-color: #555; }
  figcaption { color: #c8c8c8; }
  .sev-error { color: #ff8a80; }
  .sev-warning { color: #ffd54f; }
  .skip:focus { background: #1e1e1e; }
}
`.trim();

/** The stylesheet of the HTML report (page and pictures): one `<style>` element, allowed by its hash. */
export const REPORT_CSS = `${PAGE_CSS}\n${PICTURE_CSS}`;

const SEVERITY_ORDER: ReportSeverity[] = ['error', 'warning', 'information', 'hint'];

function counts(findings: ReportFinding[]): Record<ReportSeverity, number> {
  const c = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

function anchor(i: number): string {
  return `node-${i + 1}`;
}

function nodeMode(g: SlotGrid): string {
  if (!g.known) return 'unknown type';
  if (!g.starts) return 'aws-node does not start';
  return g.mode === 'prefix' ? 'prefix delegation' : g.mode === 'ipv6' ? 'IPv6' : 'secondary IPs';
}

function toolsTable(g: SlotGrid, caption: string): string {
  const rows = g.tools
    .map(
      (t) =>
        `<tr><th scope="row">${esc(TOOL_TEXT[t.tool])}</th><td class="num">${esc(fmt(t.value))}</td><td>${esc(
          t.value !== null && g.engine.capacity !== null && t.value > g.engine.capacity
            ? 'above the real capacity'
            : t.uncertain
              ? `may differ: ${t.uncertain}`
              : '',
        )}</td></tr>`,
    )
    .join('');
  return `<table><caption>${esc(caption)}</caption><thead><tr><th scope="col">tool</th><th scope="col" class="num">max-pods</th><th scope="col">note</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function stateTable(g: SlotGrid, caption: string): string {
  const rows = (['used', 'warm', 'not-allocated', 'unusable', 'eni-address'] as const)
    .map(
      (s) =>
        `<tr><th scope="row">${esc(STATE_TEXT[s])}</th><td class="num">${esc(fmt(g.totals[s].cells))}</td><td class="num">${esc(fmt(g.totals[s].addresses))}</td></tr>`,
    )
    .join('');
  return `<table><caption>${esc(caption)}</caption><thead><tr><th scope="col">state</th><th scope="col" class="num">slots</th><th scope="col" class="num">addresses</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function findingsTable(findings: ReportFinding[], caption: string): string {
  if (findings.length === 0) return `<p>${esc(`${caption}: none.`)}</p>`;
  const rows = findings
    .map(
      (f) =>
        `<tr><td>${esc(`${f.line}:${f.column}`)}</td><td class="sev-${esc(f.severity)}">${esc(f.severity)}</td><td><code>${esc(f.code)}</code></td><td>${esc(f.message)}</td></tr>`,
    )
    .join('');
  return `<table><caption>${esc(caption)}</caption><thead><tr><th scope="col">line:col</th><th scope="col">severity</th><th scope="col">rule</th><th scope="col">message</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A `Content-Security-Policy` that allows nothing but the report's one stylesheet (by its hash). */
export function reportCsp(css = REPORT_CSS): string {
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'`;
}

/** The HTML report. */
export function reportHtml(d: ReportData): string {
  const c = counts(d.findings);
  const byFile = new Map<string, ReportFinding[]>();
  for (const f of d.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(reportCsp())}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(d.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<a class="skip" href="#main">Skip to the report</a>',
    `<header><h1>${esc(d.title)}</h1>`,
    `<p>${esc(`${d.generator} on ${d.paths.join(', ')}: ${fmt(d.files)} files, ${fmt(d.nodes.length)} nodes, ${fmt(c.error)} errors, ${fmt(c.warning)} warnings, ${fmt(c.information + c.hint)} other findings.`)}</p>`,
    '</header>',
  ];
  if (d.nodes.length > 0) {
    out.push('<nav aria-label="Nodes"><h2>Nodes</h2><ul>');
    d.nodes.forEach((nd, i) =>
      out.push(
        `<li><a href="#${anchor(i)}">${esc(`${nd.label}, ${nd.instanceType}`)}</a> <span>${esc(`(${nd.file})`)}</span></li>`,
      ),
    );
    out.push('</ul></nav>');
  }
  out.push('<main id="main">');
  // summary table
  if (d.nodes.length > 0) {
    out.push(
      '<h2>Summary</h2><table id="summary"><caption>Every node and instance type, under the CNI settings that apply to it</caption><thead><tr>' +
        [
          'file',
          'node',
          'instance type',
          'IP mode',
          'real capacity',
          'node max-pods',
          'ENIs at the pod count',
          'findings in the file',
        ]
          .map((h, k) => `<th scope="col"${k >= 4 ? ' class="num"' : ''}>${esc(h)}</th>`)
          .join('') +
        '</tr></thead><tbody>',
    );
    d.nodes.forEach((nd, i) => {
      const g = nd.grid;
      out.push(
        `<tr><td>${esc(nd.file)}</td><td><a href="#${anchor(i)}">${esc(nd.label)}</a></td><td>${esc(nd.instanceType)}</td><td>${esc(nodeMode(g))}</td>` +
          `<td class="num">${esc(fmt(g.engine.capacity))}</td><td class="num">${esc(fmt(g.engine.maxPods))}</td><td class="num">${esc(fmt(g.engine.enis))}</td>` +
          `<td class="num">${esc(fmt(byFile.get(nd.file)?.length ?? 0))}</td></tr>`,
      );
    });
    out.push('</tbody></table>');
  }
  if (d.nodesLeftOut > 0)
    out.push(
      `<p>${esc(`${fmt(d.nodesLeftOut)} more node and type pairs are left out to keep the report small.`)}</p>`,
    );
  for (const n of d.notes) out.push(`<p>${esc(n)}</p>`);

  // nodes
  d.nodes.forEach((nd, i) => {
    const g = nd.grid;
    out.push(
      `<section class="node" id="${anchor(i)}" aria-labelledby="${anchor(i)}-h"><h2 id="${anchor(i)}-h">${esc(`${nd.label}: ${nd.instanceType}`)}</h2>`,
      `<p>${esc(`${nd.file}${nd.cluster ? `, ${nd.cluster}` : ''}. CNI settings: ${nd.settingsFrom}. Node max-pods: ${nd.maxPodsOrigin}.`)}</p>`,
      `<figure>${gridSvg(g, { idPrefix: `${anchor(i)}-grid` })}<figcaption>${esc(gridSummary(g))}</figcaption></figure>`,
      stateTable(g, `Address slots of ${nd.instanceType} with ${fmt(g.pods)} pods`),
      toolsTable(g, `max-pods of each tool beside the real capacity (${fmt(g.engine.capacity)})`),
    );
    if (nd.timelines.length > 0) {
      const b = nd.burst;
      const title = b
        ? `Burst: ${fmt(b.pods)} pods over ${fmt(b.seconds)} s on ${fmt(b.nodes)} ${nd.instanceType} nodes${b.subnet ? ` in ${b.subnet}` : ''}`
        : 'Burst timeline';
      out.push(
        `<figure>${timelineSvg(nd.timelines, { idPrefix: `${anchor(i)}-tl`, title })}<figcaption>${esc(nd.timelines.map(timelineSummary).join(' '))}</figcaption></figure>`,
      );
      for (const t of nd.timelines) for (const n of t.notes) out.push(`<p>${esc(n)}</p>`);
    }
    const own = byFile.get(nd.file) ?? [];
    out.push(findingsTable(own, `Findings in ${nd.file}`), '</section>');
  });

  // every file's findings
  out.push('<section aria-labelledby="findings-h"><h2 id="findings-h">Findings</h2>');
  if (d.findings.length === 0) out.push('<p>No findings.</p>');
  for (const [file, fs] of byFile)
    out.push(`<h3>${esc(file)}</h3>`, findingsTable(fs, `Findings in ${file}`));
  out.push('</section>', '</main>');
  out.push(
    `<footer><p>${esc(`Generated by ${d.generator}. Steady states assume pods placed densely on a fresh node (a lower bound); timelines come from the event simulation of ipamd.`)}</p></footer>`,
  );
  out.push('</body>', '</html>', '');
  return out.join('\n');
}

/** Markdown cell: pipes, newlines, HTML and Markdown punctuation escaped so a value cannot break out. */
export function mdCell(v: unknown): string {
  return String(v)
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[\\`*_[\]|~<>&]/g, (c) =>
      c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`,
    );
}

function mdTable(head: string[], rows: unknown[][]): string {
  return [
    `| ${head.map(mdCell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ].join('\n');
}

/** The Markdown page (pull-request comment): the numbers as tables, no pictures. */
export function reportMarkdown(d: ReportData): string {
  const c = counts(d.findings);
  const out: string[] = [
    `## ${mdCell(d.title)}`,
    '',
    mdCell(
      `${d.generator}: ${fmt(d.files)} files, ${fmt(d.nodes.length)} nodes, ${fmt(c.error)} errors, ${fmt(c.warning)} warnings, ${fmt(c.information + c.hint)} other findings.`,
    ),
    '',
  ];
  if (d.nodes.length > 0) {
    out.push(
      '### Nodes',
      '',
      mdTable(
        [
          'file',
          'node',
          'instance type',
          'IP mode',
          'real capacity',
          'node max-pods',
          'pods',
          'ENIs',
          'used',
          'warm',
          'not allocated',
          'unusable',
          'subnet addresses',
        ],
        d.nodes.map((nd) => {
          const g = nd.grid;
          return [
            nd.file,
            nd.label,
            nd.instanceType,
            nodeMode(g),
            fmt(g.engine.capacity),
            fmt(g.engine.maxPods),
            fmt(g.pods),
            fmt(g.engine.enis),
            fmt(g.totals.used.addresses),
            fmt(g.totals.warm.addresses),
            fmt(g.totals['not-allocated'].addresses),
            fmt(g.totals.unusable.addresses),
            fmt(g.engine.subnetAddresses),
          ];
        }),
      ),
      '',
      '### max-pods by tool',
      '',
      mdTable(
        ['node', 'instance type', ...Object.values(TOOL_TEXT)],
        d.nodes.map((nd) => [
          nd.label,
          nd.instanceType,
          ...(Object.keys(TOOL_TEXT) as (keyof typeof TOOL_TEXT)[]).map((t) =>
            fmt(nd.grid.tools.find((x) => x.tool === t)?.value ?? null),
          ),
        ]),
      ),
      '',
    );
    const bursts = d.nodes.filter((nd) => nd.timelines.length > 0);
    if (bursts.length > 0) {
      out.push(
        '### Burst timelines',
        '',
        mdTable(
          [
            'node',
            'instance type',
            'settings',
            'burst',
            'most pods waiting',
            'longest wait (s)',
            'p90 wait (s)',
            'max ENIs',
            'max addresses',
            'subnet left at the end',
          ],
          bursts.flatMap((nd) =>
            nd.timelines.map((t) => [
              nd.label,
              nd.instanceType,
              t.label,
              nd.burst ? `${nd.burst.pods} pods / ${nd.burst.seconds} s / ${nd.burst.nodes} nodes` : '',
              fmt(t.maxima.pending),
              fmt(t.maxWaitS),
              fmt(t.p90WaitS),
              fmt(t.maxima.enis),
              fmt(t.maxima.ips),
              t.subnetFree === null ? 'n/a' : fmt(t.points[t.points.length - 1]?.subnetLeft ?? null),
            ]),
          ),
        ),
        '',
      );
    }
  }
  if (d.nodesLeftOut > 0)
    out.push(mdCell(`${fmt(d.nodesLeftOut)} more node and type pairs are left out.`), '');
  out.push('### Findings', '');
  if (d.findings.length === 0) out.push('No findings.', '');
  else
    out.push(
      mdTable(
        ['file', 'line', 'severity', 'rule', 'message'],
        [...d.findings]
          .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity))
          .map((f) => [f.file, `${f.line}:${f.column}`, f.severity, f.code, f.message]),
      ),
      '',
    );
  return out.join('\n');
}

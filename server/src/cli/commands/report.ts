/**
 * `vpc-cni-lint report <paths> --html FILE`: every node of the given files and folders, under the CNI settings
 * that apply to it, with its findings and pictures (slot grid, burst timeline), as one self-contained HTML file;
 * `--format markdown` prints the numbers as tables for a pull-request comment.
 *
 * Findings come from `check` itself (`runCheck`: the same walk, project configs, analysis). The nodes come from
 * the same models: each file is parsed, the cluster model built over all of them, and each file's node
 * definitions and instance types taken in its cluster context (`analysis/allocation.ts`, the inputs the editor's
 * allocation view uses); the pictures module lays them out. Exit codes as `check`: 0, 1 an error-severity
 * finding, 2 usage error or an unreadable path.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  allocationInputs,
  allocationTargets,
  buildClusterModel,
  checkWhatIf,
  clusterLabel,
  nodeSpecOf,
  runsOf,
  type AnalysisSettings,
} from '../../analysis';
import type { Catalog } from '../../engine';
import {
  burstTimeline,
  type ReportData,
  type ReportFinding,
  type ReportNode,
  reportHtml,
  reportMarkdown,
  slotGrid,
  type TimelineModel,
} from '../../pictures';
import { ProjectConfigs } from '../../project';
import { parseDocument, type DocumentModel } from '../../syntax';
import { runCheck } from '../check';
import { escapeText } from '../escape';
import { expandPaths } from '../files';
import { readBounded } from '../read';
import { repositoryRoots } from '../roots';
import { ArgError, parseArgs, parseCount } from './args';
import type { CommandResult } from './maxPods';

export const REPORT_USAGE = `Usage: vpc-cni-lint report <files or folders...> --html FILE [options]
       vpc-cni-lint report <files or folders...> --format markdown [options]

Every node of the given files and folders, under the CNI settings that apply to it: where each address goes
(a slot grid per ENI), the max-pods of each tool beside the real capacity, a burst timeline, and the findings
of \`vpc-cni-lint check\`. HTML is one self-contained file (inline CSS and SVG, no script, nothing loaded
from the network); Markdown has the numbers as tables, for a pull-request comment.

Options:
  --html FILE                  write the HTML report to FILE (same as --format html --output FILE)
  --format html|markdown       what to write (default html)
  --output FILE                write to FILE instead of standard output
  --pods N                     pods on each node for the slot grid (default: the node's max-pods - 2)
  --burst N                    pods in the burst timeline (default 100)
  --over SECONDS               seconds the burst is spread over (default 10)
  --nodes K                    nodes the burst lands on (default: the node count stated with the subnet, else 3)
  --what-if NAME=VALUE         aws-node env value for a second timeline beside the first; repeatable
  --no-timeline                leave the burst timelines out
  --max-nodes N                at most N node and type pairs (default 50)
  --default-instance-types T,...  instance types assumed where none are stated
  --max-file-size BYTES        skip larger files (default 5242880)
  --no-ignore                  do not skip what .gitignore and the config's ignore patterns list
  --catalog FILE               extra or overriding instance types (JSON)
  --help, -h                   print this usage

Exit codes: 0 no error-severity finding, 1 at least one, 2 usage error or a path that could not be read.
`;

const SPEC = {
  html: { kind: 'value' },
  format: { kind: 'value' },
  output: { kind: 'value' },
  pods: { kind: 'value' },
  burst: { kind: 'value' },
  over: { kind: 'value' },
  nodes: { kind: 'value' },
  'what-if': { kind: 'repeat' },
  'no-timeline': { kind: 'bool' },
  'max-nodes': { kind: 'value' },
  'default-instance-types': { kind: 'value' },
  'max-file-size': { kind: 'value' },
  'no-ignore': { kind: 'bool' },
  help: { kind: 'bool' },
} as const;

function usage(msg: string): CommandResult {
  return { stdout: '', stderr: `vpc-cni-lint report: ${msg}\n\n${REPORT_USAGE}`, exitCode: 2 };
}

interface Options {
  paths: string[];
  format: 'html' | 'markdown';
  output?: string;
  pods?: number;
  burst: number;
  over: number;
  nodes?: number;
  whatIf: Record<string, string>;
  timeline: boolean;
  maxNodes: number;
  defaultInstanceTypes: string[];
  maxFileSize: number;
  useIgnoreFiles: boolean;
}

function parseOptions(argv: string[]): Options | CommandResult {
  const paths: string[] = [];
  const flags: string[] = [];
  // Paths first or anywhere: everything not starting with -- (and not a flag's value) is a path.
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a.startsWith('--')) {
      flags.push(a);
      const name = a.slice(2).split('=')[0] ?? '';
      const s = (SPEC as Record<string, { kind: string }>)[name];
      if (s && s.kind !== 'bool' && !a.includes('=') && i + 1 < argv.length) flags.push(argv[++i] ?? '');
    } else if (a.startsWith('-') && a !== '-') throw new ArgError(`unknown option ${a}`);
    else paths.push(a);
  }
  const p = parseArgs(flags, SPEC);
  if (p.bools.has('help')) return { stdout: REPORT_USAGE, stderr: '', exitCode: 0 };
  if (paths.length === 0) throw new ArgError('report needs at least one file or folder');
  const html = p.values.get('html');
  const fmtFlag = p.values.get('format');
  if (fmtFlag !== undefined && fmtFlag !== 'html' && fmtFlag !== 'markdown')
    throw new ArgError(`--format must be html or markdown, not ${fmtFlag}`);
  if (html !== undefined && fmtFlag === 'markdown')
    throw new ArgError('--html writes HTML; leave out --format markdown');
  if (html !== undefined && p.values.has('output'))
    throw new ArgError('--html FILE and --output FILE: give one');
  const format = fmtFlag === 'markdown' ? 'markdown' : 'html';
  const output = html ?? p.values.get('output');
  const whatIfRaw: Record<string, string> = {};
  for (const kv of p.repeats.get('what-if') ?? []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(kv);
    if (!m) throw new ArgError(`--what-if takes NAME=VALUE, not ${kv}`);
    whatIfRaw[m[1] ?? ''] = m[2] ?? '';
  }
  const wi = checkWhatIf(whatIfRaw);
  if (wi.problems.length) throw new ArgError(`--what-if: ${wi.problems.join('; ')}`);
  const num = (name: string, min: number, def: number): number => {
    const v = p.values.get(name);
    return v === undefined ? def : parseCount(name, v, min);
  };
  const maxFileSize = num('max-file-size', 1, 5 * 1024 * 1024);
  return {
    paths,
    format,
    output,
    pods: p.values.has('pods') ? num('pods', 0, 0) : undefined,
    burst: num('burst', 1, 100),
    over: num('over', 0, 10),
    nodes: p.values.has('nodes') ? num('nodes', 1, 3) : undefined,
    whatIf: wi.values,
    timeline: !p.bools.has('no-timeline'),
    maxNodes: num('max-nodes', 1, 50),
    defaultInstanceTypes: (p.values.get('default-instance-types') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    maxFileSize,
    useIgnoreFiles: !p.bools.has('no-ignore'),
  };
}

/** Bursts larger than this are refused (the simulation is linear, but a report should not take minutes). */
const MAX_BURST_PODS = 100_000;
const MAX_BURST_NODES = 1_000;

function settingsFrom(file: string | undefined, fileOfNode: string): string {
  if (!file) return 'none found in the cluster: the shipped manifest defaults';
  return file === fileOfNode ? 'in this file' : `from ${file}`;
}

/** Gathers the nodes of the files: each node definition and instance type in its file's cluster context. */
async function gatherNodes(
  o: Options,
  catalog: Catalog,
  notes: string[],
): Promise<{ nodes: ReportNode[]; leftOut: number }> {
  const expanded = await expandPaths(o.paths, { useIgnoreFiles: o.useIgnoreFiles });
  const docs: { uri: string; text: string; model: DocumentModel }[] = [];
  for (const file of expanded.files) {
    try {
      const r = readBounded(file, o.maxFileSize);
      if (r.kind !== 'text') continue;
      const model = parseDocument(r.text, { uri: file });
      if (!model.relevant) continue;
      docs.push({ uri: file, text: r.text, model });
    } catch {
      // check reports unreadable files; the report leaves them out
    }
  }
  const folderInputs = new Set<string>();
  for (const p of o.paths) if ((await fs.stat(p).catch(() => undefined))?.isDirectory()) folderInputs.add(p);
  const rootOf = repositoryRoots(o.paths, folderInputs);
  const clusters = buildClusterModel(docs, { rootOf });
  const settings: AnalysisSettings = {
    defaultInstanceTypes: o.defaultInstanceTypes,
    ruleSeverity: {},
    yamlSyntaxHandledElsewhere: false,
  };
  const nodes: ReportNode[] = [];
  let leftOut = 0;
  for (const d of docs) {
    if (d.model.nodes.length === 0 && d.model.directives.instanceTypes.length === 0) continue;
    const seen = new Set<string>();
    for (const run of runsOf({ ...d, catalog, settings }, clusters)) {
      // the first candidate cluster; the others are listed in check's findings when they disagree
      const ctx = run.contexts[0];
      if (!ctx) continue;
      for (const target of allocationTargets(ctx)) {
        const key = `${target.node ?? '-'}\0${target.instanceType}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (nodes.length >= o.maxNodes) {
          leftOut++;
          continue;
        }
        const inputs = allocationInputs(ctx, target);
        if (!inputs) continue;
        const spec = nodeSpecOf(inputs);
        const grid0 = slotGrid(catalog, { ...spec, pods: 0 });
        const maxPods = grid0.engine.maxPods;
        const pods = o.pods ?? Math.max(0, (maxPods ?? 2) - 2);
        const grid = o.pods === 0 ? grid0 : slotGrid(catalog, { ...spec, pods });
        const timelines: TimelineModel[] = [];
        let burst: ReportNode['burst'];
        if (o.timeline && grid.starts && grid.mode !== 'ipv6') {
          const count = Math.min(MAX_BURST_NODES, o.nodes ?? inputs.subnet?.nodes ?? 3);
          const pods2 = Math.min(MAX_BURST_PODS, o.burst);
          const subnetFree = inputs.subnet?.usable;
          burst = { pods: pods2, nodes: count, seconds: o.over, subnet: inputs.subnet?.cidr };
          timelines.push(
            burstTimeline(catalog, {
              node: spec,
              nodes: count,
              pods: pods2,
              seconds: o.over,
              subnetFree,
              label: 'settings in force',
            }),
          );
          if (Object.keys(o.whatIf).length > 0)
            timelines.push(
              burstTimeline(catalog, {
                node: nodeSpecOf(inputs, o.whatIf),
                nodes: count,
                pods: pods2,
                seconds: o.over,
                subnetFree,
                label: `what if ${Object.entries(o.whatIf)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}`,
              }),
            );
        }
        const cluster = ctx.workspace.cluster;
        nodes.push({
          file: d.uri,
          label: target.label,
          instanceType: target.instanceType,
          settingsFrom: settingsFrom(inputs.view.uri, d.uri),
          maxPodsOrigin: inputs.maxPodsOrigin,
          cluster: cluster ? clusterLabel(cluster) : undefined,
          grid,
          timelines,
          burst,
        });
      }
    }
  }
  if (expanded.problems.length)
    notes.push(`${expanded.problems.length} paths could not be read (see standard error).`);
  return { nodes, leftOut };
}

export async function runReport(
  argv: string[],
  catalog: Catalog,
  catalogSources: unknown[],
  version: string,
): Promise<CommandResult> {
  let o: Options;
  try {
    const r = parseOptions(argv);
    if ('exitCode' in r) return r;
    o = r;
  } catch (err) {
    if (err instanceof ArgError) return usage(err.message);
    throw err;
  }
  const checked = await runCheck({
    paths: o.paths,
    format: 'json',
    catalog,
    catalogSources,
    settings: {
      defaultInstanceTypes: o.defaultInstanceTypes,
      ruleSeverity: {},
      yamlSyntaxHandledElsewhere: false,
    },
    version,
    maxFileSize: o.maxFileSize,
    useIgnoreFiles: o.useIgnoreFiles,
    configs: new ProjectConfigs(),
  });
  const notes: string[] = [];
  const { nodes, leftOut } = await gatherNodes(o, catalog, notes);
  const findings: ReportFinding[] = checked.findings.map((f) => ({
    file: f.file,
    line: f.start.line + 1,
    column: f.start.character + 1,
    severity: f.severity,
    code: f.code,
    message: f.message,
  }));
  const data: ReportData = {
    title: 'VPC CNI allocation report',
    generator: `vpc-cni-lint ${version}`,
    paths: o.paths.map((p) => p.split(path.sep).join('/')),
    files: checked.stats.files,
    findings,
    nodes,
    nodesLeftOut: leftOut,
    notes,
  };
  const text = o.format === 'markdown' ? reportMarkdown(data) : reportHtml(data);
  const stderr = checked.errors.map((e) => `${e}\n`).join('');
  let stdout = '';
  if (o.output !== undefined) {
    try {
      await fs.writeFile(o.output, text, 'utf8');
    } catch (err) {
      return {
        stdout: '',
        stderr: `${stderr}vpc-cni-lint report: cannot write ${escapeText(o.output)}: ${escapeText((err as Error).message)}\n`,
        exitCode: 2,
      };
    }
  } else stdout = text;
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    stdout,
    stderr:
      stderr +
      (o.output !== undefined
        ? `vpc-cni-lint report: wrote ${escapeText(o.output)} (${nodes.length} nodes, ${findings.length} findings)\n`
        : ''),
    exitCode: checked.errors.length ? 2 : errors ? 1 : 0,
  };
}

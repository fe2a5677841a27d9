/**
 * `vpc-cni-lint simulate`: ipamd's warm pool on a node type with given aws-node env values — steady state per pod
 * count (a table), or a burst of pods over time (a timeline).
 *
 * Unset env values take the shipped manifest's values (WARM_ENI_TARGET=1, WARM_PREFIX_TARGET=1, ENABLE_IPv4=true),
 * as on a cluster using the EKS add-on. Exit 0 ok, 1 aws-node would not start with these values, 2 usage error or
 * unknown type.
 */
import {
  burstEvents,
  type Catalog,
  explanationToText,
  parseCniVersion,
  simulate,
  STEADY_STATE_SCOPE,
  steadyState,
  type SteadyStateResult,
} from '../../engine';
import { ArgError, parseArgs, parseCount, table } from './args';
import type { CommandResult } from './maxPods';

export const SIMULATE_USAGE = `Usage: vpc-cni-lint simulate --instance-type T [options]

Steady state of ipamd's warm pool for each pod count, or a burst timeline.

  --instance-type T            EC2 instance type (required)
  --env NAME=VALUE             aws-node env value; repeatable (unset = shipped manifest value)
  --cni-version X.Y.Z          VPC CNI version (default: latest behaviour)
  --pods N[,N...]              pod counts for the steady-state table (default 0,1,2,5,10,20,30,50,100,110)
  --max-pods N                 node max-pods (default: the eni-max-pods table value)
  --burst N --over SECONDS     N pods arriving evenly over SECONDS: timeline instead of the table
  --nodes K                    with --burst: K identical nodes, pods placed on the least-loaded node (default 1)
  --json                       machine-readable output
  --help
`;

const SPEC = {
  'instance-type': { kind: 'value' },
  env: { kind: 'repeat' },
  'cni-version': { kind: 'value' },
  pods: { kind: 'value' },
  'max-pods': { kind: 'value' },
  burst: { kind: 'value' },
  over: { kind: 'value' },
  nodes: { kind: 'value' },
  json: { kind: 'bool' },
  help: { kind: 'bool' },
} as const;

const DEFAULT_PODS = [0, 1, 2, 5, 10, 20, 30, 50, 100, 110];

function usage(msg: string): CommandResult {
  return { stdout: '', stderr: `vpc-cni-lint simulate: ${msg}\n\n${SIMULATE_USAGE}`, exitCode: 2 };
}

function steadyRow(r: SteadyStateResult): (string | number)[] {
  const notes: string[] = [];
  if (r.podsWithoutIp > 0) notes.push(`${r.podsWithoutIp} without IP`);
  if (r.podsUnschedulable > 0) notes.push(`${r.podsUnschedulable} unschedulable`);
  if (r.churn) notes.push('ENI churn');
  if (!r.growth.canGrow) notes.push('cannot grow');
  return [
    r.pods,
    r.enis,
    r.mode === 'prefix' ? `${r.prefixesHeld} (${r.ipsHeld})` : r.ipsHeld,
    r.free,
    r.subnetAddresses,
    notes.join(', '),
  ];
}

/** Run `simulate`. */
export function runSimulate(argv: string[], catalog: Catalog): CommandResult {
  let a;
  const env: Record<string, string> = {};
  let pods = DEFAULT_PODS;
  let maxPods: number | undefined;
  let burst: number | undefined;
  let over: number | undefined;
  let nodeCount = 1;
  try {
    a = parseArgs(argv, SPEC);
    for (const kv of a.repeats.get('env') ?? []) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new ArgError(`--env expects NAME=VALUE (got "${kv}")`);
      env[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    const p = a.values.get('pods');
    if (p !== undefined) pods = p.split(',').map((x) => parseCount('pods', x.trim()));
    const mp = a.values.get('max-pods');
    if (mp !== undefined) maxPods = parseCount('max-pods', mp, 1);
    const b = a.values.get('burst');
    const o = a.values.get('over');
    if (b !== undefined) burst = parseCount('burst', b, 1);
    if (o !== undefined) over = parseCount('over', o);
    if ((burst === undefined) !== (over === undefined)) throw new ArgError('--burst and --over go together');
    if (burst !== undefined && p !== undefined) throw new ArgError('use either --pods or --burst');
    const n = a.values.get('nodes');
    if (n !== undefined) nodeCount = parseCount('nodes', n, 1);
    if (nodeCount > 10_000) throw new ArgError('--nodes is limited to 10000');
    if (burst !== undefined && burst > 1_000_000) throw new ArgError('--burst is limited to 1000000');
    if (pods.some((x) => x > 100_000)) throw new ArgError('--pods values are limited to 100000');
  } catch (err) {
    return usage(err instanceof Error ? err.message : String(err));
  }
  if (a.bools.has('help')) return { stdout: SIMULATE_USAGE, stderr: '', exitCode: 0 };
  const type = a.values.get('instance-type');
  if (!type) return usage('--instance-type is required');
  const version = a.values.get('cni-version');
  if (version !== undefined && !parseCniVersion(version))
    return usage(`--cni-version "${version}" is not a version like 1.19.2`);
  const r = catalog.resolve(type);
  if (!r.found) return { stdout: '', stderr: `vpc-cni-lint simulate: ${r.note}\n`, exitCode: 2 };
  const spec = { instanceType: type, env, cniVersion: version, maxPods };

  // Configuration check first: if aws-node would not start there is nothing to simulate.
  const probe = steadyState(catalog, { ...spec, pods: 0 });
  if (!probe.starts) {
    const msg = probe.fatal.map((f) => `  ${f.message}  (${f.where})`).join('\n');
    if (a.bools.has('json')) {
      return {
        stdout: JSON.stringify({ instanceType: type, starts: false, fatal: probe.fatal }, null, 2) + '\n',
        stderr: '',
        exitCode: 1,
      };
    }
    return { stdout: `aws-node does not start with these values:\n${msg}\n`, stderr: '', exitCode: 1 };
  }

  if (burst !== undefined && over !== undefined) {
    const nodes = Array.from({ length: nodeCount }, () => ({ ...spec }));
    const res = simulate(catalog, { nodes, events: burstEvents(burst, over), params: { podRecords: false } });
    if (a.bools.has('json'))
      return {
        stdout: JSON.stringify({ instanceType: type, env, ...res }, null, 2) + '\n',
        stderr: '',
        exitCode: 0,
      };
    const rows: (string | number)[][] = [
      ['t (s)', 'running', 'waiting', 'ENIs', 'IPs held', 'free', 'subnet addrs'],
    ];
    for (const s of res.series)
      rows.push([s.t, s.podsRunning, s.podsWaiting, s.enis, s.ipsHeld, s.free, s.subnetAddresses]);
    const w = res.waits;
    const calls = Object.entries(res.ec2Calls)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const lines = [
      `${burst} pods over ${over} s on ${nodeCount} x ${type} (${probe.settings.algorithm}; in force: ${probe.settings.inForce.join(', ') || 'none'})`,
      '',
      table(rows),
      '',
      `wait for an IP (s): mean ${w.mean.toFixed(1)}, p50 ${w.p50}, p90 ${w.p90}, p99 ${w.p99}, max ${w.max}; ${w.waited} of ${w.count} pods waited`,
      `pods without IP at the end: ${res.podsWithoutIp}; unschedulable: ${res.podsUnschedulable}`,
      `EC2 calls: ${calls || 'none'}`,
      `ENI attaches ${res.nodes.reduce((x, n) => x + n.eniAttaches, 0)}, frees ${res.nodes.reduce((x, n) => x + n.eniFrees, 0)}${res.churn ? ' (churn)' : ''}`,
      ...res.notes.map((n) => `note: ${n}`),
      ...(res.nodes[0]?.notes ?? []).map((n) => `note: ${n}`),
    ];
    return { stdout: lines.join('\n') + '\n', stderr: '', exitCode: 0 };
  }

  const results = pods.map((n) => steadyState(catalog, { ...spec, pods: n }));
  if (a.bools.has('json')) {
    return {
      stdout:
        JSON.stringify(
          { instanceType: type, env, scope: STEADY_STATE_SCOPE, steadyState: results },
          null,
          2,
        ) + '\n',
      stderr: '',
      exitCode: 0,
    };
  }
  const rows: (string | number)[][] = [
    [
      'pods',
      'ENIs',
      probe.mode === 'prefix' ? 'prefixes (IPs)' : 'IPs held',
      'free',
      'subnet addrs',
      'notes',
    ],
  ];
  for (const res of results) rows.push(steadyRow(res));
  const s = probe.settings;
  const lines = [
    `${type}: ${probe.mode} mode, max-pods ${probe.maxPods}; warm targets in force: ${s.inForce.join(', ') || 'none'}`,
    ...s.ignored.map((i) => `ignored: ${i.name} (${i.reason})`),
    STEADY_STATE_SCOPE,
    '',
    table(rows),
    '',
    explanationToText({
      steps: [],
      notes: results[results.length - 1]?.explanation.notes ?? [],
      sources: probe.explanation.sources,
    }),
  ];
  return { stdout: lines.join('\n') + '\n', stderr: '', exitCode: 0 };
}

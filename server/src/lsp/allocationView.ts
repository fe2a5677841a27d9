/**
 * `vpcCniLint/allocationView`: the rendered node allocation view of one target. The engine computes (the
 * warm-pool steady state at the slider's pod count, the event simulation of a burst), the picture module
 * (`server/src/pictures`) lays out and renders, and this module only checks the parameters, picks the
 * defaults and puts the pieces together as HTML without script plus the numbers and the text alternatives.
 * The burst simulation is cached per node spec and burst, so moving the slider does not run it again.
 */
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import {
  AllocationViewRequest,
  type AllocationViewParams,
  type AllocationViewResult,
  type BurstSettings,
} from '../../../protocol/messages';
import { checkWhatIf, nodeSpecOf, whatIfEdits } from '../analysis';
import { burstEvents, HOST_NETWORK_PODS, simulate, type NodeSpec, type SimulationResult } from '../engine';
import {
  esc,
  fmt,
  gridSummary,
  gridSvg,
  PICTURE_CSS,
  slotGrid,
  STATE_TEXT,
  timelineFromSimulation,
  timelineSummary,
  timelineSvg,
  TOOL_TEXT,
  type SlotGrid,
} from '../pictures';
import { requireTarget, type Allocation, type Resolved } from './allocation';
import type { Session } from './session';

/** The env variables the what-if form offers (those that shape the warm pool and the slots). */
export const WHAT_IF_NAMES = [
  'WARM_ENI_TARGET',
  'WARM_IP_TARGET',
  'MINIMUM_IP_TARGET',
  'WARM_PREFIX_TARGET',
  'ENABLE_PREFIX_DELEGATION',
  'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG',
  'ENABLE_POD_ENI',
  'MAX_ENI',
  'IP_COOLDOWN_PERIOD',
  'DISABLE_NETWORK_RESOURCE_PROVISIONING',
] as const;

/** Bounds of the burst a user can ask for (the simulation is linear in pods × nodes × seconds). */
export const BURST_LIMITS = {
  pods: { min: 1, max: 5000 },
  nodes: { min: 1, max: 100 },
  seconds: { min: 0, max: 600 },
} as const;

/** The issue's default burst: 100 pods on the file's node count (else 3 nodes), arriving over 10 s. */
const DEFAULT_BURST = { pods: 100, nodes: 3, seconds: 10 } as const;

const CACHE_SIZE = 8;
const simulations = new Map<string, SimulationResult>();

function cachedSimulation(r: Resolved, spec: NodeSpec, burst: BurstSettings): SimulationResult {
  const key = JSON.stringify([spec, burst]);
  const hit = simulations.get(key);
  if (hit) {
    simulations.delete(key);
    simulations.set(key, hit);
    return hit;
  }
  const result = simulate(r.ctx.catalog, {
    nodes: Array.from({ length: burst.nodes }, (_, i) => ({ ...spec, name: `node-${i + 1}` })),
    events: burstEvents(burst.pods, burst.seconds),
    params: { podRecords: false, settleS: 120 },
  });
  simulations.set(key, result);
  while (simulations.size > CACHE_SIZE) simulations.delete(simulations.keys().next().value as string);
  return result;
}

/** An integer parameter within bounds, or the default with a problem saying why. */
function intParam(
  name: string,
  raw: unknown,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'number' || !Number.isInteger(raw)) {
    problems.push(`${name} must be a whole number; using ${fallback}`);
    return fallback;
  }
  if (raw < min || raw > max) {
    const clamped = Math.max(min, Math.min(max, raw));
    problems.push(`${name} must be from ${fmt(min)} to ${fmt(max)}; using ${fmt(clamped)}`);
    return clamped;
  }
  return raw;
}

function totalsTable(caption: string, g: SlotGrid): string {
  const rows = (Object.keys(g.totals) as Array<keyof SlotGrid['totals']>)
    .map(
      (s) =>
        `<tr><th scope="row"><span class="vcl-swatch vcl-sw-${s}" aria-hidden="true"></span>${esc(STATE_TEXT[s])}</th><td>${fmt(g.totals[s].cells)}</td><td>${fmt(g.totals[s].addresses)}</td></tr>`,
    )
    .join('');
  return `<table class="vcl-table"><caption>${esc(caption)}</caption><thead><tr><th scope="col">state</th><th scope="col">slots</th><th scope="col">addresses</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function toolsTable(g: SlotGrid): string {
  const cap = g.engine.capacity;
  const rows = g.tools
    .map((t) => {
      const over = t.value !== null && cap !== null && t.value > cap;
      return `<tr${over ? ' class="vcl-over"' : ''}><th scope="row">${esc(TOOL_TEXT[t.tool])}</th><td>${fmt(t.value)}${over ? ' <span class="vcl-flag">above capacity</span>' : ''}${t.uncertain ? ` <span class="vcl-note">(${esc(t.uncertain)})</span>` : ''}</td></tr>`;
    })
    .join('');
  return `<table class="vcl-table"><caption>Max-pods by tool; the CNI can address ${fmt(cap)} pods</caption><thead><tr><th scope="col">tool</th><th scope="col">max-pods</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const count = (n: number, one: string, many = `${one}s`): string => `${fmt(n)} ${n === 1 ? one : many}`;

function burstText(b: BurstSettings, sim: SimulationResult): string {
  const last = sim.series[sim.series.length - 1];
  const peak = sim.series.reduce((m, p) => Math.max(m, p.podsWaiting), 0);
  return (
    `Burst of ${count(b.pods, 'pod')} on ${count(b.nodes, 'node')} over ${fmt(b.seconds)} s: ` +
    `at most ${count(peak, 'pod')} waiting for an address; ` +
    (sim.waits.count
      ? `p90 wait ${sim.waits.p90.toFixed(1)} s, longest ${sim.waits.max.toFixed(1)} s; `
      : '') +
    `${fmt(sim.podsWithoutIp)} without an address at the end, ${fmt(sim.podsUnschedulable)} unschedulable; ` +
    `${count(last?.enis ?? 0, 'ENI')} attached and ${fmt(last?.subnetAddresses ?? 0)} subnet addresses taken ` +
    `after ${fmt(sim.durationS)} s.`
  );
}

/** The view of `params.target`, or null when the node or type is gone. */
export async function allocationView(
  allocation: Allocation,
  params: AllocationViewParams,
): Promise<AllocationViewResult | null> {
  const target = requireTarget('vpcCniLint/allocationView', params?.target);
  const problems: string[] = [];
  const r = await allocation.resolve(target);
  if (!r) return null;
  const { values: whatIf, problems: whatIfProblems } = checkWhatIf(params.whatIf);
  problems.push(...whatIfProblems);
  const spec = nodeSpecOf(r.inputs);
  const catalog = r.ctx.catalog;

  // The slider's range: pods that need an address, up to max-pods less the host-network pods.
  const probe = slotGrid(catalog, { ...spec, pods: 0 });
  const maxPods = probe.engine.maxPods ?? 0;
  const podsMax = Math.max(0, maxPods - HOST_NETWORK_PODS);
  const pods = intParam('pods', params.pods, 0, 0, podsMax, problems);
  const grid = pods === 0 ? probe : slotGrid(catalog, { ...spec, pods });
  const hasWhatIf = Object.keys(whatIf).length > 0;
  const whatIfSpec = nodeSpecOf(r.inputs, whatIf);
  const whatIfGrid = hasWhatIf ? slotGrid(catalog, { ...whatIfSpec, pods }) : undefined;

  const b = params.burst ?? {};
  if (typeof b !== 'object') throw new ResponseError(ErrorCodes.InvalidParams, 'burst must be an object');
  const L = BURST_LIMITS;
  const burst: BurstSettings = {
    pods: intParam('burst pods', b.pods, DEFAULT_BURST.pods, L.pods.min, L.pods.max, problems),
    nodes: intParam(
      'burst nodes',
      b.nodes,
      r.inputs.subnet?.nodes ?? DEFAULT_BURST.nodes,
      L.nodes.min,
      L.nodes.max,
      problems,
    ),
    seconds: intParam(
      'burst seconds',
      b.seconds,
      DEFAULT_BURST.seconds,
      L.seconds.min,
      L.seconds.max,
      problems,
    ),
  };
  const sim = cachedSimulation(r, spec, burst);
  const whatIfSim = hasWhatIf ? cachedSimulation(r, whatIfSpec, burst) : undefined;

  const view = r.inputs.view;
  const settingsFrom = view.uri
    ? `${allocation.relative(view.uri)}${r.inputs.otherViews ? ` (of ${r.inputs.otherViews + 1} in scope, the one that leaves the fewest addresses)` : ''}`
    : 'none in this cluster (the shipped manifest’s defaults)';
  let apply: AllocationViewResult['apply'] = { possible: false, reason: 'no what-if settings to apply' };
  if (hasWhatIf) {
    const text = view.uri ? await allocation.textOf(view.uri) : '';
    const built =
      text === undefined
        ? { reason: 'the file with the CNI settings cannot be read' }
        : whatIfEdits(view.source, text, whatIf);
    apply = 'reason' in built ? { possible: false, reason: built.reason } : { possible: true };
  }

  const label = r.item.label;
  const html: string[] = [];
  const text: string[] = [];
  const summary = gridSummary(grid);
  html.push(
    `<section class="vcl-section" aria-labelledby="vcl-h-grid"><h2 id="vcl-h-grid">Address slots at ${fmt(pods)} pods</h2>`,
    `<p class="vcl-caption">${esc(summary)} Max-pods ${fmt(maxPods)}: ${esc(r.inputs.maxPodsOrigin)}.</p>`,
  );
  text.push(`${label}. ${summary} Max-pods ${maxPods}: ${r.inputs.maxPodsOrigin}.`);
  const pictures = (g: SlotGrid, id: string, title: string): string =>
    `<figure class="vcl-figure">${gridSvg(g, { idPrefix: id, title })}<figcaption>${totalsTable('Slots and addresses per state', g)}</figcaption></figure>`;
  if (whatIfGrid) {
    const names = Object.entries(whatIf)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    html.push(
      `<div class="vcl-side">`,
      pictures(grid, 'vcl-now', `Now: ${grid.instanceType}, ${fmt(pods)} pods`),
      pictures(whatIfGrid, 'vcl-whatif', `What if ${names}`),
      `</div>`,
    );
    text.push(`What if ${names}: ${gridSummary(whatIfGrid)}`);
  } else html.push(pictures(grid, 'vcl-now', `${grid.instanceType}: address slots with ${fmt(pods)} pods`));
  html.push(toolsTable(grid), '</section>');
  text.push(
    `Max-pods by tool: ${grid.tools.map((t) => `${TOOL_TEXT[t.tool]} ${fmt(t.value)}`).join(', ')}; the CNI can address ${fmt(grid.engine.capacity)}.`,
  );

  const subnetFree = r.inputs.subnet?.usable;
  const timelines = [
    timelineFromSimulation(sim, { label: 'settings in force', subnetFree }),
    ...(whatIfSim
      ? [
          timelineFromSimulation(whatIfSim, {
            label: `what if ${Object.entries(whatIf)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}`,
            subnetFree,
          }),
        ]
      : []),
  ];
  html.push(
    `<section class="vcl-section" aria-labelledby="vcl-h-burst"><h2 id="vcl-h-burst">Burst: ${count(burst.pods, 'pod')} on ${count(burst.nodes, 'node')} over ${fmt(burst.seconds)} s</h2>`,
    `<p class="vcl-caption">${esc(burstText(burst, sim))}</p>`,
  );
  text.push(burstText(burst, sim));
  if (whatIfSim) {
    html.push(`<p class="vcl-caption">What if: ${esc(burstText(burst, whatIfSim))}</p>`);
    text.push(`What if: ${burstText(burst, whatIfSim)}`);
  }
  html.push(
    `<figure class="vcl-figure">${timelineSvg(timelines, {
      idPrefix: 'vcl-burst',
      title: `Pods pending, ENIs, addresses${subnetFree !== undefined ? ' and subnet addresses left' : ''} over time`,
    })}</figure>`,
  );
  text.push(...timelines.map(timelineSummary));
  if (r.inputs.subnet) {
    const s = r.inputs.subnet;
    const line = `Subnet ${s.cidr} (${fmt(s.usable)} usable addresses, from ${s.from}).`;
    html.push(`<p class="vcl-caption">${esc(line)}</p>`);
    text.push(line);
  }
  html.push('</section>');

  const env = r.inputs.env;
  return {
    target: r.item,
    html: html.join('\n'),
    css: PICTURE_CSS,
    text: text.join('\n'),
    pods,
    podsMax,
    maxPods,
    maxPodsOrigin: r.inputs.maxPodsOrigin,
    capacity: grid.engine.capacity,
    tools: grid.tools.map((t) => ({ tool: t.tool, label: TOOL_TEXT[t.tool], value: t.value })),
    burst,
    whatIf,
    settingsFrom,
    settings: WHAT_IF_NAMES.map((name) => ({ name, value: env[name] ?? 'unset' })),
    slots: Object.fromEntries(Object.entries(grid.totals).map(([k, v]) => [k, v.cells])),
    ...(whatIfGrid
      ? { whatIfSlots: Object.fromEntries(Object.entries(whatIfGrid.totals).map(([k, v]) => [k, v.cells])) }
      : {}),
    apply,
    problems,
  };
}

export function registerAllocationView(
  session: Session,
  connection: Connection,
  allocation: Allocation,
): void {
  connection.onRequest(AllocationViewRequest.type, async (params) => {
    await session.settingsReady;
    return allocationView(allocation, params);
  });
}

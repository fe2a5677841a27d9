/**
 * The burst timeline: what a burst of pods does to a group of nodes over time, from the engine's event simulation
 * (`engine/simulate.ts`, which runs ipamd's pool loop on every node): pods waiting for an address, ENIs attached,
 * addresses allocated and, where the subnet size is known, subnet addresses left. Two settings side by side make a
 * what-if. The model keeps the simulation's samples as they are; `timelineSvg` draws them with d3 scales (ticks) and
 * d3 step lines. Pure; linear in samples.
 *
 * @module
 */
import { scaleLinear } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';
import {
  burstEvents,
  type Catalog,
  type CniEnv,
  type NodeSpec,
  simulate,
  type SimulationResult,
} from '../engine';
import { esc, fmt, n, PICTURE_CSS, safeId } from './svg';

/** A burst: `pods` pods arriving evenly over `seconds` on `nodes` identical nodes. */
export interface BurstInput {
  /** The node (type, env, CNI version, max-pods); `nodes` copies of it. */
  node: NodeSpec;
  nodes: number;
  pods: number;
  seconds: number;
  /** Free addresses of the subnet(s) the pods draw from, where known (AWS keeps 5 per subnet: pass what is left). */
  subnetFree?: number;
  /** Label of this setting (what-if panels). */
  label?: string;
}

/** One sample. */
export interface TimelinePoint {
  t: number;
  /** Pods bound to a node, waiting for an address. */
  pending: number;
  enis: number;
  /** Addresses held by the nodes' warm pools. */
  ips: number;
  /** Subnet addresses left (null when the subnet size is not known). */
  subnetLeft: number | null;
}

/** The timeline of one setting. */
export interface TimelineModel {
  label: string;
  points: TimelinePoint[];
  durationS: number;
  /** Pods that never got an address / that no node could take. */
  podsWithoutIp: number;
  podsUnschedulable: number;
  /** Longest wait for an address (s) and its 90th percentile. */
  maxWaitS: number;
  p90WaitS: number;
  subnetFree: number | null;
  /** The subnet would run out (more addresses taken than it has): the simulation does not model the failure. */
  subnetExhausted: boolean;
  notes: string[];
  maxima: { pending: number; enis: number; ips: number };
}

/** From a simulation result (its cluster-wide series). */
export function timelineFromSimulation(
  sim: SimulationResult,
  opts: { label?: string; subnetFree?: number } = {},
): TimelineModel {
  const free =
    typeof opts.subnetFree === 'number' && Number.isFinite(opts.subnetFree) && opts.subnetFree >= 0
      ? Math.floor(opts.subnetFree)
      : null;
  const points: TimelinePoint[] = new Array(sim.series.length);
  let pending = 0;
  let enis = 0;
  let ips = 0;
  let exhausted = false;
  for (let i = 0; i < sim.series.length; i++) {
    const s = sim.series[i];
    const left = free === null ? null : free - s.subnetAddresses;
    if (left !== null && left < 0) exhausted = true;
    points[i] = { t: s.t, pending: s.podsWaiting, enis: s.enis, ips: s.ipsHeld, subnetLeft: left };
    if (s.podsWaiting > pending) pending = s.podsWaiting;
    if (s.enis > enis) enis = s.enis;
    if (s.ipsHeld > ips) ips = s.ipsHeld;
  }
  const notes = [...sim.notes];
  if (exhausted)
    notes.push(
      'The nodes would take more addresses than the subnet has left; the simulation does not model InsufficientFreeAddressesInSubnet, so pods would wait longer than shown.',
    );
  return {
    label: opts.label ?? 'timeline',
    points,
    durationS: sim.durationS,
    podsWithoutIp: sim.podsWithoutIp,
    podsUnschedulable: sim.podsUnschedulable,
    maxWaitS: sim.waits.max,
    p90WaitS: sim.waits.p90,
    subnetFree: free,
    subnetExhausted: exhausted,
    notes,
    maxima: { pending, enis, ips },
  };
}

/** Runs the burst through the event simulation and keeps the cluster-wide series. */
export function burstTimeline(catalog: Catalog, b: BurstInput): TimelineModel {
  const nodes = Number.isInteger(b.nodes) && b.nodes > 0 ? Math.min(b.nodes, 10_000) : 1;
  const spec: NodeSpec = typeof b.node === 'object' && b.node !== null ? b.node : { instanceType: '' };
  const sim = simulate(catalog, {
    nodes: Array.from({ length: nodes }, (_, i) => ({ ...spec, name: `node-${i + 1}` })),
    events: burstEvents(b.pods, b.seconds),
    params: { podRecords: false, perNodeSeries: false },
  });
  return timelineFromSimulation(sim, { label: b.label ?? envLabel(spec.env), subnetFree: b.subnetFree });
}

/** A short label for a setting: its env values, or "defaults". */
export function envLabel(env: CniEnv | undefined): string {
  const kv = Object.entries(env ?? {}).filter(([, v]) => v !== undefined);
  return kv.length === 0 ? 'defaults' : kv.map(([k, v]) => `${k}=${String(v)}`).join(', ');
}

/** One-sentence summary (the `<desc>` and captions). */
export function timelineSummary(m: TimelineModel): string {
  const last = m.points[m.points.length - 1];
  return (
    `${m.label}: over ${fmt(m.durationS)} s, at most ${fmt(m.maxima.pending)} pods waited for an address at once ` +
    `(longest wait ${fmt(m.maxWaitS)} s, 90th percentile ${fmt(m.p90WaitS)} s); up to ${fmt(m.maxima.enis)} ENIs ` +
    `and ${fmt(m.maxima.ips)} addresses allocated` +
    (last ? `, ${fmt(last.ips)} at the end` : '') +
    (m.subnetFree !== null && last
      ? `; subnet addresses left at the end: ${fmt(last.subnetLeft)} of ${fmt(m.subnetFree)}`
      : '') +
    (m.podsWithoutIp > 0 ? `; ${fmt(m.podsWithoutIp)} pods never got an address` : '') +
    (m.podsUnschedulable > 0 ? `; ${fmt(m.podsUnschedulable)} pods could not be scheduled` : '') +
    '.'
  );
}

/** Options of {@link timelineSvg}. */
export interface TimelineSvgOptions {
  idPrefix?: string;
  standalone?: boolean;
  title?: string;
}

type Series = 'pending' | 'ips' | 'subnet' | 'enis';
const SERIES_TEXT: Record<Series, string> = {
  pending: 'pods waiting for an address',
  ips: 'addresses allocated',
  subnet: 'subnet addresses left',
  enis: 'ENIs attached',
};

const PANEL_W = 420;
const TOP_H = 170;
const BOTTOM_H = 70;
const M = { left: 56, right: 16, top: 56, gap: 36, bottom: 34 };

/**
 * One panel per model, side by side, sharing their scales so that they compare: above, pods waiting, addresses
 * allocated and subnet addresses left (one count axis); below, ENIs attached.
 */
export function timelineSvg(models: TimelineModel[], opts: TimelineSvgOptions = {}): string {
  const id = safeId(opts.idPrefix, 'timeline');
  const ms = models.length > 0 ? models : [];
  let tMax = 1;
  let yMax = 1;
  let eMax = 1;
  for (const m of ms) {
    tMax = Math.max(tMax, m.durationS);
    yMax = Math.max(yMax, m.maxima.pending, m.maxima.ips, m.subnetFree ?? 0);
    eMax = Math.max(eMax, m.maxima.enis);
  }
  const x = scaleLinear().domain([0, tMax]).range([0, PANEL_W]).nice();
  const y = scaleLinear().domain([0, yMax]).range([TOP_H, 0]).nice();
  const ye = scaleLinear().domain([0, eMax]).range([BOTTOM_H, 0]).nice();
  const panelH = TOP_H + M.gap + BOTTOM_H;
  const width = M.left + ms.length * (PANEL_W + M.left + M.right) + 8;
  const height = M.top + panelH + M.bottom + 40;
  const title = opts.title ?? (ms.length > 1 ? 'Burst timeline: what if' : 'Burst timeline');
  const desc = ms.map(timelineSummary).join(' ');
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="vcl-pic vcl-timeline-pic" role="img" aria-labelledby="${id}-title ${id}-desc" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}">`,
    `<title id="${id}-title">${esc(title)}</title>`,
    `<desc id="${id}-desc">${esc(desc)}</desc>`,
  ];
  if (opts.standalone) out.push(`<style>${PICTURE_CSS}</style>`);
  out.push(
    `<rect class="vcl-bg" width="100%" height="100%"/>`,
    `<text x="12" y="18" font-weight="bold">${esc(title)}</text>`,
  );
  const xt = x.ticks(6);
  const yt = y.ticks(5);
  const et = ye.ticks(Math.min(4, Math.max(1, eMax)));
  const fx = x.tickFormat(6);
  const fy = y.tickFormat(5, ',d');
  const fe = ye.tickFormat(4, ',d');
  ms.forEach((m, k) => {
    const ox = M.left + k * (PANEL_W + M.left + M.right);
    const oy = M.top;
    const eo = oy + TOP_H + M.gap;
    const g: string[] = [`<g class="vcl-panel" transform="translate(${n(ox)},0)">`];
    g.push(
      `<text x="0" y="${oy - 10}" font-weight="bold">${esc(m.label.length > 70 ? `${m.label.slice(0, 69)}…` : m.label)}</text>`,
    );
    // grid and axes
    g.push('<g class="vcl-grid">');
    for (const v of yt) g.push(`<line x1="0" x2="${PANEL_W}" y1="${n(oy + y(v))}" y2="${n(oy + y(v))}"/>`);
    g.push('</g><g class="vcl-axis">');
    g.push(`<path d="M0,${oy}V${oy + TOP_H}H${PANEL_W}"/><path d="M0,${eo}V${eo + BOTTOM_H}H${PANEL_W}"/>`);
    for (const v of yt)
      g.push(
        `<line x1="-4" x2="0" y1="${n(oy + y(v))}" y2="${n(oy + y(v))}"/><text x="-6" y="${n(oy + y(v) + 4)}" text-anchor="end">${esc(fy(v))}</text>`,
      );
    for (const v of et)
      g.push(
        `<line x1="-4" x2="0" y1="${n(eo + ye(v))}" y2="${n(eo + ye(v))}"/><text x="-6" y="${n(eo + ye(v) + 4)}" text-anchor="end">${esc(fe(v))}</text>`,
      );
    for (const v of xt)
      g.push(
        `<line x1="${n(x(v))}" x2="${n(x(v))}" y1="${eo + BOTTOM_H}" y2="${eo + BOTTOM_H + 4}"/><text x="${n(x(v))}" y="${eo + BOTTOM_H + 16}" text-anchor="middle">${esc(fx(v))}</text>`,
      );
    g.push(
      `<text x="${PANEL_W / 2}" y="${eo + BOTTOM_H + 30}" text-anchor="middle">${esc('seconds')}</text>`,
      `<text x="0" y="${eo - 8}" class="vcl-muted">${esc('ENIs attached')}</text>`,
      '</g>',
    );
    // the series as step lines (the simulation's state holds between samples)
    const top = line<TimelinePoint>()
      .x((p) => x(p.t))
      .curve(curveStepAfter);
    const path = (cls: string, d: string | null) =>
      d ? `<path class="vcl-line vcl-l-${cls}" transform="translate(0,${oy})" d="${d}"/>` : '';
    g.push(
      path('ips', top.y((p) => y(p.ips))(m.points)),
      path('pending', top.y((p) => y(p.pending))(m.points)),
      m.subnetFree !== null ? path('subnet', top.y((p) => y(Math.max(0, p.subnetLeft ?? 0)))(m.points)) : '',
    );
    const eniLine = line<TimelinePoint>()
      .x((p) => x(p.t))
      .y((p) => ye(p.enis))
      .curve(curveStepAfter)(m.points);
    if (eniLine) g.push(`<path class="vcl-line vcl-l-enis" transform="translate(0,${eo})" d="${eniLine}"/>`);
    g.push('</g>');
    out.push(g.join(''));
  });
  // legend
  const shown: Series[] = ['pending', 'ips', 'enis'];
  if (ms.some((m) => m.subnetFree !== null)) shown.push('subnet');
  const ly = M.top + panelH + M.bottom + 20;
  shown.forEach((s, i) => {
    const lx = M.left + i * 240;
    out.push(
      `<g class="vcl-legend-item"><title>${esc(SERIES_TEXT[s])}</title><line class="vcl-line vcl-l-${s}" x1="${lx}" x2="${lx + 24}" y1="${ly - 4}" y2="${ly - 4}"/><text x="${lx + 30}" y="${ly}">${esc(SERIES_TEXT[s])}</text></g>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}

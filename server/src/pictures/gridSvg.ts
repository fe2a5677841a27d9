/**
 * SVG rendering of a {@link SlotGrid}: the rows of ENI slots, a legend with the totals per state, and the max-pods
 * of each tool as bars beside the real capacity. Text alternatives: `<title>` and `<desc>` on the picture (named by
 * `aria-labelledby`), a `<title>` per row and per legend entry. Colours are CSS classes over CSS variables
 * (`PICTURE_CSS`). Pure; linear in the number of slots.
 *
 * @module
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import {
  type SlotCell,
  type SlotGrid,
  SLOT_STATES,
  type SlotState,
  STATE_TEXT,
  TOOL_TEXT,
  UNUSABLE_TEXT,
} from './grid';
import { esc, fmt, n, PICTURE_CSS, safeId } from './svg';

/** Options of {@link gridSvg}. */
export interface GridSvgOptions {
  /** Prefix of the ids inside the SVG (unique per page when several pictures share one). */
  idPrefix?: string;
  /** Include `PICTURE_CSS` in the SVG (for a standalone .svg file); hosts with their own stylesheet leave it out. */
  standalone?: boolean;
  /** Title line; default: the type and pod count. */
  title?: string;
}

const CELL = 12;
const GAP = 2;
const LABEL_W = 170;
const PAD = 12;

/** One-sentence summary of the grid (the `<desc>` and the report's caption). */
export function gridSummary(g: SlotGrid): string {
  if (!g.known) return `${g.instanceType}: unknown instance type.`;
  if (!g.starts)
    return `${g.instanceType}: aws-node does not start with these settings. ${g.notes.join(' ')}`;
  if (g.rows.length === 0) return `${g.instanceType}: ${g.notes.join(' ')}`;
  const t = g.totals;
  const unit = g.mode === 'prefix' ? '/28 prefixes of 16 addresses' : 'secondary IPs';
  const e = g.engine;
  return (
    `${g.instanceType} with ${fmt(g.pods)} pods (${g.mode === 'prefix' ? 'prefix delegation' : 'secondary-IP mode'}): ` +
    `${fmt(e.enis)} of ${fmt(g.rows.length)} ENI slots attached, each with up to ${fmt(g.cidrsPerEni)} ${unit}. ` +
    `Addresses: ${fmt(t.used.addresses)} used by pods, ${fmt(t.warm.addresses)} warm, ` +
    `${fmt(t['not-allocated'].addresses)} not allocated, ${fmt(t.unusable.addresses)} unusable; ` +
    `${fmt(e.subnetAddresses)} taken from the subnet. ` +
    (e.podsWithoutIp > 0 ? `${fmt(e.podsWithoutIp)} pods get no address. ` : '') +
    (e.podsUnschedulable > 0 ? `${fmt(e.podsUnschedulable)} pods cannot be scheduled. ` : '') +
    `Real capacity ${fmt(e.capacity)} pods (${fmt(e.podIps)} pod addresses + 2 host-network pods).`
  );
}

function cellTitle(c: SlotCell): string {
  const what = c.kind === 'eni' ? "ENI's own address" : c.kind === 'prefix' ? '/28 prefix' : 'secondary IP';
  if (c.state === 'unusable') return `${what}: unusable, ${UNUSABLE_TEXT[c.reason ?? 'beyond-max-eni']}`;
  if (c.kind === 'prefix' && (c.state === 'used' || c.state === 'warm'))
    return `${what}: ${c.used} of 16 used by pods, ${c.free} warm`;
  return `${what}: ${STATE_TEXT[c.state]}`;
}

function swatch(state: SlotState, x: number, y: number, hatchId: string): string {
  const r = `<rect class="vcl-s-${state}" x="${n(x)}" y="${n(y)}" width="${CELL}" height="${CELL}"/>`;
  return state === 'unusable'
    ? r + `<rect x="${n(x)}" y="${n(y)}" width="${CELL}" height="${CELL}" fill="url(#${hatchId})"/>`
    : r;
}

/**
 * The grid as an SVG string. With no rows (unknown type, aws-node not starting, IPv6) the picture is the summary
 * text alone.
 */
export function gridSvg(g: SlotGrid, opts: GridSvgOptions = {}): string {
  const id = safeId(opts.idPrefix, 'grid');
  const hatch = `${id}-hatch`;
  const cols = 1 + g.cidrsPerEni;
  const x = scaleBand<number>()
    .domain(Array.from({ length: cols }, (_, i) => i))
    .range([LABEL_W, LABEL_W + cols * (CELL + GAP)])
    .paddingInner(GAP / (CELL + GAP));
  const y = scaleBand<number>()
    .domain(g.rows.map((_, i) => i))
    .range([40, 40 + g.rows.length * (CELL + GAP)])
    .paddingInner(GAP / (CELL + GAP));
  const gridBottom = 40 + g.rows.length * (CELL + GAP);
  const title = opts.title ?? `${g.instanceType}: address slots with ${fmt(g.pods)} pods`;
  const out: string[] = [];
  const rowsOut: string[] = [];
  for (let i = 0; i < g.rows.length; i++) {
    const row = g.rows[i];
    const ry = y(i) ?? 0;
    const rowTitle =
      `${row.label}: ` +
      (row.reason
        ? `unusable, ${UNUSABLE_TEXT[row.reason]}`
        : row.attached
          ? `${row.cells.filter((c) => c.kind !== 'eni' && c.state !== 'not-allocated').length} of ${g.cidrsPerEni} slots allocated, ${row.cells.reduce((a, c) => a + c.used, 0)} addresses used by pods`
          : 'not attached');
    const cells: string[] = [];
    for (let j = 0; j < row.cells.length; j++) {
      const c = row.cells[j];
      const cx = x(j) ?? 0;
      const bw = x.bandwidth();
      const bh = y.bandwidth();
      // a partly used prefix is drawn warm with its used share as a bar from the bottom
      const partial = c.kind === 'prefix' && c.used > 0 && c.free > 0;
      cells.push(
        `<rect class="vcl-s-${partial ? 'warm' : c.state}" x="${n(cx)}" y="${n(ry)}" width="${n(bw)}" height="${n(bh)}"><title>${esc(cellTitle(c))}</title></rect>`,
      );
      if (c.state === 'unusable')
        cells.push(
          `<rect x="${n(cx)}" y="${n(ry)}" width="${n(bw)}" height="${n(bh)}" fill="url(#${hatch})"/>`,
        );
      else if (partial) {
        const h = (bh * c.used) / c.size;
        cells.push(
          `<rect class="vcl-part" x="${n(cx)}" y="${n(ry + bh - h)}" width="${n(bw)}" height="${n(h)}"/>`,
        );
      }
    }
    rowsOut.push(
      `<g class="vcl-row"><title>${esc(rowTitle)}</title>` +
        `<text x="${LABEL_W - 6}" y="${n(ry + y.bandwidth() - 2)}" text-anchor="end">${esc(row.label)}</text>` +
        cells.join('') +
        '</g>',
    );
  }
  const width = Math.max(LABEL_W + cols * (CELL + GAP) + PAD, 640);

  // legend with totals per state
  const legend: string[] = [];
  let ly = gridBottom + 20;
  const shown: SlotState[] = SLOT_STATES.filter((s) => s !== 'eni-address');
  shown.push('eni-address');
  for (const [k, s] of shown.entries()) {
    const lx = PAD + (k % 2) * 300;
    const yy = ly + Math.floor(k / 2) * 20;
    const t = g.totals[s];
    const label =
      s === 'eni-address'
        ? `${STATE_TEXT[s]}: ${fmt(t.addresses)}`
        : `${STATE_TEXT[s]}: ${fmt(t.addresses)} address${t.addresses === 1 ? '' : 'es'}`;
    legend.push(
      `<g class="vcl-legend-item"><title>${esc(label)}</title>${swatch(s, lx, yy, hatch)}<text x="${n(lx + CELL + 6)}" y="${n(yy + CELL - 2)}">${esc(label)}</text></g>`,
    );
  }
  ly += Math.ceil(shown.length / 2) * 20 + 8;
  const reasons = [
    ...new Set(g.rows.flatMap((r) => r.cells.map((c) => c.reason)).filter((r) => r !== undefined)),
  ];
  for (const r of reasons) {
    legend.push(
      `<text class="vcl-muted" x="${PAD}" y="${n(ly + 10)}">${esc(`Unusable: ${UNUSABLE_TEXT[r]}`)}</text>`,
    );
    ly += 16;
  }

  // max-pods of each tool beside the real capacity
  const bars: string[] = [];
  const values = g.tools.map((t) => t.value).filter((v): v is number => v !== null);
  const cap = g.engine.capacity;
  let by = ly + 16;
  if (values.length > 0) {
    bars.push(
      `<text x="${PAD}" y="${n(by)}" font-weight="bold">max-pods by tool (dashed line: real capacity ${esc(fmt(cap))})</text>`,
    );
    by += 8;
    const xv = scaleLinear()
      .domain([0, Math.max(...values, cap ?? 0, 1)])
      .range([LABEL_W, width - PAD - 40]);
    for (const t of g.tools) {
      const over = t.value !== null && cap !== null && t.value > cap;
      const label = `${TOOL_TEXT[t.tool]}: ${t.value === null ? 'not known offline' : fmt(t.value)}${over ? ' (above the real capacity)' : ''}${t.uncertain ? ` (may differ: ${t.uncertain})` : ''}`;
      bars.push(
        `<g class="vcl-tool"><title>${esc(label)}</title>` +
          `<text x="${LABEL_W - 6}" y="${n(by + 11)}" text-anchor="end">${esc(TOOL_TEXT[t.tool])}</text>` +
          (t.value === null
            ? `<text class="vcl-muted" x="${LABEL_W}" y="${n(by + 11)}">n/a</text>`
            : `<rect class="${over ? 'vcl-bar-over' : 'vcl-bar'}" x="${LABEL_W}" y="${n(by + 2)}" width="${n(Math.max(1, xv(t.value) - LABEL_W))}" height="10"/>` +
              `<text x="${n(xv(t.value) + 4)}" y="${n(by + 11)}">${esc(fmt(t.value))}</text>`) +
          '</g>',
      );
      by += 16;
    }
    if (cap !== null)
      bars.push(
        `<line class="vcl-cap" x1="${n(xv(cap))}" x2="${n(xv(cap))}" y1="${n(ly + 22)}" y2="${n(by + 2)}"/>`,
      );
  }
  const height = by + PAD;
  const summary = gridSummary(g);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="vcl-pic vcl-grid-pic" role="img" aria-labelledby="${id}-title ${id}-desc" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}">`,
    `<title id="${id}-title">${esc(title)}</title>`,
    `<desc id="${id}-desc">${esc(summary)}</desc>`,
  );
  if (opts.standalone) out.push(`<style>${PICTURE_CSS}</style>`);
  out.push(
    `<defs><pattern id="${hatch}" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line class="vcl-hatch-line" x1="0" y1="0" x2="0" y2="4"/></pattern></defs>`,
    `<rect class="vcl-bg" width="100%" height="100%"/>`,
    `<text x="${PAD}" y="20" font-weight="bold">${esc(title)}</text>`,
  );
  if (g.rows.length === 0) {
    out.push(`<text x="${PAD}" y="36">${esc(summary.slice(0, 200))}</text>`);
  } else {
    out.push(
      `<text class="vcl-muted" x="${LABEL_W}" y="34">${esc(`ENI address, then ${g.mode === 'prefix' ? '/28 prefixes (16 addresses each)' : 'secondary IPs'}`)}</text>`,
    );
  }
  out.push(...rowsOut, ...legend, ...bars, '</svg>');
  return out.join('');
}

/**
 * Pictures: pure functions from engine results to data models and SVG strings, shared by the HTML/Markdown report
 * (`cli/commands/report.ts`) and any editor view. No LSP, no DOM, no I/O.
 *
 * @module
 */
export type {
  SlotCell,
  SlotGrid,
  SlotGridInput,
  SlotRow,
  SlotState,
  StateTotals,
  ToolMaxPods,
  UnusableReason,
} from './grid';
export { SLOT_STATES, slotGrid, STATE_TEXT, TOOL_TEXT, UNUSABLE_TEXT } from './grid';
export type { GridSvgOptions } from './gridSvg';
export { gridSummary, gridSvg } from './gridSvg';
export { esc, fmt, PICTURE_CSS } from './svg';
export type { BurstInput, TimelineModel, TimelinePoint, TimelineSvgOptions } from './timeline';
export { burstTimeline, envLabel, timelineFromSimulation, timelineSummary, timelineSvg } from './timeline';
export type { ReportData, ReportFinding, ReportNode, ReportSeverity } from './report';
export { mdCell, REPORT_CSS, reportCsp, reportHtml, reportMarkdown } from './report';

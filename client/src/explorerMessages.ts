/**
 * The messages between the node allocation panel (extension host, `explorer.ts`) and its webview script
 * (`client/webview/main.ts`), typed once for both. Types only: the webview bundle imports nothing at run
 * time from here. The view itself comes from the server (`vpcCniLint/allocationView`, protocol/messages.ts).
 */
import type { AllocationTarget, AllocationViewResult, BurstSettings } from '../../protocol/messages';

/** What the panel asks the server for, besides the target; also the webview's saved state. */
export interface ViewInputs {
  pods?: number;
  burst?: Partial<BurstSettings>;
  whatIf?: Record<string, string>;
}

/** The webview's state (`vscode.setState`), restored when the panel is shown again or after a reload. */
export interface ExplorerState extends ViewInputs {
  target?: AllocationTarget;
}

export type FromWebview =
  /** The script is up (fresh, or re-created after the panel was hidden); `state` is what it had saved. */
  | { type: 'ready'; state?: ExplorerState }
  /** Render the view again with these inputs (slider moved, burst or what-if changed). `seq` orders replies. */
  | { type: 'request'; seq: number; inputs: ViewInputs }
  /** Write the what-if into the CNI settings file. */
  | { type: 'apply'; whatIf: Record<string, string> }
  /** Open the file Apply changed. */
  | { type: 'open'; uri: string };

export type ToWebview =
  /**
   * A rendered view for the inputs of request `seq` (0: the panel's own request). `reset`: the panel was
   * pointed at a new target, the webview's inputs start over from the view's.
   */
  | { type: 'view'; seq: number; reset: boolean; target: AllocationTarget; result: AllocationViewResult }
  /** The target is gone (file closed or the node deleted) or the server failed. */
  | { type: 'error'; seq: number; message: string }
  /** Outcome of Apply to file. */
  | { type: 'applied'; ok: boolean; message: string; uri?: string };

/** The webview panel's view type (also the serializer's). */
export const EXPLORER_VIEW_TYPE = 'vpcCniLint.nodeAllocation';

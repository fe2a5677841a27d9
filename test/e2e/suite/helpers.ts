/**
 * Helpers for the end-to-end suite, which runs inside a real VS Code extension host (code-server or
 * desktop VS Code) against the installed extension. Every wait is on an editor event with a
 * deadline; nothing sleeps for a fixed time.
 */
import * as vscode from 'vscode';
import { SOURCE, formatRange, type ExpectedDiagnostic, type Severity } from '../expectations';

export const DEFAULT_TIMEOUT_MS = 30_000;

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e suite needs a workspace folder (a copy of examples/)');
  return folder.uri;
}

export function fileUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...rel.split('/'));
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fileUri(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export function codeOf(d: vscode.Diagnostic): string {
  if (d.code === undefined) return '';
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

const severities: Record<vscode.DiagnosticSeverity, Severity> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

export function severityOf(d: vscode.Diagnostic): Severity {
  return severities[d.severity];
}

/** `code severity L:C-L:C`: one line per diagnostic, for exact comparison and readable failures. */
export function keyOf(d: vscode.Diagnostic): string {
  return `${codeOf(d)} ${severityOf(d)} ${formatRange(d.range)}`;
}

export function expectedKey(e: ExpectedDiagnostic): string {
  return `${e.code} ${e.severity} ${e.range}`;
}

export function keys(ds: readonly vscode.Diagnostic[]): string[] {
  return ds.map(keyOf).sort();
}

/** Our diagnostics for a file (the source distinguishes them from any other extension's). */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function describe(ds: readonly vscode.Diagnostic[]): string {
  return ds.length ? ds.map((d) => `${keyOf(d)} [${d.source}] ${d.message}`).join('\n    ') : '(none)';
}

/**
 * Resolves with our diagnostics for `uri` as soon as `pred` holds for them: checked now and on every
 * `onDidChangeDiagnostics` event for `uri`. Rejects after `timeoutMs` with what was there.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  pred: (ds: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(
        new Error(
          `timed out after ${timeoutMs} ms waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}; ` +
            `diagnostics now:\n    ${describe(vscode.languages.getDiagnostics(uri))}`,
        ),
      );
    }, timeoutMs);
    const check = (): void => {
      const ds = ours(uri);
      if (!pred(ds)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(ds);
    };
    check();
  });
}

/** Resolves with all diagnostics for `uri` at the next `onDidChangeDiagnostics` event for it. */
export function nextDiagnosticsChange(
  uri: vscode.Uri,
  what: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): { done: Promise<vscode.Diagnostic[]> } {
  let sub: vscode.Disposable | undefined;
  const done = new Promise<vscode.Diagnostic[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub?.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}: no diagnostics event`));
    }, timeoutMs);
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      clearTimeout(timer);
      sub?.dispose();
      resolve(vscode.languages.getDiagnostics(uri));
    });
  });
  return { done };
}

/** Waits until our diagnostics for `uri` are exactly `expected` (codes, severities and ranges). */
export function waitForExactly(
  uri: vscode.Uri,
  expected: readonly string[],
  what: string,
): Promise<vscode.Diagnostic[]> {
  const want = JSON.stringify([...expected].sort());
  return waitForDiagnostics(
    uri,
    (ds) => JSON.stringify(keys(ds)) === want,
    `${what}: [${expected.join(', ')}]`,
  );
}

/** Markdown/plain text of every hover any provider returns at a position. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ??
    [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

/** Throws away unsaved changes in the active editor (the file on disk is never written). */
export async function revert(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  if (editor.document.isDirty) throw new Error(`could not revert ${editor.document.uri.toString()}`);
}

export function toRange(r: {
  start: { line: number; character: number };
  end: { line: number; character: number };
}): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

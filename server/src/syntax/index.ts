/**
 * The syntax layer's entry point: text to a located `DocumentModel`, never throwing.
 */
import { parseAllDocuments } from 'yaml';
import { emptyModel, type DocumentModel } from './model';
import { readDirectives } from './directives';
import { readAwsNodeDaemonSet } from './kubernetes';
import { newlineOf } from './text';

export * from './model';
export { LineMap } from './lines';
export { replacementFor, insertionFor, encodeFor, scalarReplacement, type TextEdit } from './edits';

export interface DocumentHint {
  uri?: string;
  languageId?: string;
}

/** Cheap pre-check: can this text hold anything we analyse? */
export function mightBeRelevant(text: string): boolean {
  return /aws-node|DaemonSet/.test(text);
}

export function parseDocument(text: string, _hint: DocumentHint = {}): DocumentModel {
  const model = emptyModel();
  try {
    model.directives = readDirectives(text);
    if (!mightBeRelevant(text)) return model;
    const nl = newlineOf(text);
    for (const doc of parseAllDocuments(text)) {
      if (!('contents' in doc)) continue;
      const ds = readAwsNodeDaemonSet(text, doc, nl);
      if (ds) model.cni.push(ds);
    }
  } catch (err) {
    model.problems.push({
      code: 'invalid-user-data',
      severity: 'error',
      message: `vpc-cni-lint could not read this file: ${(err as Error).message}`,
      span: { start: 0, end: 0 },
    });
  }
  model.relevant = model.cni.length > 0 || model.nodes.length > 0;
  return model;
}

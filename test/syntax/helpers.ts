/** Helpers for syntax-layer tests: load a fixture, slice spans, apply insertions. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  insertionFor,
  parseDocument,
  type DocumentModel,
  type InsertionPoint,
  type Span,
} from '../../server/src/syntax';

export const FIXTURES = path.join(__dirname, 'fixtures');

export interface Loaded {
  text: string;
  model: DocumentModel;
  /** The source text of a span. */
  at: (span: Span | undefined) => string | undefined;
}

export function parse(text: string, uri = 'file:///test.yaml'): Loaded {
  const model = parseDocument(text, { uri });
  return { text, model, at: (s) => (s ? text.slice(s.start, s.end) : undefined) };
}

export function load(name: string): Loaded {
  return parse(readFileSync(path.join(FIXTURES, name), 'utf8'), `file:///fixtures/${name}`);
}

/** Applies an insertion point with `vars`; throws when the edit is refused. */
export function applyInsertion(
  text: string,
  point: InsertionPoint | undefined,
  vars: Record<string, string>,
): string {
  if (!point) throw new Error('no insertion point');
  const edit = insertionFor(point, vars);
  if (!edit) throw new Error('insertion refused');
  return text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
}

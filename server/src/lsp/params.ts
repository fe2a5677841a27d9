/**
 * Shape checks for request parameters. A request whose parameters are missing or malformed
 * (`null`, no `textDocument.uri`, a position that is not two numbers) is answered with the
 * JSON-RPC error InvalidParams (-32602), not with an internal error from a failed property access.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isPosition(v: unknown): boolean {
  return isRecord(v) && typeof v.line === 'number' && typeof v.character === 'number';
}

function invalid(method: string, what: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `${method}: ${what}`);
}

/** Throws InvalidParams unless `params.textDocument.uri` is a string. */
export function requireDocument(method: string, params: unknown): void {
  if (!isRecord(params)) throw invalid(method, 'parameters must be an object');
  const doc = params.textDocument;
  if (!isRecord(doc) || typeof doc.uri !== 'string')
    throw invalid(method, 'textDocument.uri must be a string');
}

/** Throws InvalidParams unless the document is named and `params[key]` is a position. */
export function requirePosition(method: string, params: unknown, key = 'position'): void {
  requireDocument(method, params);
  if (!isPosition((params as Record<string, unknown>)[key]))
    throw invalid(method, `${key} must be { line, character }`);
}

/** Throws InvalidParams unless the document is named and `params.range` is a range. */
export function requireRange(method: string, params: unknown): void {
  requireDocument(method, params);
  const range = (params as Record<string, unknown>).range;
  if (!isRecord(range) || !isPosition(range.start) || !isPosition(range.end))
    throw invalid(method, 'range must be { start, end } positions');
}

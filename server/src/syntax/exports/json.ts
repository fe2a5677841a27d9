/** Plain JSON values as the export parsers give them, and tolerant accessors (never throw). */
/** A parsed JSON value, as the streaming parser and `JSON.parse` give it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function obj(v: Json | undefined): JsonObject | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}
export function arr(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}
export function str(v: Json | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
/** A Kubernetes quantity of pods (`"110"`): an integer, else undefined. */
export function count(v: Json | undefined): number | undefined {
  const s = typeof v === 'number' ? String(v) : str(v);
  return s !== undefined && /^\d{1,9}$/.test(s) ? Number(s) : undefined;
}

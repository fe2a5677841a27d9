/**
 * The streaming export reader: chunks of a JSON export in, the export model out, with memory bounded
 * by the records kept (nodes, ENIConfigs, per-node pod counters), not by the file. No I/O: the CLI and
 * the server read the bytes and push them with `write`.
 *
 * Parser: @streamparser/json (pinned 0.0.26): push-fed (`write(chunk)`), no dependencies, emits the
 * values at the paths asked for and with `keepStack: false` drops them from their parent once emitted,
 * so an item is built, read and released one at a time. Several JSON documents one after another (a
 * stdin of concatenated exports) are read in turn.
 */
import { JSONParser } from '@streamparser/json';
import type { ExportModel } from './model';
import { emptyExportModel } from './model';
import type { ItemReader, Json, JsonObject } from './readers';
import { itemReaders, listItemKinds, obj, str } from './readers';

/** AWS CLI output arrays, read item by item; their readers are `aws:<key>` in the reader table. */
export const AWS_ARRAYS = ['Subnets', 'NetworkInterfaces', 'InstanceTypes'] as const;

const PATHS = ['$.items.*', ...AWS_ARRAYS.map((k) => `$.${k}.*`), '$'];

/** A kind for a list item that does not state its own (typed lists from the API: items omit `kind`). */
function inferKind(item: JsonObject): string | undefined {
  const spec = obj(item.spec);
  if (obj(obj(item.status)?.nodeInfo) || str(spec?.providerID)) return 'Node';
  if (Array.isArray(spec?.containers)) return 'Pod';
  return undefined;
}

/** Runs the reader of an item's kind, counting kinds no reader handles. */
export function dispatchItem(
  item: Json,
  kindHint: string | undefined,
  index: number,
  model: ExportModel,
  readers: Record<string, ItemReader>,
  span?: { start: number; end: number },
): void {
  const o = obj(item);
  if (!o) return;
  const kind = kindHint ?? str(o.kind) ?? inferKind(o);
  const reader = kind ? readers[kind] : undefined;
  if (!reader) {
    const k = kind ?? 'unknown';
    model.skipped[k] = (model.skipped[k] ?? 0) + 1;
    return;
  }
  try {
    reader(o, span ? { index, span } : { index }, model);
  } catch (err) {
    // Readers are written not to throw; one bad item must not lose the rest.
    model.problems.push({
      message: `item ${index}: ${(err as Error)?.message ?? String(err)}`,
      at: { index },
    });
  }
}

export interface ExportStreamReader {
  /** Pushes the next chunk (UTF-8 bytes or text). Stops reading after a syntax error (recorded in `problems`). */
  write(chunk: Uint8Array | string): void;
  /** Ends the input and returns the model. */
  end(): ExportModel;
}

/**
 * A reader for one JSON export file (or several JSON documents in a row). `readers` replaces the default
 * reader table (tests, or a caller that wants only some kinds).
 */
export function createExportStreamReader(
  readers: Record<string, ItemReader> = itemReaders,
  model: ExportModel = emptyExportModel(),
): ExportStreamReader {
  let failed = false;
  let index = 0;
  const parser = new JSONParser({ paths: PATHS, keepStack: false, separator: '' });
  parser.onError = (err: Error): void => {
    if (!failed) model.problems.push({ message: `not valid JSON: ${err.message}` });
    failed = true;
  };
  parser.onValue = ({ value, key, stack }): void => {
    const path = stack.length;
    if (path === 0) {
      // The root, after its arrays' items were emitted and dropped: a single object when it has no items.
      const root = obj(value as Json);
      if (root && !Array.isArray(root.items) && !AWS_ARRAYS.some((k) => Array.isArray(root[k]))) {
        if (root.addon !== undefined) dispatchItem(root.addon as Json, 'aws:addon', index++, model, readers);
        else if (str(root.kind) && !str(root.kind)?.endsWith('List'))
          dispatchItem(root, undefined, index++, model, readers);
      }
      return;
    }
    const parentKey = stack[path - 1]?.key;
    const aws = typeof parentKey === 'string' && (AWS_ARRAYS as readonly string[]).includes(parentKey);
    void key;
    dispatchItem(value as Json, aws ? `aws:${String(parentKey)}` : undefined, index++, model, readers);
  };
  return {
    write(chunk) {
      if (failed || parser.isEnded) return;
      try {
        parser.write(chunk);
      } catch (err) {
        parser.onError = (): void => undefined;
        if (!failed) model.problems.push({ message: `not valid JSON: ${(err as Error).message}` });
        failed = true;
      }
    },
    end() {
      if (!failed && !parser.isEnded) {
        try {
          parser.end();
        } catch (err) {
          if (!failed) model.problems.push({ message: `not valid JSON: ${(err as Error).message}` });
        }
      }
      return model;
    },
  };
}

export { listItemKinds };

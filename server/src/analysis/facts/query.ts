/**
 * Queries: the one way analysis/ memoizes (rust-analyzer's queries, in small). A query is a pure function of its
 * arguments, computed once per argument tuple. Object arguments (models, catalogs, engine settings, rule contexts)
 * are held weakly, so an answer lives exactly as long as what it was computed from; primitives (type names, uris,
 * flags) and `undefined` key a plain map below them. Models, catalogs and settings are immutable, which is what
 * makes this sound; callers must not modify what a query returns.
 */

interface Slot {
  weak?: WeakMap<object, Slot>;
  strong?: Map<unknown, Slot>;
  done?: boolean;
  value?: unknown;
}

const isObject = (v: unknown): v is object =>
  (typeof v === 'object' && v !== null) || typeof v === 'function';

function child(slot: Slot, key: unknown): Slot {
  if (isObject(key)) {
    slot.weak ??= new WeakMap();
    let next = slot.weak.get(key);
    if (!next) slot.weak.set(key, (next = {}));
    return next;
  }
  slot.strong ??= new Map();
  let next = slot.strong.get(key);
  if (!next) slot.strong.set(key, (next = {}));
  return next;
}

/** `compute`, memoized per argument tuple (undefined and null answers included). */
export function query<A extends unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  const root: Slot = {};
  return (...args: A): R => {
    let slot = root;
    for (const a of args) slot = child(slot, a);
    if (!slot.done) {
      slot.value = compute(...args);
      slot.done = true;
    }
    return slot.value as R;
  };
}

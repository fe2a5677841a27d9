/**
 * One config file: text to a validated `ParsedConfig`. YAML (and JSON, which the YAML parser reads too) is
 * parsed with the `yaml` library keeping every node's range, validated with the ajv validator compiled from
 * `schemas/project-config.schema.json` (scripts/gen-validators.mjs), and every error is mapped back to the
 * exact range of the key or value it is about. Invalid parts are left out; the rest applies. Never throws.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { allRules, applyCatalogOverrides, type Severity } from '../analysis';
import { validateProjectConfig } from '../analysis/generated/validators';
import { defaultCatalog, parseCniVersion, suggestNames } from '../engine';
import type { Span } from '../syntax';
import { CONFIG_CODE, type ParsedConfig, type Sited } from './types';

/** Codes that do not come from a rule file but can be set in `rules` all the same. */
export const NON_RULE_CODES = ['yaml-syntax', 'invalid-user-data', 'file-too-large', CONFIG_CODE];

const TOP_KEYS = [
  '$schema',
  'extends',
  'rules',
  'defaultInstanceTypes',
  'instanceTypes',
  'ignore',
  'cniVersion',
  'nodeGroups',
  'clusters',
];

interface Place {
  key?: Span;
  value: Span;
}

/** JSON pointer (ajv `instancePath` syntax) → where the key and value are written. */
type Places = Map<string, Place>;

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

function spanOf(node: unknown): Span | undefined {
  const r = (node as Node | null | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** Records the place of every node under `node` (mapping keys by their scalar text). */
function collect(node: unknown, pointer: string, key: Span | undefined, out: Places): void {
  const value = spanOf(node) ?? key;
  if (value) out.set(pointer, { key, value });
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (k === undefined) continue;
      collect(pair.value, `${pointer}/${escapePointer(k)}`, spanOf(pair.key), out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => collect(item, `${pointer}/${i}`, undefined, out));
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unescape(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Removes the value at `pointer` (a key of an object or an item of an array, left as a hole). */
function removeAt(root: unknown, pointer: string): void {
  const parts = pointer.split('/').slice(1).map(unescape);
  const last = parts.pop();
  if (last === undefined) return;
  let cur: unknown = root;
  for (const p of parts) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isRecord(cur)) cur = cur[p];
    else return;
  }
  if (Array.isArray(cur)) cur[Number(last)] = undefined;
  else if (isRecord(cur)) delete cur[last];
}

const quote = (s: string) => `"${s}"`;

/** The words of ajv's error, in the terms of the config file. */
function describe(e: {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}): string {
  const where = e.instancePath
    ? `${e.instancePath.slice(1).split('/').map(unescape).join('.')}`
    : 'the configuration';
  switch (e.keyword) {
    case 'enum':
      return `${where} must be one of ${((e.params.allowedValues as unknown[]) ?? []).map((v) => String(v)).join(', ')}`;
    case 'pattern':
      return where.startsWith('cniVersion')
        ? `cniVersion must be a CNI version such as v1.19.2`
        : where.includes('cidr')
          ? `${where} must be an IPv4 CIDR such as 10.0.0.0/24`
          : `${where} must be an instance type name such as m6i.large`;
    case 'type': {
      const words: Record<string, string> = {
        array: 'a list',
        object: 'a mapping',
        string: 'a string',
        integer: 'a whole number',
        number: 'a number',
      };
      return `${where} must be ${words[String(e.params.type)] ?? String(e.params.type)}`;
    }
    default:
      return `${where} ${e.message ?? e.keyword}`;
  }
}

/** Parses and validates one config file. `uri` is the file's URI (used in located values). */
export function parseConfig(uri: string, text: string): ParsedConfig {
  const out: ParsedConfig = {
    uri,
    problems: [],
    extends: [],
    rules: {},
    instanceTypes: {},
    ignore: [],
    nodeGroups: {},
  };
  const problem = (message: string, span: Span, severity: Severity = 'error'): void => {
    out.problems.push({ code: CONFIG_CODE, severity, message, span });
  };
  let data: unknown;
  const places: Places = new Map();
  try {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
    for (const err of doc.errors) {
      const [start, end] = err.pos;
      problem(err.message.split('\n')[0] ?? 'malformed YAML', { start, end: Math.max(end, start) });
    }
    if (doc.errors.length) return out;
    data = doc.toJS({ maxAliasCount: 100 });
    collect(doc.contents, '', undefined, places);
  } catch (err) {
    problem(`cannot read the configuration: ${(err as Error)?.message ?? String(err)}`, { start: 0, end: 0 });
    return out;
  }
  if (data === null || data === undefined) return out; // An empty file configures nothing.

  const whole: Span = { start: 0, end: Math.min(text.length, 1) };
  /** A node's range without the line breaks and spaces a block value ends with. */
  const trim = (span: Span): Span => {
    let end = span.end;
    while (end > span.start + 1 && /\s/.test(text[end - 1] ?? '')) end--;
    return { start: span.start, end };
  };
  const placeOf = (pointer: string): Place => {
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const hit = places.get(p);
      if (hit) return { key: hit.key, value: trim(hit.value) };
      if (!p) return { value: whole };
    }
  };

  if (!validateProjectConfig(data)) {
    const seen = new Set<string>();
    const entryErrors = new Set<string>();
    for (const e of validateProjectConfig.errors ?? []) {
      let pointer = e.instancePath;
      let span: Span;
      let message: string;
      const m = /^\/instanceTypes\/([^/]+)/.exec(pointer);
      if (m && m[1] !== undefined && e.keyword !== 'propertyNames' && e.keyword !== 'pattern') {
        // A catalog entry: the catalog loader's words name the field the way the setting's docs do.
        pointer = `/instanceTypes/${m[1]}`;
        if (entryErrors.has(pointer)) continue;
        entryErrors.add(pointer);
        const name = unescape(m[1]);
        const entry = isRecord(data) && isRecord(data.instanceTypes) ? data.instanceTypes[name] : undefined;
        const words = applyCatalogOverrides(defaultCatalog(), { [name]: entry }).problems;
        span = placeOf(pointer).value;
        message = `instanceTypes: ${(words[0] ?? `${name}: invalid entry`).replace(/ \(entry ignored\)$/, '')} (entry ignored)`;
      } else if (e.keyword === 'additionalProperties') {
        const key = String(e.params.additionalProperty);
        pointer = `${pointer}/${escapePointer(key)}`;
        const place = placeOf(pointer);
        span = place.key ?? place.value;
        const known =
          e.instancePath === ''
            ? TOP_KEYS
            : /^\/nodeGroups\/[^/]+$/.test(e.instancePath)
              ? ['subnets']
              : /^\/nodeGroups\/[^/]+\/subnets\/\d+$/.test(e.instancePath)
                ? ['cidr', 'nodes']
                : /^\/clusters\/\d+$/.test(e.instancePath)
                  ? ['name', 'paths']
                  : [];
        const guess = suggestNames(key, known, 1)[0];
        message = `unknown key ${quote(key)}${e.instancePath ? ` in ${e.instancePath.slice(1).split('/').map(unescape).join('.')}` : ''}${guess ? `; did you mean ${quote(guess)}?` : ''}`;
      } else if (e.keyword === 'propertyNames') {
        const key = String(e.params.propertyName);
        pointer = `${pointer}/${escapePointer(key)}`;
        const place = placeOf(pointer);
        span = place.key ?? place.value;
        message = e.instancePath.startsWith('/rules')
          ? `${quote(key)} is not a rule code (rule codes are kebab-case, e.g. warm-eni-target-zero)`
          : `${quote(key)} is not an instance type name (e.g. m6i.large)`;
      } else if (e.keyword === 'required') {
        const place = placeOf(pointer);
        span = place.key ?? place.value;
        message = `${pointer ? pointer.slice(1).split('/').map(unescape).join('.') : 'the configuration'} needs ${quote(String(e.params.missingProperty))}`;
      } else if (e.keyword === 'oneOf' || e.keyword === 'if') {
        continue; // The branch errors say what is wrong.
      } else {
        const place = placeOf(pointer);
        span = place.value;
        message = describe(e);
      }
      const key = `${span.start}:${span.end}`;
      if (seen.has(key)) {
        removeAt(data, pointer);
        continue;
      }
      seen.add(key);
      problem(message, span);
      if (pointer === '') return out;
      removeAt(data, pointer);
    }
  }
  if (isRecord(data)) read(out, data, (p) => placeOf(p), problem);
  out.problems.sort((a, b) => a.span.start - b.span.start);
  return out;
}

/** Reads the (pruned, so valid where present) data into located values, with the checks a schema cannot make. */
function read(
  out: ParsedConfig,
  data: Record<string, unknown>,
  placeOf: (pointer: string) => Place,
  problem: (message: string, span: Span, severity?: Severity) => void,
): void {
  const uri = out.uri;
  const sited = <T>(value: T, pointer: string): Sited<T> => ({ value, uri, span: placeOf(pointer).value });
  const strings = (v: unknown): string[] =>
    (Array.isArray(v) ? v : [v]).filter((s): s is string => typeof s === 'string');

  if (data.extends !== undefined) {
    const list = Array.isArray(data.extends) ? data.extends : [data.extends];
    list.forEach((v, i) => {
      if (typeof v === 'string')
        out.extends.push(sited(v, Array.isArray(data.extends) ? `/extends/${i}` : '/extends'));
    });
  }
  if (isRecord(data.rules)) {
    const known = [...allRules.map((r) => r.code), ...NON_RULE_CODES];
    for (const [code, severity] of Object.entries(data.rules)) {
      if (typeof severity !== 'string') continue;
      const pointer = `/rules/${escapePointer(code)}`;
      const place = placeOf(pointer);
      if (!known.includes(code)) {
        const guess = suggestNames(code, known, 1)[0];
        problem(
          `unknown rule code ${quote(code)}${guess ? `; did you mean ${quote(guess)}?` : ''}`,
          place.key ?? place.value,
          'warning',
        );
        continue;
      }
      out.rules[code] = {
        ...sited(severity as Severity | 'off', pointer),
        keySpan: place.key ?? place.value,
      };
    }
  }
  if (Array.isArray(data.defaultInstanceTypes))
    out.defaultInstanceTypes = sited(strings(data.defaultInstanceTypes), '/defaultInstanceTypes');
  if (isRecord(data.instanceTypes)) {
    for (const [name, entry] of Object.entries(data.instanceTypes))
      out.instanceTypes[name] = sited(entry, `/instanceTypes/${escapePointer(name)}`);
  }
  if (Array.isArray(data.ignore)) out.ignore = strings(data.ignore);
  if (typeof data.cniVersion === 'string') {
    if (parseCniVersion(data.cniVersion)) out.cniVersion = sited(data.cniVersion, '/cniVersion');
    else problem(`cniVersion must be a CNI version such as v1.19.2`, placeOf('/cniVersion').value);
  }
  if (isRecord(data.nodeGroups)) {
    for (const [name, group] of Object.entries(data.nodeGroups)) {
      if (!isRecord(group) || !Array.isArray(group.subnets)) continue;
      const pointer = `/nodeGroups/${escapePointer(name)}`;
      const subnets: ParsedConfig['nodeGroups'][string]['subnets'] = [];
      group.subnets.forEach((s, i) => {
        if (!isRecord(s) || typeof s.cidr !== 'string' || typeof s.nodes !== 'number') return;
        const cidrPointer = `${pointer}/subnets/${i}/cidr`;
        const bits = Number(s.cidr.slice(s.cidr.indexOf('/') + 1));
        const octets = s.cidr.slice(0, s.cidr.indexOf('/')).split('.').map(Number);
        // AWS accepts IPv4 subnet sizes from /16 to /28 (VPC user guide, "Subnet sizing").
        if (octets.some((o) => o > 255) || bits < 16 || bits > 28) {
          problem(`${s.cidr} is not a VPC subnet (IPv4 subnets are /16 to /28)`, placeOf(cidrPointer).value);
          return;
        }
        subnets.push({ cidr: s.cidr, nodes: s.nodes, uri, span: placeOf(cidrPointer).value });
      });
      const place = placeOf(pointer);
      out.nodeGroups[name] = { subnets, uri, keySpan: place.key ?? place.value };
    }
  }
  if (Array.isArray(data.clusters)) {
    out.clusters = data.clusters
      .filter(isRecord)
      .filter((c) => typeof c.name === 'string' && Array.isArray(c.paths))
      .map((c) => ({ name: c.name as string, paths: strings(c.paths) }));
  }
}

/** `vpcCniLint.*` settings as the server reads them, with validation and defaults. */
import type { AnalysisSettings, Severity } from '../analysis';

export interface ServerSettings {
  enable: boolean;
  analysis: AnalysisSettings;
  /** Raw `vpcCniLint.instanceTypes` (catalog additions/overrides), validated by the catalog loader. */
  instanceTypes: unknown;
  inlayHints: boolean;
  /** Files larger than this (bytes) are skipped with one information diagnostic. */
  maxFileSize: number;
  /** What was wrong with the settings (values dropped or capped), for the log. */
  problems?: string[];
}

/**
 * At most this many `defaultInstanceTypes` are used. Each type in scope is evaluated by several rules
 * at every analysis; a workspace's settings (even untrusted) could list 100,000 names. Real lists
 * name a few node types.
 */
export const MAX_DEFAULT_INSTANCE_TYPES = 200;

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export const defaultServerSettings: ServerSettings = {
  enable: true,
  analysis: { defaultInstanceTypes: [], ruleSeverity: {}, yamlSyntaxHandledElsewhere: false },
  instanceTypes: {},
  inlayHints: true,
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
};

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads the `vpcCniLint` section; unknown or ill-typed values fall back to defaults. */
export function readSettings(raw: unknown, yamlSyntaxHandledElsewhere: boolean): ServerSettings {
  const s = isRecord(raw) ? raw : {};
  const ruleSeverity: Record<string, Severity | 'off'> = {};
  if (isRecord(s.rules)) {
    for (const [code, v] of Object.entries(s.rules)) {
      if (typeof v === 'string' && SEVERITIES.has(v)) ruleSeverity[code] = v as Severity | 'off';
    }
  }
  const problems: string[] = [];
  const listed = Array.isArray(s.defaultInstanceTypes)
    ? [
        ...new Set(
          s.defaultInstanceTypes
            .filter((t): t is string => typeof t === 'string' && t.trim() !== '')
            .map((t) => t.trim()),
        ),
      ]
    : [];
  const types = listed.slice(0, MAX_DEFAULT_INSTANCE_TYPES);
  if (listed.length > types.length)
    problems.push(
      `vpcCniLint.defaultInstanceTypes lists ${listed.length} types; only the first ${MAX_DEFAULT_INSTANCE_TYPES} are used.`,
    );
  const maxFileSize =
    typeof s.maxFileSize === 'number' && s.maxFileSize > 0 ? s.maxFileSize : DEFAULT_MAX_FILE_SIZE;
  return {
    enable: s.enable !== false,
    analysis: { defaultInstanceTypes: types, ruleSeverity, yamlSyntaxHandledElsewhere },
    instanceTypes: s.instanceTypes ?? {},
    inlayHints: !(isRecord(s.inlayHints) && s.inlayHints.enable === false),
    maxFileSize,
    ...(problems.length ? { problems } : {}),
  };
}

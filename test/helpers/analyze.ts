/** Runs the real syntax + analysis layers over a set of files, as the CLI and server do. */
import {
  analyzeInClusters,
  buildClusterModel,
  defaultSettings,
  type AnalysisSettings,
  type Finding,
} from '../../server/src/analysis';
import { defaultCatalog, withOverrides, type Catalog } from '../../server/src/engine';
import { LineMap, parseDocument, type DocumentModel } from '../../server/src/syntax';

export interface AnalysedFile {
  uri: string;
  text: string;
  model: DocumentModel;
  findings: Finding[];
  lines: LineMap;
}

let baseCatalog: Catalog | undefined;

export function catalogWith(overrides?: unknown): Catalog {
  baseCatalog ??= defaultCatalog();
  return overrides ? withOverrides(baseCatalog, overrides).catalog : baseCatalog;
}

export function analyseFiles(
  files: Array<{ uri: string; text: string }>,
  settings: Partial<AnalysisSettings> = {},
  catalogOverrides?: unknown,
  /** Repository roots (folder paths): files under different roots never share CNI settings. */
  roots: string[] = [],
): AnalysedFile[] {
  const parsed = files.map((f) => ({ ...f, model: parseDocument(f.text, { uri: f.uri }) }));
  const rootOf = (uri: string): string =>
    roots.filter((r) => uri.startsWith(r + '/')).sort((a, b) => b.length - a.length)[0] ?? '';
  const clusters = buildClusterModel(
    parsed.map((p) => ({ uri: p.uri, model: p.model })),
    { rootOf },
  );
  const catalog = catalogWith(catalogOverrides);
  return parsed.map((p) => ({
    ...p,
    lines: new LineMap(p.text),
    findings: analyzeInClusters(
      {
        uri: p.uri,
        text: p.text,
        model: p.model,
        catalog,
        settings: { ...defaultSettings, ...settings },
      },
      clusters,
      {
        onRuleError: (code, err) => {
          throw new Error(`rule ${code} threw: ${(err as Error)?.stack ?? err}`);
        },
      },
    ),
  }));
}

export function analyseText(
  text: string,
  uri = 'file:///test.yaml',
  settings: Partial<AnalysisSettings> = {},
): AnalysedFile {
  const [f] = analyseFiles([{ uri, text }], settings);
  if (!f) throw new Error('no result');
  return f;
}

/** Applies non-overlapping edits (any order) to a text. */
export function applyEdits(
  text: string,
  edits: Array<{ span: { start: number; end: number }; newText: string }>,
): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

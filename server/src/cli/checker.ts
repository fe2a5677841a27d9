/**
 * The work of `check` on a set of files, the same on the main thread and in worker threads: parse
 * files (keeping their models), report what each contributes to the cross-file context, then analyse
 * files against a context assembled from every file's contribution.
 *
 * Contributions are the parts of a model other files' rules read (`WorkspaceContext`: CNI settings,
 * nodes, ENIConfigs, SecurityGroupPolicies; and the cluster names and directive the cluster model reads),
 * with the file's repository root (set by the main thread, which looks for `.git` folders). They are plain
 * data, so they cross threads by structured clone; a checker uses its own objects for the files it parsed,
 * so identity-keyed memos and the cluster model's membership keep working.
 */
import {
  analyzeInClusters,
  applyCatalogOverrides,
  buildClusterModel,
  type AnalysisSettings,
} from '../analysis';
import { withAssumedCniVersion, type ResolvedConfig } from '../config';
import { defaultCatalog, type Catalog } from '../engine';
import { emptyDirectives, LineMap, parseDocument, type DocumentModel, type Located } from '../syntax';
import type { ExportModel } from '../syntax/exports';
import type { FileFinding } from './output';

export interface CheckerInit {
  /** Raw catalog overrides (`--catalog FILE`, the config's `instanceTypes`), applied in order. */
  catalogSources: unknown[];
  settings: AnalysisSettings;
  /**
   * What each project config in force says (by `DocInput.config`): settings with flags over the config,
   * catalog overrides (the config's `instanceTypes`, then `--catalog`), the assumed CNI version.
   */
  configs?: Record<string, ConfigInForce>;
}

export interface ConfigInForce {
  settings: AnalysisSettings;
  catalogSources: unknown[];
  cniVersion?: ResolvedConfig['cniVersion'];
}

/** A file's text, or the note that it was skipped for its size. */
export interface DocInput {
  file: string;
  text: string;
  tooLarge?: { size: number; limit: number };
  /**
   * A JSON export above the size limit, read as a stream by the main thread (check.ts): its model without
   * positions stands for the file (findings about it land at its start).
   */
  streamed?: ExportModel;
  /** Key of the project config in force (`CheckerInit.configs`); undefined: none. */
  config?: string;
}

export type Contribution = Pick<
  DocumentModel,
  'cni' | 'nodes' | 'eniConfigs' | 'securityGroupPolicies' | 'clusterNames' | 'export'
> & {
  file: string;
  /** `# vpc-cni-lint: cluster=NAME` of the file. */
  clusterDirective?: Located<string>;
  /** Repository root (clusters never cross it); set before analysis. */
  root?: string;
  /** The cluster the project config's `clusters` map the file to; set before analysis. */
  configCluster?: { name: string; configFile: string };
};

/**
 * A contribution as sent to a thread for analysis: in full, or, for a file that thread parsed itself, only
 * its name and what the main thread set (the thread has the model: nothing else needs to cross).
 */
export type ContributionInput =
  Contribution | (Pick<Contribution, 'file' | 'root' | 'configCluster'> & { own: true });

export interface ParseResult {
  file: string;
  /** The contribution, when the file contributes anything to other files' analysis. */
  contribution?: Contribution;
}

export interface AnalyzeResult {
  findings: FileFinding[][];
  errors: string[];
}

export function buildCatalog(sources: unknown[]): Catalog {
  return sources.reduce<Catalog>((c, raw) => applyCatalogOverrides(c, raw).catalog, defaultCatalog());
}

function contributionOf(file: string, m: DocumentModel): Contribution | undefined {
  const names = !!m.clusterNames?.length || !!m.directives.cluster;
  if (
    !m.cni.length &&
    !m.nodes.length &&
    !m.eniConfigs.length &&
    !m.securityGroupPolicies.length &&
    !names &&
    !m.export
  )
    return undefined;
  const c: Contribution = {
    file,
    cni: m.cni,
    nodes: m.nodes,
    eniConfigs: m.eniConfigs,
    securityGroupPolicies: m.securityGroupPolicies,
  };
  if (m.clusterNames) c.clusterNames = m.clusterNames;
  if (m.directives.cluster) c.clusterDirective = m.directives.cluster;
  if (m.export) c.export = m.export;
  return c;
}

/** The model the cluster model reads, rebuilt from a contribution. */
function modelOf(c: Contribution): DocumentModel {
  return {
    cni: c.cni,
    nodes: c.nodes,
    eniConfigs: c.eniConfigs,
    securityGroupPolicies: c.securityGroupPolicies,
    clusterNames: c.clusterNames,
    ...(c.export ? { export: c.export } : {}),
    directives: { ...emptyDirectives(), cluster: c.clusterDirective },
    problems: [],
    relevant: true,
  };
}

function tooLargeModel(size: number, limit: number): DocumentModel {
  return {
    ...parseDocument(''),
    problems: [
      {
        code: 'file-too-large',
        severity: 'information',
        message: `skipped: ${size} bytes is above the --max-file-size limit of ${limit}`,
        span: { start: 0, end: 0 },
      },
    ],
  };
}

export class Checker {
  private readonly docs = new Map<string, { text: string; model: DocumentModel; config?: string }>();
  private readonly catalog: Catalog;
  private readonly catalogs = new Map<string, Catalog>();

  /** Settings and catalog for a file under project config `key`. */
  private inForce(key: string | undefined): { settings: AnalysisSettings; catalog: Catalog } {
    const c = key !== undefined ? this.init.configs?.[key] : undefined;
    if (!c) return { settings: this.init.settings, catalog: this.catalog };
    let catalog = this.catalogs.get(key!);
    if (!catalog) {
      catalog = c.catalogSources.length ? buildCatalog(c.catalogSources) : this.catalog;
      this.catalogs.set(key!, catalog);
    }
    return { settings: c.settings, catalog };
  }

  constructor(
    private readonly init: CheckerInit,
    catalog?: Catalog,
  ) {
    this.catalog = catalog ?? buildCatalog(init.catalogSources);
  }

  parse(inputs: DocInput[]): ParseResult[] {
    return inputs.map((d) => {
      const cniVersion = d.config !== undefined ? this.init.configs?.[d.config]?.cniVersion : undefined;
      const model = d.streamed
        ? { ...parseDocument(''), export: d.streamed, relevant: true }
        : d.tooLarge
          ? tooLargeModel(d.tooLarge.size, d.tooLarge.limit)
          : withAssumedCniVersion(parseDocument(d.text, { uri: d.file }), { cniVersion });
      this.docs.set(d.file, { text: d.tooLarge ? '' : d.text, model, config: d.config });
      const contribution = contributionOf(d.file, model);
      return contribution ? { file: d.file, contribution } : { file: d.file };
    });
  }

  /** Analyses `files` (parsed before by this checker) against the context of `contributions`. */
  analyze(files: string[], contributions: ContributionInput[]): AnalyzeResult {
    const errors: string[] = [];
    // This checker's own objects for the files it parsed (memos are keyed on identity).
    const own = contributions.flatMap((c): Contribution[] => {
      const d = this.docs.get(c.file);
      const mine = d ? contributionOf(c.file, d.model) : undefined;
      if (mine) return [{ ...mine, root: c.root, configCluster: c.configCluster }];
      if ('own' in c) {
        errors.push(`${c.file}: internal error: contribution of a file this thread did not parse`);
        return [];
      }
      return [c];
    });
    const roots = new Map(own.map((c) => [c.file, c.root ?? '']));
    const stated = new Map(own.map((c) => [c.file, c.configCluster]));
    const clusters = buildClusterModel(
      own.map((c) => ({ uri: c.file, model: modelOf(c) })),
      { rootOf: (file) => roots.get(file) ?? '', configCluster: (file) => stated.get(file) },
    );
    const findings = files.map((file) => {
      const d = this.docs.get(file);
      if (!d) {
        errors.push(`${file}: internal error: not parsed before analysis`);
        return [];
      }
      const lines = new LineMap(d.text);
      const { settings, catalog } = this.inForce(d.config);
      return analyzeInClusters({ uri: file, text: d.text, model: d.model, catalog, settings }, clusters, {
        onRuleError: (code, err) =>
          errors.push(`${file}: rule ${code} failed: ${(err as Error)?.message ?? String(err)}`),
      }).map((f) => {
        const r = lines.range(f.span);
        return { file, code: f.code, severity: f.severity, message: f.message, start: r.start, end: r.end };
      });
    });
    return { findings, errors };
  }
}

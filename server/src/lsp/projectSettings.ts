/**
 * The project config in the server: per document, the settings and catalog in force (VS Code settings
 * below the nearest `.vpc-cni-lint.yaml`), the config file's own diagnostics and hovers, and what makes
 * them stale (an edit of an open config file, a watched config file changing on disk).
 */
import type { Catalog } from '../engine';
import {
  CONFIG_FILE_NAMES,
  combineSettings,
  configHover,
  clusterOfFile,
  isIgnoredByConfig,
  noteConfigSeverities,
  withAssumedCniVersion,
  type ResolvedConfig,
} from '../config';
import { emptyModel, LineMap, type DocumentModel } from '../syntax';
import type { AnalysisSettings, Finding } from '../analysis';
import { isConfigFileName, ProjectConfigs } from '../project';
import { loadCatalogSetting, type LoadedCatalog } from './catalogSetting';
import type { ServerSettings } from './settings';

/** Watchers registered with clients that allow dynamic registration (the config files by name). */
export const CONFIG_WATCH_GLOB = `**/{${CONFIG_FILE_NAMES.join(',')}}`;

interface InForce {
  config: ResolvedConfig;
  settings: AnalysisSettings;
  catalog: Catalog;
}

export class ProjectSettings {
  readonly configs = new ProjectConfigs();
  private readonly inForce = new Map<string, InForce>();
  private base: ServerSettings | undefined;
  private baseCatalog: LoadedCatalog | undefined;

  private readonly lines = new Map<string, LineMap>();

  /** Everything derived from config files or settings is stale. */
  clear(): void {
    this.inForce.clear();
    this.lines.clear();
  }

  /** Line map of a config file read (related information points into it). */
  linesOf(uri: string): LineMap | undefined {
    let l = this.lines.get(uri);
    if (!l) {
      const text = this.configs.textOf(uri);
      if (text === undefined) return undefined;
      this.lines.set(uri, (l = new LineMap(text)));
    }
    return l;
  }

  /** A config file (by name) or a file a config extends. */
  isConfigFile(uri: string): boolean {
    return isConfigFileName(uri) || this.configs.hasRead(uri);
  }

  /** The settings and catalog for a document, given the VS Code settings and their catalog. */
  for(uri: string, settings: ServerSettings, catalog: LoadedCatalog): InForce {
    if (this.base !== settings || this.baseCatalog !== catalog) {
      this.inForce.clear();
      this.base = settings;
      this.baseCatalog = catalog;
    }
    const config = this.configs.forFile(uri);
    let hit = this.inForce.get(config.hash);
    if (hit) return hit;
    const c = combineSettings(config, {
      ruleSeverity: settings.analysis.ruleSeverity,
      defaultInstanceTypes: settings.analysis.defaultInstanceTypes,
      instanceTypes: settings.instanceTypes,
    });
    // Bad config entries are reported in the config file (invalid-config) and left out here.
    const cat = Object.keys(config.instanceTypes).length
      ? loadCatalogSetting(c.instanceTypes).catalog
      : catalog.catalog;
    hit = {
      config,
      catalog: cat,
      settings: {
        ...settings.analysis,
        ruleSeverity: c.ruleSeverity,
        defaultInstanceTypes: c.defaultInstanceTypes,
        project: c.project,
      },
    };
    this.inForce.set(config.hash, hit);
    return hit;
  }

  /** The model other documents see of `uri`: the assumed CNI version applied; nothing when ignored. */
  modelFor(uri: string, model: DocumentModel): DocumentModel {
    const config = this.configs.forFile(uri);
    if (isIgnoredByConfig(config, uri)) return emptyModel();
    return withAssumedCniVersion(model, config);
  }

  /** The cluster the project config in force maps a document to (`clusters`). */
  clusterOf(uri: string): { name: string; configFile: string } | undefined {
    return clusterOfFile(this.configs.forFile(uri), uri);
  }

  isIgnored(uri: string): boolean {
    return isIgnoredByConfig(this.configs.forFile(uri), uri);
  }

  /** Diagnostics of a config file itself: its problems (and those of what it extends, at the `extends`). */
  configFindings(uri: string, settings: ServerSettings): Finding[] {
    const own = this.configs.resolve(uri);
    const severity = own.rules['invalid-config']?.value ?? settings.analysis.ruleSeverity['invalid-config'];
    if (severity === 'off') return [];
    return (own.problems[uri] ?? []).map((p) => ({ ...p, ...(severity ? { severity } : {}) }));
  }

  /** Findings with a note on the ones whose severity the project file sets. */
  noted(findings: Finding[], inForce: InForce): Finding[] {
    return noteConfigSeverities(findings, inForce.settings.project);
  }

  hover(uri: string, offset: number, settings: ServerSettings): ReturnType<typeof configHover> {
    const parsed = this.configs.parsedFile(uri);
    return parsed ? configHover(parsed, offset, settings.analysis.ruleSeverity) : undefined;
  }
}

/** The catalog in force: the bundled one plus `vpcCniLint.instanceTypes` entries. */
import { defaultCatalog, withOverrides, type Catalog } from '../engine';

export interface LoadedCatalog {
  catalog: Catalog;
  problems: string[];
}

let base: Catalog | undefined;

export function loadCatalogSetting(entries: unknown): LoadedCatalog {
  base ??= defaultCatalog();
  const empty =
    entries === undefined ||
    entries === null ||
    (typeof entries === 'object' && Object.keys(entries).length === 0);
  if (empty) return { catalog: base, problems: [] };
  const result = withOverrides(base, entries);
  return { catalog: result.catalog, problems: result.problems };
}

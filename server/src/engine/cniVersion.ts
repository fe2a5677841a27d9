/**
 * CNI version handling. Accepts plain versions (`1.19.2`), image tags (`v1.19.2-eksbuild.1`) and image references
 * (`.../amazon-k8s-cni:v1.19.2-eksbuild.1`). Pure; never throws.
 *
 * @module
 */

/** A parsed version. `suffix` is whatever followed `X.Y.Z` (e.g. `-eksbuild.1`). */
export interface CniVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly suffix: string;
}

/** The newest CNI release our domain notes were read from (aws/amazon-vpc-cni-k8s "Prepare v1.23.1 release"). */
export const LATEST_KNOWN_CNI_VERSION = '1.23.1';

/** Parse a version or image tag; `undefined` if it holds no `X.Y[.Z]`. */
export function parseCniVersion(input: unknown): CniVersion | undefined {
  if (typeof input !== 'string') return undefined;
  let s = input.trim();
  const colon = s.lastIndexOf(':');
  if (colon >= 0 && !s.slice(colon + 1).includes('/')) s = s.slice(colon + 1); // image reference → tag
  const m = /^v?(\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?(.*)$/i.exec(s);
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: m[3] === undefined ? 0 : Number(m[3]),
    suffix: m[4],
  };
}

/**
 * Compare two versions by major.minor.patch (build suffixes such as `-eksbuild.1` are ignored).
 * Returns negative, 0 or positive; `undefined` if either side cannot be parsed.
 */
export function compareCniVersion(a: string, b: string): number | undefined {
  const x = parseCniVersion(a);
  const y = parseCniVersion(b);
  if (!x || !y) return undefined;
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/**
 * Whether `version` is at least `min`. An absent or unparseable version means "latest behaviour" (true): the
 * engine models the newest CNI unless told otherwise.
 */
export function cniAtLeast(version: string | undefined, min: string): boolean {
  if (version === undefined) return true;
  const c = compareCniVersion(version, min);
  return c === undefined ? true : c >= 0;
}

/**
 * The project configuration (`.vpc-cni-lint.yaml` / `.vpc-cni-lint.json`): parsing, validation against
 * `schemas/project-config.schema.json`, `extends`, merging with editor settings and flags, and the config
 * file's hovers. Pure; finding the files (I/O) is server/src/project/, shared by the server and the CLI.
 */
export * from './types';
export { parseConfig, NON_RULE_CODES } from './parse';
export {
  resolveConfig,
  emptyResolved,
  folderOf,
  combineSettings,
  configIgnorePatterns,
  isIgnoredByConfig,
  clusterOfFile,
  withAssumedCniVersion,
  type ConfigReader,
  type SharedSettings,
} from './resolve';
export { configHover, noteConfigSeverities, PRECEDENCE } from './hover';

/** Project config files on disk (I/O), for the server and the CLI; the pure part is ../config. */
export { ProjectConfigs, isConfigFileName, configHashForPath } from './configFiles';

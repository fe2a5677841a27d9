/**
 * Exports of a live cluster: `kubectl get … -o json|yaml` and `aws ec2|eks describe-…` output, read
 * into one `ExportModel` per export set. The syntax layer does no I/O: callers feed text or chunks.
 *
 * - `detectExport(head)`: is this file an export, which one, JSON or YAML? Look at the first
 *   `DETECT_BYTES` characters only. Anything else goes to `parseDocument`.
 * - `createExportStreamReader()`: big JSON exports (a 1 GB `pods -o json`), pushed chunk by chunk with
 *   `write`, `end()` gives the model. Memory is bounded by the records kept, not by the file; no spans.
 * - `readExportText(text)`: small exports (YAML, or JSON opened in the editor) with spans, so findings
 *   land on the object and value they are about.
 * - Several files of one cluster: pass the same `model` to each reader call (both take it as the last
 *   argument) to merge them.
 * - `itemReaders`: the reader table by item kind (`Node`, `Pod`, `DaemonSet`, `ENIConfig`; the AWS
 *   readers are `aws:Subnets`, `aws:NetworkInterfaces`, `aws:InstanceTypes`, `aws:addon`). A reader is
 *   `(item, at, model) => void`, reads a plain JSON object and pushes a record into the model's slot.
 */
export * from './model';
export { detectExport, DETECT_BYTES } from './detect';
export type { ExportDetection, ExportFormat, ExportKind } from './detect';
export { createExportStreamReader, dispatchItem, AWS_ARRAYS } from './stream';
export type { ExportStreamReader } from './stream';
export { readExportText } from './text';
export { readExportDocument, exportMatters, exportSignature, splitJsonValues } from './document';
export { itemReaders, listItemKinds, obj, arr, str, count, IP_FAILURE_TEXT } from './readers';
export type { ItemReader, Json, JsonObject } from './readers';

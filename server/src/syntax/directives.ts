/**
 * `# vpc-cni-lint: ...` comment directives, recognised in every format that has `#` comments
 * (YAML, shell, TOML, MIME user data).
 */
import { emptyDirectives, type Directives } from './model';
import { lineOf } from './text';

const DIRECTIVE = /#\s*vpc-cni-lint(-disable-next-line|-disable-file)?(?::|\s)([^\r\n]*)/g;

export function readDirectives(text: string): Directives {
  const out = emptyDirectives();
  if (!text.includes('vpc-cni-lint')) return out;
  // Line numbers are counted incrementally (matches come in order), keeping this linear.
  let lineAt = 0;
  let lineOffset = 0;
  const lineOfOffset = (offset: number): number => {
    lineAt += lineOf(text.slice(lineOffset, offset), offset - lineOffset);
    lineOffset = offset;
    return lineAt;
  };
  for (const m of text.matchAll(DIRECTIVE)) {
    const start = m.index ?? 0;
    const span = { start, end: start + m[0].length };
    const kind = m[1];
    const body = m[2] ?? '';
    const bodyStart = start + m[0].length - body.length;
    if (kind) {
      const codes = (body.split(/\s--\s|\s--$/)[0] ?? '')
        .split(/[\s,]+/)
        .filter((c) => /^[a-z0-9-]+$/.test(c));
      if (kind === '-disable-file') out.disableFile.push({ codes, span });
      else out.disableNextLine.push({ line: lineOfOffset(start), codes, span });
      continue;
    }
    // key=value pairs
    const subnet: { cidr?: { value: string; span: { start: number; end: number } }; nodes?: number } = {};
    for (const kv of body.matchAll(/(?<![a-z-])([a-z-]+)=(\S+)/g)) {
      const key = kv[1];
      const value = kv[2] ?? '';
      const valueStart = bodyStart + (kv.index ?? 0) + (key?.length ?? 0) + 1;
      if (key === 'instance-types') {
        let offset = valueStart;
        for (const part of value.split(',')) {
          if (part)
            out.instanceTypes.push({ value: part, span: { start: offset, end: offset + part.length } });
          offset += part.length + 1;
        }
      } else if (key === 'cluster') {
        out.cluster ??= { value, span: { start: valueStart, end: valueStart + value.length } };
      } else if (key === 'subnet') {
        subnet.cidr = { value, span: { start: valueStart, end: valueStart + value.length } };
      } else if (key === 'nodes') {
        const n = Number.parseInt(value, 10);
        if (Number.isFinite(n) && n >= 0) subnet.nodes = n;
      }
    }
    if (subnet.cidr) out.subnets.push({ cidr: subnet.cidr, nodes: subnet.nodes, span });
  }
  return out;
}

/** `npm run docs`: writes docs/rules/*.md from the rules' doc comments and fixtures, and the README's rules table. */
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DOCS_DIR, README, renderReadme, renderRuleDocs } from './rule-docs';

mkdirSync(DOCS_DIR, { recursive: true });
const docs = renderRuleDocs();
// Hand-written pages the generated ones link to (how scopes, Windows nodes and uncertain selections work).
const HAND_WRITTEN = ['scope.md'];
const keep = new Set([...docs.map((d) => path.basename(d.file)), ...HAND_WRITTEN]);
for (const f of readdirSync(DOCS_DIR))
  if (f.endsWith('.md') && !keep.has(f)) unlinkSync(path.join(DOCS_DIR, f));
for (const d of docs) writeFileSync(d.file, d.content);
console.log(`wrote ${docs.length} pages to ${path.relative(process.cwd(), DOCS_DIR)}`);
writeFileSync(README, renderReadme(readFileSync(README, 'utf8')));
console.log('wrote the rules table of README.md');

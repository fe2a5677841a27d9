/**
 * The scope of one Terraform module folder: its `locals`, its `variable` blocks (with their
 * `default`) and the values set by the folder's `terraform.tfvars` and `*.auto.tfvars`, collected
 * from the already parsed files of the folder. Plain data; `eval.ts` evaluates the expressions
 * lazily.
 *
 * Variable values, as Terraform assigns them (developer.hashicorp.com/terraform/language/values/
 * variables, "Variable Definition Precedence"): the `default`, then `terraform.tfvars`, then the
 * `*.auto.tfvars` files in lexical order of their names, later ones winning (`-var` and `TF_VAR_`
 * are outside the files, so the files' value is taken). Any other `*.tfvars` in the folder is for
 * `-var-file`, which may or may not be used: a variable it sets is unknown (we cannot tell which
 * file is applied). `*.tfvars.json` files are not read; a variable set only there keeps its default.
 */
import type { Span } from '../model';
import type { HclExpr, HclFile } from './ast';

/** One parsed file of the module folder; `file` is its key (URI or path), also used in `Origin`. */
export interface ModuleFile {
  file: string;
  text: string;
  hcl: HclFile;
}

export interface Definition {
  expr: HclExpr;
  file: string;
  /** The name as written (the local's attribute name, the tfvars attribute name). */
  nameSpan: Span;
}

export interface VariableDef {
  name: string;
  file: string;
  /** The `variable "name"` block. */
  span: Span;
  default?: Definition;
  /** The value from `terraform.tfvars` / `*.auto.tfvars` (the last that sets it). */
  value?: Definition;
  /** Other `*.tfvars` files (for `-var-file`) that set it: then its value is unknown. */
  varFiles?: string[];
}

export interface ModuleScope {
  /** Key of every file, for their text (holes of strings keep their source text). */
  texts: Map<string, string>;
  locals: Map<string, Definition>;
  variables: Map<string, VariableDef>;
}

const baseName = (file: string): string => /[^/\\]*$/.exec(file)?.[0] ?? file;

/** Kind of a file by name: configuration, auto-loaded variable values, or a `-var-file`. */
export function hclFileRole(file: string): 'config' | 'tfvars' | 'var-file' | 'other' {
  const name = baseName(file).toLowerCase();
  if (name.endsWith('.tf')) return 'config';
  if (name === 'terraform.tfvars' || name.endsWith('.auto.tfvars')) return 'tfvars';
  if (name.endsWith('.tfvars')) return 'var-file';
  return 'other';
}

/** Collects locals, variables and variable values of one module folder's files. Never throws. */
export function moduleScope(files: readonly ModuleFile[]): ModuleScope {
  const scope: ModuleScope = { texts: new Map(), locals: new Map(), variables: new Map() };
  const tfvars: ModuleFile[] = [];
  const varFiles: ModuleFile[] = [];
  for (const f of files) {
    scope.texts.set(f.file, f.text);
    const role = hclFileRole(f.file);
    if (role === 'tfvars') tfvars.push(f);
    else if (role === 'var-file') varFiles.push(f);
    if (role !== 'config') continue;
    for (const b of f.hcl.body.blocks) {
      if (b.type === 'locals') {
        for (const a of b.body.attributes)
          scope.locals.set(a.name, { expr: a.value, file: f.file, nameSpan: a.nameSpan });
      } else if (b.type === 'variable' && b.labels[0]) {
        const name = b.labels[0].value;
        const v: VariableDef = { name, file: f.file, span: b.span };
        const d = b.body.attributes.find((a) => a.name === 'default');
        if (d) v.default = { expr: d.value, file: f.file, nameSpan: d.nameSpan };
        scope.variables.set(name, v);
      }
    }
  }
  // terraform.tfvars first, then *.auto.tfvars by name: later assignments win.
  const order = (f: ModuleFile) =>
    baseName(f.file).toLowerCase() === 'terraform.tfvars' ? '' : baseName(f.file);
  tfvars.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  for (const f of tfvars) {
    for (const a of f.hcl.body.attributes) {
      const v = scope.variables.get(a.name);
      if (v) v.value = { expr: a.value, file: f.file, nameSpan: a.nameSpan };
    }
  }
  for (const f of varFiles) {
    for (const a of f.hcl.body.attributes) {
      const v = scope.variables.get(a.name);
      if (v) (v.varFiles ??= []).push(baseName(f.file));
    }
  }
  return scope;
}

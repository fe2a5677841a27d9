/**
 * The node allocation webview's script (bundled for the browser into client/out/webview.js). It hosts the
 * server's rendered pictures as they come and turns the controls into requests to the extension: the pods
 * slider (debounced while dragging), the burst inputs and the what-if form, and Apply to file. Its inputs
 * are saved with `setState`, so the view comes back as it was when the panel is shown again, after a
 * reload, or when VS Code restores the panel (the extension's WebviewPanelSerializer).
 */
import type { AllocationViewResult } from '../../protocol/messages';
import type { ExplorerState, FromWebview, ToWebview, ViewInputs } from '../src/explorerMessages';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): ExplorerState | undefined;
  setState(state: ExplorerState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} missing`);
  return e as T;
};

const el = {
  title: $('title'),
  subtitle: $('subtitle'),
  status: $('status'),
  form: $<HTMLFormElement>('controls'),
  pods: $<HTMLInputElement>('pods'),
  podsOut: $<HTMLOutputElement>('pods-out'),
  maxPods: $('max-pods'),
  burstPods: $<HTMLInputElement>('burst-pods'),
  burstNodes: $<HTMLInputElement>('burst-nodes'),
  burstSeconds: $<HTMLInputElement>('burst-seconds'),
  envNames: $('env-names'),
  rows: $('whatif-rows'),
  add: $<HTMLButtonElement>('whatif-add'),
  tryIt: $<HTMLButtonElement>('whatif-try'),
  clear: $<HTMLButtonElement>('whatif-clear'),
  apply: $<HTMLButtonElement>('apply'),
  applyNote: $('apply-note'),
  problems: $('problems'),
  pictures: $('pictures'),
  text: $('text'),
};

let state: ExplorerState = vscode.getState() ?? {};
let seq = 0;
/** The newest request whose reply has been shown; older replies are dropped. */
let shown = -1;
let last: AllocationViewResult | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
/** Apply's outcome stays in the note until the what-if changes. */
let applyOutcome = false;

function save(patch: Partial<ExplorerState>): void {
  state = { ...state, ...patch };
  vscode.setState(state);
}

function inputs(): ViewInputs {
  return { pods: state.pods, burst: state.burst, whatIf: state.whatIf };
}

function request(delayMs = 0): void {
  if (timer) clearTimeout(timer);
  const send = (): void => {
    timer = undefined;
    seq += 1;
    el.pictures.setAttribute('aria-busy', 'true');
    vscode.postMessage({ type: 'request', seq, inputs: inputs() });
  };
  if (delayMs > 0) timer = setTimeout(send, delayMs);
  else send();
}

function intOf(input: HTMLInputElement): number | undefined {
  const v = input.valueAsNumber;
  return Number.isInteger(v) && v >= Number(input.min || 0) ? v : undefined;
}

// ----- pods slider

function setPods(value: number, delayMs: number): void {
  const max = Number(el.pods.max);
  const v = Math.max(0, Math.min(max, Math.round(value)));
  el.pods.value = String(v);
  el.podsOut.value = String(v);
  el.pods.setAttribute('aria-valuetext', `${v} pods of ${max}`);
  save({ pods: v });
  request(delayMs);
}

el.pods.addEventListener('input', () => setPods(el.pods.valueAsNumber, 150));
el.pods.addEventListener('keydown', (e) => {
  const step = e.key === 'PageUp' ? 10 : e.key === 'PageDown' ? -10 : 0;
  if (!step) return;
  e.preventDefault();
  setPods(el.pods.valueAsNumber + step, 150);
});

// ----- burst

function burstChanged(): void {
  const burst = {
    ...(intOf(el.burstPods) !== undefined ? { pods: intOf(el.burstPods) } : {}),
    ...(intOf(el.burstNodes) !== undefined ? { nodes: intOf(el.burstNodes) } : {}),
    ...(intOf(el.burstSeconds) !== undefined ? { seconds: intOf(el.burstSeconds) } : {}),
  };
  save({ burst });
  request(400);
}
for (const input of [el.burstPods, el.burstNodes, el.burstSeconds])
  input.addEventListener('input', burstChanged);

// ----- what-if form

function addRow(name = '', value = ''): HTMLInputElement {
  const row = document.createElement('div');
  row.className = 'whatif-row';
  const n = document.createElement('input');
  n.type = 'text';
  n.className = 'env-name';
  n.setAttribute('list', 'env-names');
  n.setAttribute('aria-label', 'Env variable name');
  n.placeholder = 'WARM_IP_TARGET';
  n.spellcheck = false;
  n.value = name;
  const eq = document.createElement('span');
  eq.textContent = '=';
  eq.setAttribute('aria-hidden', 'true');
  const v = document.createElement('input');
  v.type = 'text';
  v.className = 'env-value';
  v.setAttribute('aria-label', 'Value');
  v.placeholder = 'value';
  v.spellcheck = false;
  v.value = value;
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'secondary icon';
  remove.textContent = '×';
  remove.setAttribute('aria-label', 'Remove this setting');
  remove.title = 'Remove this setting';
  remove.addEventListener('click', () => {
    row.remove();
    whatIfChanged(true);
    (el.rows.querySelector<HTMLInputElement>('.env-name') ?? el.add).focus();
  });
  const placeholder = (): void => {
    const current = last?.settings.find((s) => s.name === n.value.trim());
    v.placeholder = current ? `now ${current.value}` : 'value';
  };
  n.addEventListener('input', placeholder);
  placeholder();
  row.append(n, eq, v, remove);
  el.rows.append(row);
  return n;
}

function readRows(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of el.rows.querySelectorAll('.whatif-row')) {
    const name = row.querySelector<HTMLInputElement>('.env-name')?.value.trim() ?? '';
    const value = row.querySelector<HTMLInputElement>('.env-value')?.value.trim() ?? '';
    if (name && value) out[name] = value;
  }
  return out;
}

function renderRows(whatIf: Record<string, string>): void {
  el.rows.replaceChildren();
  for (const [name, value] of Object.entries(whatIf)) addRow(name, value);
  if (!el.rows.children.length) addRow();
}

function whatIfChanged(now: boolean): void {
  applyOutcome = false;
  save({ whatIf: readRows() });
  updateApply();
  if (now) request();
}

el.add.addEventListener('click', () => addRow().focus());
el.tryIt.addEventListener('click', () => whatIfChanged(true));
el.clear.addEventListener('click', () => {
  renderRows({});
  whatIfChanged(true);
});
el.rows.addEventListener('input', () => whatIfChanged(false));
el.form.addEventListener('submit', (e) => {
  // Enter in a what-if field tries it; no navigation (the CSP forbids form actions anyway).
  e.preventDefault();
  whatIfChanged(true);
});
el.rows.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    whatIfChanged(true);
  }
});
el.apply.addEventListener('click', () => {
  const whatIf = readRows();
  if (!Object.keys(whatIf).length) return;
  el.apply.disabled = true;
  el.applyNote.textContent = 'Writing…';
  vscode.postMessage({ type: 'apply', whatIf });
});

function updateApply(): void {
  const any = Object.keys(readRows()).length > 0;
  const possible = last?.apply.possible ?? false;
  el.apply.disabled = !any || !possible;
  if (applyOutcome) return;
  el.applyNote.textContent = !any
    ? 'Set a value to try it; Apply writes it into the CNI settings file.'
    : possible
      ? `Apply writes ${Object.keys(readRows()).join(', ')} into ${last?.settingsFrom ?? 'the settings file'}.`
      : (last?.apply.reason ?? '');
}

// ----- rendering the server's view

/** The script's own nonce: the pictures' stylesheet is added under it (the CSP has no unsafe-inline). */
const nonce = document.currentScript?.nonce ?? '';
let pictureCss: string | undefined;

function useStylesheet(css: string): void {
  if (css === pictureCss) return;
  pictureCss = css;
  const style = document.createElement('style');
  style.nonce = nonce;
  style.textContent = css;
  // Before our own stylesheet, so that the theme mapping (style.css) wins at equal specificity.
  document.getElementById('picture-css')?.remove();
  style.id = 'picture-css';
  document.head.prepend(style);
}

function render(result: AllocationViewResult): void {
  const first = last === undefined;
  last = result;
  el.title.textContent = `Node allocation: ${result.target.label}`;
  el.subtitle.textContent = `${result.target.description} · CNI settings: ${result.settingsFrom}`;
  el.pods.max = String(result.podsMax);
  if (document.activeElement !== el.pods || timer === undefined) {
    el.pods.value = String(result.pods);
    el.podsOut.value = String(result.pods);
  }
  el.maxPods.textContent = `${result.maxPods} (${result.maxPodsOrigin})`;
  el.pods.setAttribute('aria-valuetext', `${result.pods} pods of ${result.podsMax}`);
  useStylesheet(result.css);
  for (const [input, value] of [
    [el.burstPods, result.burst.pods],
    [el.burstNodes, result.burst.nodes],
    [el.burstSeconds, result.burst.seconds],
  ] as const)
    if (document.activeElement !== input) input.value = String(value);
  el.envNames.replaceChildren(
    ...result.settings.map((s) => {
      const o = document.createElement('option');
      o.value = s.name;
      o.label = `now ${s.value}`;
      return o;
    }),
  );
  if (first || !el.rows.contains(document.activeElement)) renderRows(result.whatIf);
  el.problems.replaceChildren(
    ...result.problems.map((p) => {
      const li = document.createElement('li');
      li.textContent = p;
      return li;
    }),
  );
  // HTML without script from our server's picture module; the CSP would refuse any script or handler.
  el.pictures.innerHTML = result.html;
  el.pictures.setAttribute('aria-busy', 'false');
  el.text.textContent = result.text;
  el.status.textContent = '';
  save({ pods: result.pods, burst: result.burst, whatIf: readRows() });
  updateApply();
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  if (m.type === 'view') {
    if (m.reset) {
      // The panel was pointed at a new target: its inputs start from the view's defaults.
      state = { target: m.target };
      last = undefined;
      if (timer) clearTimeout(timer);
      timer = undefined;
      shown = seq;
    } else {
      if (m.seq < shown) return;
      shown = m.seq;
    }
    save({ target: m.target });
    render(m.result);
  } else if (m.type === 'error') {
    if (m.seq < shown) return;
    el.status.textContent = m.message;
    el.pictures.setAttribute('aria-busy', 'false');
  } else if (m.type === 'applied') {
    applyOutcome = true;
    el.applyNote.replaceChildren(document.createTextNode(m.message));
    if (m.ok && m.uri) {
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'link';
      open.textContent = 'Open the file';
      const uri = m.uri;
      open.addEventListener('click', () => vscode.postMessage({ type: 'open', uri }));
      el.applyNote.append(' ', open);
    }
    el.apply.disabled = false;
    if (m.ok) request();
  }
});

vscode.postMessage({ type: 'ready', state });

/**
 * The node allocation webview's document: a strict Content-Security-Policy (nothing by default; our own
 * stylesheet; one script by nonce; no remote content, no inline styles or handlers), the controls (pods
 * slider, burst inputs, what-if form) and the places the server's rendered pictures go. Pure (no `vscode`
 * import) so that tests can read the policy. The pictures themselves are HTML without script from the
 * server; the script (`client/webview/main.ts`) only inserts them and posts messages.
 */

export interface ShellOptions {
  /** `webview.cspSource`: the origin our stylesheet and script are served from. */
  cspSource: string;
  /** A fresh random nonce per document. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

/** The Content-Security-Policy of the webview document. */
export function contentSecurityPolicy(o: Pick<ShellOptions, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    // Our stylesheet, and the pictures' stylesheet that our script adds under its nonce.
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `script-src 'nonce-${o.nonce}'`,
    `img-src ${o.cspSource} data:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const attr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The webview's HTML document. */
export function explorerHtml(o: ShellOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attr(o.styleUri)}">
<title>Node allocation</title>
</head>
<body>
<header>
  <h1 id="title">Node allocation</h1>
  <p id="subtitle" class="muted"></p>
</header>
<div id="status" role="status" aria-live="polite"></div>
<form id="controls" class="controls" autocomplete="off">
  <fieldset class="pods">
    <legend>Pods on the node</legend>
    <input id="pods" type="range" min="0" max="0" step="1" value="0" aria-describedby="pods-help">
    <output id="pods-out" for="pods">0</output>
    <span id="pods-help" class="muted">pods that need an address; max-pods <span id="max-pods">0</span>, 2 of them host-network pods (arrow keys ±1, Page Up/Down ±10)</span>
  </fieldset>
  <fieldset class="burst">
    <legend>Burst</legend>
    <label>Pods <input id="burst-pods" type="number" min="1" max="100000" step="1" inputmode="numeric"></label>
    <label>Nodes <input id="burst-nodes" type="number" min="1" max="1000" step="1" inputmode="numeric"></label>
    <label>Seconds <input id="burst-seconds" type="number" min="0" max="3600" step="1" inputmode="numeric"></label>
  </fieldset>
  <fieldset class="whatif">
    <legend>What if</legend>
    <datalist id="env-names"></datalist>
    <div id="whatif-rows"></div>
    <div class="buttons">
      <button type="button" id="whatif-add" class="secondary">Add setting</button>
      <button type="button" id="whatif-try">Try</button>
      <button type="button" id="whatif-clear" class="secondary">Clear</button>
      <button type="button" id="apply" title="Write the what-if settings into the CNI settings file">Apply to file</button>
    </div>
    <p id="apply-note" class="muted"></p>
  </fieldset>
</form>
<ul id="problems" class="problems" aria-label="Problems with the inputs"></ul>
<main id="pictures" tabindex="-1" aria-busy="true"></main>
<details id="text-details">
  <summary>Text description of the pictures</summary>
  <pre id="text"></pre>
</details>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}

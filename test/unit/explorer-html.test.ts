/**
 * The node allocation webview's document (client/src/explorerHtml.ts): a strict Content-Security-Policy
 * (nothing by default, our own origin for the stylesheet, scripts only by nonce, no inline code, no remote
 * content), and the controls the script and the e2e suite rely on, each with an accessible name.
 */
import { strict as assert } from 'node:assert';
import { contentSecurityPolicy, explorerHtml } from '../../client/src/explorerHtml';

const opts = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2Ugb2YgdGhlIHRlc3Q=',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/client/out/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/client/out/webview.css',
};

describe('explorer webview document', () => {
  const html = explorerHtml(opts);

  it('has a CSP that allows nothing but our stylesheet, the nonce and our images', () => {
    const csp = contentSecurityPolicy(opts);
    const directives = Object.fromEntries(
      csp.split(/;\s*/).map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name, values];
      }),
    );
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['script-src'], [`'nonce-${opts.nonce}'`]);
    assert.deepEqual(directives['style-src'], [opts.cspSource, `'nonce-${opts.nonce}'`]);
    assert.ok(!/unsafe-inline|unsafe-eval|https?:\/\/\*|\*/.test(csp.replace(opts.cspSource, '')), csp);
    assert.ok(html.includes(`content="${csp}"`));
  });

  it('loads exactly one script, by nonce, and no inline script, style or handler', () => {
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, [`<script nonce="${opts.nonce}" src="${opts.scriptUri}">`]);
    assert.doesNotMatch(html, /<script[^>]*>[^<]+<\/script>/);
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i);
    assert.doesNotMatch(html.replace(opts.cspSource, ''), /https?:\/\/(?!file\+\.vscode-resource)/);
  });

  it('names every control (slider, burst inputs, what-if buttons) for keyboard and screen reader users', () => {
    for (const id of [
      'pods',
      'burst-pods',
      'burst-nodes',
      'burst-seconds',
      'whatif-add',
      'whatif-try',
      'apply',
    ])
      assert.match(html, new RegExp(`id="${id}"`), id);
    assert.match(html, /<input id="pods" type="range"[^>]*aria-describedby="pods-help"/);
    assert.match(html, /<label>Pods <input id="burst-pods"/);
    assert.match(html, /<summary>Text description of the pictures<\/summary>/);
    assert.doesNotMatch(html, /tabindex="[1-9]/, 'no positive tabindex: the tab order is the document order');
  });

  it('escapes what it puts in attributes', () => {
    const h = explorerHtml({ ...opts, scriptUri: 'x" onload="alert(1)' });
    assert.doesNotMatch(h, /" onload="/);
  });
});

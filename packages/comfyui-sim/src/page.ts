// The simulator's browser page (GET /). Only RELATIVE URLs: it is served under /comfy/<id>/ through a proxy.
// Like ComfyUI's frontend, HTTP calls go to `api/<route>` and the socket to `ws?clientId=` relative to the page.
import { defaultWorkflow } from './nodes.js';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function indexHtml(version: string): string {
  const workflow = escapeHtml(JSON.stringify(defaultWorkflow(), null, 2));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ComfyUI (simulator)</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #202020; color: #ddd; }
  header { padding: 8px 16px; background: #353535; display: flex; gap: 16px; align-items: center; }
  header b { color: #fff; }
  .banner { color: #ffcc66; font-size: 13px; }
  main { display: grid; grid-template-columns: minmax(300px, 1fr) minmax(300px, 1fr); gap: 16px; padding: 16px; }
  textarea { width: 100%; height: 420px; background: #111; color: #cfc; font: 12px monospace; border: 1px solid #444; box-sizing: border-box; }
  button { background: #4a7; color: #fff; border: 0; padding: 8px 14px; cursor: pointer; border-radius: 4px; margin: 6px 6px 0 0; }
  button.secondary { background: #666; }
  #log { height: 300px; overflow: auto; background: #111; font: 12px monospace; padding: 6px; white-space: pre-wrap; border: 1px solid #444; margin: 0; }
  #images img { width: 256px; height: 256px; image-rendering: pixelated; border: 1px solid #555; margin: 6px 6px 0 0; }
  #progress { width: 100%; }
</style>
</head>
<body>
<header>
  <b>ComfyUI (simulator)</b>
  <span class="banner">Simulator, not real ComfyUI: no model runs, images are placeholders. Version ${escapeHtml(version)}</span>
  <span>Queue size: <span id="queue">?</span></span>
  <span>WebSocket: <span id="ws-state">connecting</span></span>
</header>
<main>
  <section>
    <label for="workflow">Workflow (API format)</label>
    <textarea id="workflow" spellcheck="false">${workflow}</textarea>
    <div>
      <button id="queue-prompt">Queue Prompt</button>
      <button id="interrupt" class="secondary">Interrupt</button>
      <button id="clear-queue" class="secondary">Clear queue</button>
    </div>
    <div id="result"></div>
  </section>
  <section>
    <progress id="progress" value="0" max="1"></progress>
    <pre id="log" aria-label="WebSocket events"></pre>
    <div id="images"></div>
  </section>
</main>
<script>
(() => {
  const $ = (id) => document.getElementById(id);
  const logEl = $('log');
  const log = (line) => {
    logEl.textContent += line + '\\n';
    logEl.scrollTop = logEl.scrollHeight;
  };
  let clientId = sessionStorage.getItem('clientId') || '';
  // relative URLs only: the page may live under /comfy/<id>/ behind a proxy
  const api = (route) => 'api/' + route.replace(/^\\//, '');

  function connect() {
    const url = new URL('ws' + (clientId ? '?clientId=' + encodeURIComponent(clientId) : ''), location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('open', () => { $('ws-state').textContent = 'open'; });
    socket.addEventListener('close', () => {
      $('ws-state').textContent = 'closed, reconnecting';
      setTimeout(connect, 1000);
    });
    socket.addEventListener('message', (ev) => {
      if (typeof ev.data !== 'string') { log('[binary preview ' + ev.data.byteLength + ' bytes]'); return; }
      const msg = JSON.parse(ev.data);
      log(msg.type + ' ' + JSON.stringify(msg.data));
      const d = msg.data || {};
      if (msg.type === 'status') {
        if (d.sid) { clientId = d.sid; sessionStorage.setItem('clientId', clientId); }
        $('queue').textContent = String(d.status && d.status.exec_info ? d.status.exec_info.queue_remaining : '?');
      } else if (msg.type === 'progress') {
        $('progress').max = d.max; $('progress').value = d.value;
      } else if (msg.type === 'executed' && d.output && d.output.images) {
        for (const im of d.output.images) {
          const img = document.createElement('img');
          img.alt = im.filename;
          img.src = api('view') + '?filename=' + encodeURIComponent(im.filename) + '&type=' + encodeURIComponent(im.type) + '&subfolder=' + encodeURIComponent(im.subfolder || '');
          $('images').prepend(img);
        }
      }
    });
  }

  async function post(route, body) {
    const res = await fetch(api(route), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, text };
  }

  $('queue-prompt').addEventListener('click', async () => {
    let prompt;
    try { prompt = JSON.parse($('workflow').value); } catch (e) { $('result').textContent = 'Invalid JSON: ' + e.message; return; }
    const r = await post('prompt', { prompt, client_id: clientId });
    $('result').textContent = 'POST api/prompt → ' + r.status + ' ' + r.text;
  });
  $('interrupt').addEventListener('click', () => post('interrupt', {}));
  $('clear-queue').addEventListener('click', () => post('queue', { clear: true }));
  connect();
})();
</script>
</body>
</html>
`;
}

// The Swagger UI page of /api/docs: the HTML, its set-up script and a few styles. The console's CSP allows no
// inline script, so the set-up is a file of its own (/api/docs/init.js).

export const DOCS_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>XL Platform API 文档</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"><link rel="stylesheet" href="/api/docs/xl.css">
<link rel="icon" href="/api/docs/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body></html>`;

/** Framed by the console, the console's own search box replaces Swagger UI's filter bar. */
export const DOCS_CSS = `html.xl-embedded .swagger-ui .filter-container { display: none; }
html.xl-embedded body { margin: 0; }
html.xl-embedded .swagger-ui .information-container .info { margin: 16px 0; }
`;

/**
 * - Every call, the document's own and "try it", carries the console's current token (read at each call:
 *   the console refreshes it), unless the user authorised with another credential (a knowledge-base key).
 * - The gateway wraps the document in its envelope: Swagger UI is handed the document inside; a "try it"
 *   answer is shown as the gateway sent it, envelope and all.
 * - The filter matches every word typed against method, path, summary, description, permission and service.
 * - Framed by the console (same origin only), the console's search box sets the filter by message, and the
 *   page tells the console how many operations the document and the filter hold.
 */
export const DOCS_INIT = `(function () {
  var TOKEN_KEY = 'xl.token';
  var embedded = window.parent !== window;
  if (embedded) document.documentElement.classList.add('xl-embedded');
  var specUrls = {};
  var abs = function (url) { return new URL(url, location.href).href; };
  var tell = function (message) { if (embedded) window.parent.postMessage(message, location.origin); };

  // A word matches as typed or, written with Fastify's :param, as the document's {param}.
  function words(phrase) {
    return String(phrase).toLowerCase().split(/\\s+/).filter(Boolean).map(function (w) { return [w, w.replace(/:(\\w+)/g, '{$1}')]; });
  }
  function opsFilter(taggedOps, phrase) {
    var terms = words(phrase);
    if (!terms.length) return taggedOps;
    return taggedOps
      .map(function (tagObj, tag) {
        var ops = tagObj.get('operations').filter(function (op) {
          var o = op.get('operation');
          var text = [tag, op.get('method'), op.get('path'), o.get('summary'), o.get('description'), o.get('x-permission'), o.get('operationId')].join(' ').toLowerCase();
          return terms.every(function (t) { return text.indexOf(t[0]) >= 0 || text.indexOf(t[1]) >= 0; });
        });
        return ops.size ? tagObj.set('operations', ops) : null;
      })
      .filter(function (tagObj) { return tagObj !== null; });
  }
  function count(taggedOps) {
    return taggedOps.reduce(function (n, tagObj) { return n + tagObj.get('operations').size; }, 0);
  }

  var ui = SwaggerUIBundle({
    url: '/api/api-docs',
    dom_id: '#swagger-ui',
    deepLinking: true,
    filter: true,
    showExtensions: true,
    displayRequestDuration: true,
    plugins: [function () { return { fn: { opsFilter: opsFilter } }; }],
    requestInterceptor: function (req) {
      var token = localStorage.getItem(TOKEN_KEY);
      if (token && !req.headers.Authorization && !req.headers.authorization) req.headers.Authorization = 'Bearer ' + token;
      if (req.loadSpec) specUrls[abs(req.url)] = true;
      return req;
    },
    responseInterceptor: function (res) {
      var url = res.url && abs(res.url);
      if (!url || !specUrls[url]) return res;
      delete specUrls[url];
      var body = res.body || (function () { try { return JSON.parse(res.text); } catch (e) { return null; } })();
      if (res.status === 200 && body && body.data) {
        res.body = body.data; res.obj = body.data; res.text = JSON.stringify(body.data); res.data = res.text;
      } else {
        // With API_ERROR_STATUS=ok a refusal comes as HTTP 200: the envelope's code says what it was.
        tell({ type: 'xl-api-docs:error', status: (body && body.code) || res.status, message: (body && (body.message || body.msg)) || '' });
      }
      return res;
    },
    onComplete: function () {
      var spec = ui.specSelectors.specJson();
      tell({ type: 'xl-api-docs:ready', total: count(ui.specSelectors.taggedOperations()), unavailable: (spec.get('x-unavailable') || { toJS: function () { return []; } }).toJS() });
    },
  });

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || event.origin !== location.origin) return;
    var data = event.data || {};
    if (data.type !== 'xl-api-docs:filter') return;
    var phrase = String(data.phrase || '');
    ui.layoutActions.updateFilter(phrase.trim() ? phrase : true);
    tell({ type: 'xl-api-docs:filtered', phrase: phrase, matched: count(ui.specSelectors.taggedOperations()) });
  });
})();
`;

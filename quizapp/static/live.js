// Fetches a live region's content again every 5 seconds and puts it in place (same origin only).
(function () {
  "use strict";
  var region = document.querySelector(".live-region[data-refresh]");
  if (!region || !window.fetch) { return; }
  var url = region.dataset.refresh;
  function refresh() {
    if (document.hidden) { window.setTimeout(refresh, 5000); return; }
    window.fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (reply) { return reply.ok ? reply.text() : null; })
      .then(function (html) { if (html !== null) { region.innerHTML = html; } })
      .catch(function () {})
      .then(function () { window.setTimeout(refresh, 5000); });
  }
  window.setTimeout(refresh, 5000);
})();

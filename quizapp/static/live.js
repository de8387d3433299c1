// Keeps live pages in step with the server without reloading them (progressive enhancement: every
// page works without it). Two kinds of region, same origin only:
//  - .live-region[data-refresh]: the instructor's live view and projector count, fetched every 5 s.
//  - #live-main[data-live-poll]: a live lesson's page (docs/live-lesson.md, "How pages follow the
//    lesson"): a conditional GET every second; 304 changes nothing, 200 swaps the fragment in and
//    says its #live-news sentence once in a polite live region; never while the learner has an
//    unsent answer in an open question form.
(function () {
  "use strict";
  if (!window.fetch) { return; }

  function followRegion(region) {
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
  }

  var region = document.querySelector(".live-region[data-refresh]");
  if (region) { followRegion(region); }

  var main = document.getElementById("live-main");
  if (!main || !main.dataset.livePoll) { return; }

  var POLL_MS = 1000;
  var HIDDEN_MS = 15000; // a hidden tab (phone in a pocket) asks four times a minute
  var MAX_BACKOFF_MS = 5000;
  var TIMEOUT_MS = 10000;
  var MESSAGES = {
    en: {
      unsent: "The teacher has moved on: your answer was not sent.",
      show: "Show the current question",
      offline: "No connection: your answer is kept on this page. Send it again when you are back online."
    },
    de: {
      unsent: "Die Lehrkraft ist weitergegangen: deine Antwort wurde nicht gesendet.",
      show: "Aktuelle Frage zeigen",
      offline: "Keine Verbindung: Deine Antwort bleibt auf dieser Seite. Sende sie noch einmal, sobald du wieder online bist."
    }
  };
  // The page may hand over its own (gettext-translated) wording as data-live-unsent,
  // data-live-show and data-live-offline on #live-main; else these, by the page's language.
  var lang = (document.documentElement.lang || "en").slice(0, 2).toLowerCase();
  var builtIn = MESSAGES[lang] || MESSAGES.en;
  var text = {
    unsent: main.dataset.liveUnsent || builtIn.unsent,
    show: main.dataset.liveShow || builtIn.show,
    offline: main.dataset.liveOffline || builtIn.offline
  };

  var url = main.dataset.livePoll;
  var etag = main.dataset.liveEtag || null;
  var unsent = false; // the learner typed or chose something in a form they have not sent
  var held = null; // a fragment that arrived while an answer was unsent
  var failures = 0;
  var timer = null;
  var stopped = false;
  var inFlight = false;

  var announcer = document.createElement("div");
  announcer.className = "visually-hidden";
  announcer.setAttribute("aria-live", "polite");
  announcer.setAttribute("role", "status");
  announcer.id = "live-announcer";
  main.parentNode.insertBefore(announcer, main.nextSibling);
  var announced = newsOf(main);

  function newsOf(root) {
    var news = root.querySelector("#live-news");
    return news ? news.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function announce(sentence) {
    if (!sentence || sentence === announced) { return; }
    announced = sentence;
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = sentence; }, 50);
  }

  function plainText(root) {
    return root.textContent.replace(/\s+/g, " ").trim();
  }

  // A selector for the same control in the next fragment (a teacher's button, a link), so that
  // keyboard focus stays where it was when the fragment is swapped.
  function selectorOf(element) {
    if (!element || element === main || !main.contains(element)) { return null; }
    if (element.id) { return "#" + window.CSS.escape(element.id); }
    var name = element.getAttribute("name");
    var value = element.getAttribute("value");
    if (name && value !== null) {
      return element.tagName.toLowerCase() + "[name=\"" + window.CSS.escape(name) +
        "\"][value=\"" + window.CSS.escape(value) + "\"]";
    }
    var href = element.getAttribute("href");
    return href ? "a[href=\"" + window.CSS.escape(href) + "\"]" : null;
  }

  function swap(html) {
    var focused = window.CSS && window.CSS.escape ? selectorOf(document.activeElement) : null;
    main.innerHTML = html;
    dropNotice();
    unsent = false;
    held = null;
    var again = focused && main.querySelector(focused);
    if (again) { again.focus(); }
    announce(newsOf(main));
  }

  function dropNotice() {
    var old = document.getElementById("live-notice");
    if (old) { old.parentNode.removeChild(old); }
  }

  function notice(sentence, withButton) {
    dropNotice();
    var box = document.createElement("div");
    box.id = "live-notice";
    box.className = "notice";
    box.setAttribute("role", "alert");
    var words = document.createElement("p");
    words.textContent = sentence;
    box.appendChild(words);
    if (withButton) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = text.show;
      button.addEventListener("click", function () {
        if (held !== null) { swap(held); }
        dropNotice();
      });
      box.appendChild(button);
    }
    main.parentNode.insertBefore(box, main); // outside the fragment that polls replace
  }

  function arrived(html) {
    var incoming = document.createElement("template");
    incoming.innerHTML = html;
    if (plainText(incoming.content) === plainText(main) && !held) { return; } // the same state
    if (unsent) {
      // The open question closed (its fragment never changes while open): keep the learner's
      // input on screen, say it was not sent, and swap when they ask.
      held = html;
      if (!document.getElementById("live-notice")) { notice(text.unsent, true); }
      return;
    }
    swap(html);
  }

  function schedule(delay) {
    if (stopped || main.querySelector("[data-live-ended]")) { return; } // an ended lesson stays so
    window.clearTimeout(timer);
    timer = window.setTimeout(poll, delay);
  }

  function nextDelay() {
    if (failures > 0) { return Math.min(MAX_BACKOFF_MS, POLL_MS * Math.pow(2, failures)); }
    return document.hidden ? HIDDEN_MS : POLL_MS;
  }

  function poll() {
    if (stopped || inFlight) { return; }
    inFlight = true;
    var headers = { "Accept": "text/html" };
    if (etag) { headers["If-None-Match"] = etag; }
    var options = { credentials: "same-origin", headers: headers, cache: "no-cache", redirect: "manual" };
    var aborter = window.AbortController ? new window.AbortController() : null;
    if (aborter) {
      options.signal = aborter.signal;
      window.setTimeout(function () { aborter.abort(); }, TIMEOUT_MS);
    }
    window.fetch(url, options)
      .then(function (reply) {
        if (reply.type === "opaqueredirect" || reply.status === 401 || reply.status === 403 ||
            reply.status === 404 || reply.status === 410) {
          stopped = true; // signed out, or no longer this person's lesson: the link still works
          return null;
        }
        if (reply.status === 304) { failures = 0; return null; }
        if (!reply.ok) { throw new Error("status " + reply.status); }
        failures = 0;
        var tag = reply.headers.get("ETag");
        return reply.text().then(function (html) {
          if (tag) { etag = tag; }
          arrived(html);
        });
      })
      .catch(function () { failures = Math.min(failures + 1, 8); })
      .then(function () {
        inFlight = false;
        schedule(nextDelay());
      });
  }

  main.addEventListener("input", function (event) {
    if (event.target.form) { unsent = true; }
  });
  main.addEventListener("change", function (event) {
    if (event.target.form) { unsent = true; }
  });
  main.addEventListener("submit", function (event) {
    if (navigator.onLine === false) {
      event.preventDefault(); // leaving now would show the browser's error page and lose the answer
      notice(text.offline, false);
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { schedule(0); }
  });
  window.addEventListener("online", function () {
    failures = 0;
    if (held === null) { dropNotice(); }
    schedule(0);
  });
  schedule(POLL_MS);
})();

// Counts down the time left shown by the server, and says it politely at 5 and 1 minutes left.
(function () {
  "use strict";
  var timer = document.querySelector(".timer[data-seconds-left]");
  if (!timer) { return; }
  var left = timer.querySelector(".timer-left");
  var announce = document.querySelector(".timer-announce");
  var start = Number(timer.dataset.secondsLeft);
  var ends = Date.now() + 1000 * start;
  var said = {};
  // The server's own wording of a duration ("36 min 39 s", "36 Min. 39 Sek."), filled in here.
  function show(seconds) {
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = seconds % 60;
    var form = hours ? timer.dataset.hours : (minutes ? timer.dataset.minutes : timer.dataset.seconds);
    left.textContent = form.replace("{h}", hours).replace("{m}", minutes)
      .replace("{s}", rest);
  }
  function say(key) {
    if (!said[key] && announce) { said[key] = true; announce.textContent = timer.dataset[key]; }
  }
  function tick() {
    var seconds = Math.max(0, Math.round((ends - Date.now()) / 1000));
    show(seconds);
    // Said once each, when the time crosses 5 minutes and 1 minute (not on a page opened later).
    if (start > 300 && seconds <= 300 && seconds > 60) { say("five"); }
    if (start > 60 && seconds <= 60 && seconds > 0) { say("one"); }
    if (seconds === 0) { say("over"); return; }
    window.setTimeout(tick, 1000);
  }
  tick();
})();

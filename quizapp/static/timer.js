// Counts down the time left shown by the server, and says it politely at 5 and 1 minutes left.
(function () {
  "use strict";
  var timer = document.querySelector(".timer[data-seconds-left]");
  if (!timer) { return; }
  var left = timer.querySelector(".timer-left");
  var announce = document.querySelector(".timer-announce");
  var ends = Date.now() + 1000 * Number(timer.dataset.secondsLeft);
  var said = {};
  var units = left.textContent.trim();
  function show(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    left.textContent = minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }
  function say(key) {
    if (!said[key] && announce) { said[key] = true; announce.textContent = timer.dataset[key]; }
  }
  function tick() {
    var seconds = Math.max(0, Math.round((ends - Date.now()) / 1000));
    show(seconds);
    if (seconds <= 300 && seconds > 60) { say("five"); }
    if (seconds <= 60 && seconds > 0) { say("one"); }
    if (seconds === 0) { say("over"); return; }
    window.setTimeout(tick, 1000);
  }
  left.setAttribute("title", units);
  tick();
})();

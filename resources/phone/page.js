/* The visitor's phone page: asks the station every few seconds, nothing else. */
(function () {
  "use strict";
  var body = document.body;
  var code = location.pathname.split("/").pop();
  var audio = null;
  var lastCall = null;
  function el(id) { return document.getElementById(id); }

  // without scripts the page says so (its noscript line): no "loading", no dead button
  el("headline").textContent = body.dataset.loading;
  el("tap").hidden = false;
  el("tap").addEventListener("click", function () {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    try { audio = new Ctx(); audio.resume(); } catch (e) { audio = null; }
    if (navigator.vibrate) { navigator.vibrate(50); }
    el("tap").hidden = true;
    el("tapdone").hidden = false;
  });

  function alertCalled() {
    if (audio) {
      [0, 0.45, 0.9].forEach(function (at) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.frequency.value = 880;
        gain.gain.value = 0.6;
        osc.connect(gain);
        gain.connect(audio.destination);
        osc.start(audio.currentTime + at);
        osc.stop(audio.currentTime + at + 0.3);
      });
    }
    if (navigator.vibrate) { navigator.vibrate([400, 200, 400, 200, 400]); }
  }

  // The DOM changes only when the words do: a screen reader (TalkBack, VoiceOver) reads
  // the live region again on every change, and the page asks every second when near.
  function setText(node, text) {
    if (node.textContent !== text) { node.textContent = text; }
  }
  var shownLines = null;
  function setLines(lines) {
    var key = JSON.stringify(lines);
    if (key === shownLines) { return; }
    shownLines = key;
    var list = el("lines");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    lines.forEach(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      list.appendChild(li);
    });
  }
  function setUnsure(text) {
    setText(el("unsure"), text);
    if (el("unsure").hidden !== !text) { el("unsure").hidden = !text; }
  }

  // sound is asked for while the visit is ahead: gone once called, served or over
  var AHEAD = {waiting: true, pending: true, missed: true};
  function show(s) {
    var ahead = AHEAD[s.status] === true;
    if (!ahead && !el("tap").hidden) { el("tap").hidden = true; }
    if (!ahead && !el("tapdone").hidden) { el("tapdone").hidden = true; }
    // the live region interrupts only for the call; every other change waits its turn
    var live = s.status === "called" ? "assertive" : "polite";
    if (el("status").getAttribute("aria-live") !== live) {
      el("status").setAttribute("aria-live", live);
    }
    setText(el("number"), s.number || "—");
    setText(el("service"), s.service || "");
    setText(el("headline"), s.headline || "");
    setLines(s.lines || []);
    setUnsure(s.unsure || "");
    if (body.className !== "st-" + s.status) { body.className = "st-" + s.status; }
    if (s.status === "called" && s.call && s.call !== lastCall) { alertCalled(); }
    lastCall = s.call || null;
  }

  function poll() {
    fetch("/s/" + encodeURIComponent(code) + "?lang=" + body.dataset.lang,
          {cache: "no-store", credentials: "omit"})
      .then(function (r) {
        if (r.status === 429) { throw new Error("busy"); }
        return r.json();
      })
      .then(function (s) {
        show(s);
        setTimeout(poll, s.poll_ms || 60000);
      })
      .catch(function (e) {
        setUnsure(e.message === "busy" ? body.dataset.busy : body.dataset.offline);
        setTimeout(poll, 5000);
      });
  }
  poll();
}());

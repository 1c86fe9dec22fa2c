// hoptac serve: the only script of the web app (no library, no network request).
// It switches between a table and its map (the partners page). Without it both are shown.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-views]").forEach(function (group) {
    var buttons = Array.prototype.slice.call(group.querySelectorAll("button[data-show]"));
    function show(id) {
      buttons.forEach(function (b) {
        var on = b.getAttribute("data-show") === id;
        b.setAttribute("aria-pressed", on ? "true" : "false");
        var view = document.getElementById(b.getAttribute("data-show"));
        if (view) { view.hidden = !on; }
      });
    }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () { show(b.getAttribute("data-show")); });
    });
    if (buttons.length) { show(buttons[0].getAttribute("data-show")); }
  });
});

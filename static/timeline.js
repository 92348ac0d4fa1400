/* Timeline filter: progressive enhancement. Without JavaScript the whole timeline shows;
   with it, the (server-rendered, hidden) form appears and hides entries whose
   data-threads / data-entities lack the chosen id. No network, no globals. */
(function () {
  "use strict";
  var form = document.getElementById("tl-filter");
  if (!form) { return; }
  var selects = form.querySelectorAll("select[data-filter]");
  var entries = document.querySelectorAll(".tl-entry");
  var years = document.querySelectorAll(".tl-year");
  var status = document.getElementById("tl-status");

  function matches(entry) {
    for (var i = 0; i < selects.length; i++) {
      var want = selects[i].value;
      if (!want) { continue; }
      var have = (entry.getAttribute("data-" + selects[i].getAttribute("data-filter")) || "").split(" ");
      if (have.indexOf(want) < 0) { return false; }
    }
    return true;
  }

  function apply() {
    var shown = 0;
    for (var i = 0; i < entries.length; i++) {
      var ok = matches(entries[i]);
      entries[i].hidden = !ok;
      if (ok) { shown++; }
    }
    for (var j = 0; j < years.length; j++) {
      years[j].hidden = !years[j].querySelector(".tl-entry:not([hidden])");
    }
    status.textContent = shown === entries.length
      ? "Showing all " + shown + " events."
      : "Showing " + shown + " of " + entries.length + " events.";
  }

  for (var k = 0; k < selects.length; k++) { selects[k].addEventListener("change", apply); }
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
})();

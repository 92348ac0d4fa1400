/* Timeline filter: progressive enhancement. Without JavaScript the whole timeline shows
   (single-source events folded under each year) and the events list offers its kinds as
   sections; with it, the (server-rendered, hidden) form appears and hides entries whose
   data-kind / data-sources / data-threads / data-entities lack the chosen value, on the
   list and on the time axis (.tl-mark) alike. The
   choice is kept in the address (?kind=curated&storyline=…), so a filtered view can be
   linked and survives a reload. No network, no globals. */
(function () {
  "use strict";
  var form = document.getElementById("tl-filter");
  if (!form) { return; }
  var selects = form.querySelectorAll("select[data-filter]");
  var entries = document.querySelectorAll(".tl-entry");
  var marks = document.querySelectorAll(".tl-mark");
  var years = document.querySelectorAll(".tl-year");
  var folds = document.querySelectorAll("details.tl-single");
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

  function active() {
    for (var i = 0; i < selects.length; i++) { if (selects[i].value) { return true; } }
    return false;
  }

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    for (var i = 0; i < selects.length; i++) {
      var value = params.get(selects[i].getAttribute("data-param"));
      if (value && selects[i].querySelector('option[value="' + CSS.escape(value) + '"]')) {
        selects[i].value = value;
      }
    }
  }

  function writeAddress() {
    var params = new URLSearchParams(window.location.search);
    for (var i = 0; i < selects.length; i++) {
      var name = selects[i].getAttribute("data-param");
      if (selects[i].value) { params.set(name, selects[i].value); } else { params.delete(name); }
    }
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", address);
  }

  function apply() {
    var shown = 0;
    for (var i = 0; i < entries.length; i++) {
      var ok = matches(entries[i]);
      entries[i].hidden = !ok;
      if (ok) { shown++; }
    }
    // the time axis shows the same choice (an SVG element has no .hidden: the attribute)
    for (var m = 0; m < marks.length; m++) {
      if (matches(marks[m])) { marks[m].removeAttribute("hidden"); } else { marks[m].setAttribute("hidden", ""); }
    }
    var filtering = active();
    for (var f = 0; f < folds.length; f++) {
      var any = folds[f].querySelector(".tl-entry:not([hidden])");
      folds[f].hidden = !any;
      // a filter shows what it found: folded events that match are unfolded
      if (filtering && any) { folds[f].open = true; }
    }
    for (var j = 0; j < years.length; j++) {
      years[j].hidden = filtering && !years[j].querySelector(".tl-entry:not([hidden])");
    }
    status.textContent = shown === entries.length
      ? "Showing all " + shown + " events of this page."
      : "Showing " + shown + " of " + entries.length + " events of this page.";
  }

  function changed() {
    writeAddress();
    apply();
  }

  for (var k = 0; k < selects.length; k++) { selects[k].addEventListener("change", changed); }
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  readAddress();
  form.hidden = false;
  apply();
})();

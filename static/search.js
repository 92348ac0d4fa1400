/* Search page: turns the "search needs a server" notice into a working search form.
 *
 * Progressive enhancement over Pagefind's low-level API: the bundle is loaded from
 * pagefind/pagefind.js relative to the site root (read from data-site-root on #search),
 * so the page works under any sub-path. From file:// or without JavaScript nothing here
 * runs and the notice stays. Results are built with DOM methods (no inline styles or
 * scripts), and the query and filters live in the address (?q=…&source=…) so a search
 * can be linked to and survives the back button.
 */
(function () {
  "use strict";

  var box = document.getElementById("search");
  if (!box || (location.protocol !== "http:" && location.protocol !== "https:")) {
    return; // the notice already explains why search cannot run here
  }
  var notice = document.getElementById("search-notice");
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var filterBox = document.getElementById("search-filters");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var root = new URL(box.getAttribute("data-site-root") || "./", document.baseURI);
  var MAX_RESULTS = 20;
  var latest = 0;
  var timer = null;

  function say(text) { status.textContent = text; }

  function loadPagefind() {
    return import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
      // Result URLs are site-absolute ("/articles/a.html"); the root's path fixes them up
      // for a site published under a sub-path.
      return pagefind.options({ baseUrl: root.pathname, excerptLength: 30 })
        .then(function () { return pagefind.init(); })
        .then(function () { return pagefind; });
    });
  }

  function fillFilters(available) {
    var any = false;
    selects.forEach(function (select) {
      var counts = available[select.getAttribute("data-filter")] || {};
      var values = Object.keys(counts).sort(function (a, b) {
        return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
      });
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value + " (" + counts[value] + ")";
        select.appendChild(option);
      });
      select.parentNode.hidden = values.length === 0;
      any = any || values.length > 0;
    });
    filterBox.hidden = !any;
  }

  function chosenFilters() {
    var chosen = {};
    selects.forEach(function (select) {
      if (select.value) { chosen[select.getAttribute("data-filter")] = select.value; }
    });
    return chosen;
  }

  function remember(query, chosen) {
    var params = new URLSearchParams();
    if (query) { params.set("q", query); }
    Object.keys(chosen).forEach(function (name) { params.set(name, chosen[name]); });
    var search = params.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    selects.forEach(function (select) {
      var wanted = params.get(select.getAttribute("data-filter"));
      if (wanted && select.querySelector("option[value=\"" + CSS.escape(wanted) + "\"]")) {
        select.value = wanted;
      }
    });
  }

  /* Pagefind's excerpt is HTML with <mark> around the matches: keep only text and marks. */
  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString("<body>" + html, "text/html").body;
    var out = document.createDocumentFragment();
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var facts = [];
    ["source", "year"].forEach(function (name) {
      var values = data.filters && data.filters[name];
      if (values && values.length) { facts.push(values.join(", ")); }
    });
    if (facts.length) {
      var meta = document.createElement("p");
      meta.className = "search-result-meta";
      meta.textContent = facts.join(" · ");
      item.appendChild(meta);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "search-excerpt";
    excerpt.appendChild(excerptNodes(data.excerpt || ""));
    item.appendChild(excerpt);
    var parts = (data.sub_results || []).filter(function (sub) {
      return sub.url && sub.url.indexOf("#") > 0 && sub.url !== data.url;
    }).slice(0, 3);
    if (parts.length) {
      var sublist = document.createElement("ul");
      sublist.className = "search-subresults";
      parts.forEach(function (sub) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = sub.url;
        a.textContent = sub.title || sub.url;
        li.appendChild(a);
        sublist.appendChild(li);
      });
      item.appendChild(sublist);
    }
    return item;
  }

  function describe(total, shown, query) {
    var what = query ? " for \u201c" + query + "\u201d" : "";
    if (total === 0) { return "No page matches" + what + "."; }
    var count = total === 1 ? "1 page" : total + " pages";
    var more = total > shown ? " (showing the first " + shown + ")" : "";
    return count + " found" + what + more + ".";
  }

  function run(pagefind) {
    var query = input.value.trim();
    var chosen = chosenFilters();
    var ticket = ++latest;
    remember(query, chosen);
    if (!query && Object.keys(chosen).length === 0) {
      list.replaceChildren();
      say("");
      return Promise.resolve();
    }
    list.setAttribute("aria-busy", "true");
    return pagefind.search(query || null, { filters: chosen }).then(function (found) {
      var top = found.results.slice(0, MAX_RESULTS);
      return Promise.all(top.map(function (r) { return r.data(); })).then(function (items) {
        if (ticket !== latest) { return; } // a newer search has started
        list.replaceChildren.apply(list, items.map(resultItem));
        list.removeAttribute("aria-busy");
        say(describe(found.results.length, top.length, query));
      });
    });
  }

  loadPagefind().then(function (pagefind) {
    return pagefind.filters().then(function (available) {
      fillFilters(available);
      restore();
      notice.hidden = true;
      form.hidden = false;
      var go = function () {
        run(pagefind).catch(function () { say("Search failed; please try again."); });
      };
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        clearTimeout(timer);
        go();
      });
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(go, 250);
      });
      selects.forEach(function (select) { select.addEventListener("change", go); });
      if (input.value || Object.keys(chosenFilters()).length) { go(); }
    });
  }).catch(function () {
    say("The search index could not be loaded: this copy of the site may have been built " +
        "without search.");
  });
})();

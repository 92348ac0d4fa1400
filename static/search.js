/* Search page: turns the "search needs a server" notice into a working search form.
 *
 * Progressive enhancement over Pagefind's low-level API: the bundle is loaded from
 * pagefind/pagefind.js relative to the site root (read from data-site-root on #search),
 * so the page works under any sub-path. From file:// or without JavaScript nothing here
 * runs and the notice stays. Results are built with DOM methods (no inline styles or
 * scripts), and the query and filters live in the address (?q=…&source=…) so a search
 * can be linked to and survives the back button.
 *
 * Two things Pagefind does not do are done here. Pagefind drops accents from a query
 * ("Nẵng" finds "Nang") but keeps letters that carry no separable mark, so "Đà" never finds
 * "Da"; the query is searched as written and with those letters folded as the build folds
 * them (FOLDED_LETTERS, the same table as jvreader/render/fold.py), and the results merged.
 * Pagefind's sub-results start only at headings; here each match is placed in the paragraph
 * (or timeline entry, or figure) holding it, the nearest element with an id, so a result
 * links to the paragraph itself.
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
  var MAX_PARTS = 3;
  var EXCERPT_WORDS = 30;
  // Letters Unicode gives no separable mark, folded as jvreader/render/fold.py folds them.
  var FOLDED_LETTERS = { "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss" };
  var FOLDABLE = new RegExp("[" + Object.keys(FOLDED_LETTERS).join("") + "]", "g");
  var HEADING = /^h[1-6]$/i;
  // Elements whose id marks a place worth linking to; sentences (spans) are too small.
  var PLACE = /^(h[1-6]|div|p|li|section|article|aside|blockquote|figure|tr|dd)$/i;
  var PARAGRAPH_ID = /^p(\d+)$/;
  var latest = 0;
  var timer = null;

  function say(text) { status.textContent = text; }

  function loadPagefind() {
    return import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
      // Result URLs are site-absolute ("/articles/a.html"); the root's path fixes them up
      // for a site published under a sub-path.
      return pagefind.options({ baseUrl: root.pathname, excerptLength: EXCERPT_WORDS })
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

  function foldLetters(text) {
    return text.replace(FOLDABLE, function (letter) { return FOLDED_LETTERS[letter]; });
  }

  /* Pagefind's results for the query as written and, when it differs, with its letters
     folded: together, by score. */
  function searchBoth(pagefind, query, filters) {
    var spellings = [query];
    if (query && foldLetters(query) !== query) { spellings.push(foldLetters(query)); }
    return Promise.all(spellings.map(function (q) {
      return pagefind.search(q, { filters: filters });
    })).then(function (answers) {
      var byId = {};
      answers.forEach(function (answer) {
        answer.results.forEach(function (r) {
          if (!byId[r.id] || byId[r.id].score < r.score) { byId[r.id] = r; }
        });
      });
      return Object.keys(byId).map(function (id) { return byId[id]; })
        .sort(function (a, b) { return b.score - a.score || (a.id < b.id ? -1 : 1); });
    });
  }

  function cleanTitle(text) {
    return (text || "").replace(/[\s\u00b6]+$/, "").replace(/\s+/g, " ").trim();
  }

  /* Pagefind's excerpt of the words [start, start + length) with the matches marked. */
  function excerptOf(words, start, length, marked) {
    var out = [];
    for (var i = start; i < Math.min(words.length, start + length); i++) {
      out.push(marked[i] ? "<mark>" + words[i] + "</mark>" : words[i]);
    }
    return out.join(" ");
  }

  /* The match that opens the excerpt-long run of words where the matches weigh most
     (Pagefind's balanced scores: a whole word more than a word it only begins). */
  function densest(locations, weights) {
    var best = locations[0];
    var most = -1;
    locations.forEach(function (first) {
      var sum = 0;
      locations.forEach(function (l) {
        if (l >= first && l < first + EXCERPT_WORDS) { sum += weights[l] || 1; }
      });
      if (sum > most) { most = sum; best = first; }
    });
    return best;
  }

  /* The places (paragraphs, headings, entries) holding the matches, most matches first:
     each with a title naming its section and paragraph, a link and an excerpt. */
  function placesOf(data) {
    var places = (data.anchors || []).filter(function (a) {
      return a.id && PLACE.test(a.element);
    }).sort(function (a, b) {  // at one word, the heading after its section: the heading wins
      return a.location - b.location || (HEADING.test(a.element) ? 1 : 0) -
        (HEADING.test(b.element) ? 1 : 0);
    });
    if (!places.length) { return []; }
    var words = (data.content || "").split(/[\r\n\s]+/g);
    var marked = {};
    var weights = {};
    (data.weighted_locations || []).forEach(function (w) {
      weights[w.location] = Math.max(weights[w.location] || 0, w.balanced_score);
    });
    var found = {};
    (data.locations || []).forEach(function (location) {
      marked[location] = true;
      var at = -1;
      for (var i = 0; i < places.length && places[i].location <= location; i++) { at = i; }
      if (at < 0) { return; } // before the first place: the page's own excerpt covers it
      (found[at] = found[at] || []).push(location);
    });
    var parts = Object.keys(found).map(function (key) {
      var at = Number(key);
      var place = places[at];
      var heading = null;
      for (var i = at; i >= 0 && !heading; i--) {
        if (HEADING.test(places[i].element)) { heading = places[i]; }
      }
      var section = heading ? cleanTitle(heading.text) : "";
      var number = PARAGRAPH_ID.exec(place.id);
      var title = section;
      if (place !== heading && number) {
        title = section ? section + " \u00b7 paragraph " + number[1] : "Paragraph " + number[1];
      }
      var end = at + 1 < places.length ? places[at + 1].location : words.length;
      var locations = found[key];
      var start = Math.max(place.location,
                           Math.min(densest(locations, weights) - 5, end - EXCERPT_WORDS));
      return {
        title: title || cleanTitle(data.meta && data.meta.title) || data.url,
        url: data.url + "#" + place.id,
        location: place.location,
        count: locations.length,
        excerpt: excerptOf(words, start, Math.min(EXCERPT_WORDS, end - start), marked),
      };
    });
    return parts.sort(function (a, b) { return b.count - a.count || a.location - b.location; })
      .slice(0, MAX_PARTS)
      .sort(function (a, b) { return a.location - b.location; });
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
    var parts = placesOf(data);
    if (parts.length) {
      var sublist = document.createElement("ul");
      sublist.className = "search-subresults";
      parts.forEach(function (sub) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = sub.url;
        a.textContent = sub.title;
        li.appendChild(a);
        if (sub.excerpt) {
          var text = document.createElement("p");
          text.className = "search-excerpt";
          text.appendChild(excerptNodes(sub.excerpt));
          li.appendChild(text);
        }
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
    return searchBoth(pagefind, query || null, chosen).then(function (results) {
      var top = results.slice(0, MAX_RESULTS);
      return Promise.all(top.map(function (r) { return r.data(); })).then(function (items) {
        if (ticket !== latest) { return; } // a newer search has started
        list.replaceChildren.apply(list, items.map(resultItem));
        list.removeAttribute("aria-busy");
        say(describe(results.length, top.length, query));
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

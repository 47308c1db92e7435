/* Filters into the URL without a page reload, the page's language on <html lang>, the language switch
   keeping the rest of the query, an indicator page's details asked for once its chart is drawn, and the
   overview's sparklines drawn once its progress chart is.
   Loaded by Dash from assets/. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  dashboard: {
    syncQuery: function (first, second, id) {
      var keys = {"overview-url-sync": ["area", "q"], "claims-url-sync": ["speech", "verdict"], "indicator-url-sync": ["target", "method"],
                  "chart-url-sync": ["base", "view"]}[id];
      var defaults = {method: "unsd", view: "chart", base: "published"};
      var params = new URLSearchParams(window.location.search);
      [first, second].forEach(function (value, i) {
        if (value === null || value === undefined || value === "" || value === "all" || defaults[keys[i]] === value) params.delete(keys[i]);
        else params.set(keys[i], value);
      });
      if (id === "overview-url-sync") params.delete("page");
      var search = params.toString() ? "?" + params.toString() : "";
      if (search !== window.location.search) {
        window.history.pushState(null, "", window.location.pathname + search);
      }
      return search;
    },
    // "narrow" on a screen narrower than 500 px, which asks for the chart with smaller marks and a folded key
    // (a text: the callback guard takes a store's data as text, web/guard.py)
    narrowScreen: function (page) {
      if (!page || !page.chart || window.innerWidth >= 500) return window.dash_clientside.no_update;
      return "narrow";
    },
    // Chart or Table: one pane shown; the chart told to fit its width again, as it was drawn while hidden or narrower
    showPane: function (view) {
      setTimeout(function () { window.dispatchEvent(new Event("resize")); }, 0);
      return [view === "table", view !== "table"];
    },
    setLanguage: function (search) {
      var lang = new URLSearchParams(search || "").get("lang") === "ru" ? "ru" : "en";
      document.documentElement.lang = lang;
      return lang;
    },
    // The indicator's id once its chart is drawn, which asks the server for what lies below it: the browser
    // draws the chart before it lays out the tables. At once when the page has no chart; after 2 s whatever
    // happens (plotly.js blocked or still on its way: the details must not wait on it). Should the reader go on
    // to another indicator meanwhile, that page keeps its own details (tests/test_app_browser.py checks it).
    afterChart: function (page) {
      if (!page || typeof page.id !== "string") return window.dash_clientside.no_update;
      var drawn = function () { return !page.chart || document.querySelector("#tracking-graph .main-svg"); };
      if (drawn()) return page.id;
      return new Promise(function (resolve) {
        var observer, timer;
        var done = function () { observer.disconnect(); clearTimeout(timer); resolve(page.id); };
        observer = new MutationObserver(function () { if (drawn()) done(); });
        observer.observe(document.body, {childList: true, subtree: true});
        timer = setTimeout(done, 2000);
      });
    },
    // The overview's sparklines, drawn once its progress chart is (or at once without one; after 2 s whatever
    // happens), after that frame, a few at a time between frames: thirty small plots drawn in the same task
    // as the chart would hold it back by a third of a second. Returns how many it drew.
    drawSparklines: function (data) {
      if (!data || !data.figures) return window.dash_clientside.no_update;
      var drawn = function () { return !document.getElementById("progress-graph") || document.querySelector("#progress-graph .main-svg"); };
      var chart = drawn() ? Promise.resolve() : new Promise(function (resolve) {
        var observer, timer;
        var done = function () { observer.disconnect(); clearTimeout(timer); resolve(); };
        observer = new MutationObserver(function () { if (drawn()) done(); });
        observer.observe(document.body, {childList: true, subtree: true});
        timer = setTimeout(done, 2000);
      });
      var ids = Object.keys(data.figures);
      return chart.then(function () { return Promise.resolve(window.Plotly); }).then(function (Plotly) {
        return new Promise(function (resolve) {
          var count = 0;
          var some = function () {
            var until = performance.now() + 12;
            while (ids.length && performance.now() < until) {
              var id = ids.shift(), element = document.getElementById("spark-" + id), figure = data.figures[id];
              if (element && !element.querySelector(".main-svg")) {
                Plotly.newPlot(element, figure.data || [], figure.layout || {}, data.config);
                count += 1;
              }
            }
            if (ids.length) setTimeout(some, 0); else resolve(count);
          };
          requestAnimationFrame(function () { setTimeout(some, 0); });
        });
      }).catch(function () { return 0; });
    }
  }
});

document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a[data-lang]") : null;
  if (!link) return;
  var url = new URL(window.location.href);
  if (link.getAttribute("data-lang") === "en") url.searchParams.delete("lang");
  else url.searchParams.set("lang", link.getAttribute("data-lang"));
  link.setAttribute("href", url.pathname + url.search);
}, true);

// "Share" (web/share_control.py): the link copied to the clipboard, absolute: a claim's own page, or this page's address
// as it is now (an indicator's chart keeps its state in the query). "Copied" is said in the control's live region; where
// the clipboard is refused or missing (an insecure origin, a denied permission), the link is shown selected, to copy by hand.
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("button.share-copy") : null;
  if (!button) return;
  var box = button.closest(".share-control");
  var status = box && box.querySelector(".share-status");
  if (!status) return;
  var field = box.querySelector(".share-fallback");
  var path = button.getAttribute("data-share-path");
  var url = path ? new URL(path, window.location.origin).href : window.location.href;
  var refused = function () {
    if (!field) {
      field = document.createElement("input");
      field.type = "text";
      field.readOnly = true;
      field.className = "form-control form-control-sm share-fallback";
      field.setAttribute("aria-label", button.getAttribute("data-field"));
      box.appendChild(field);
    }
    field.value = url;
    field.hidden = false;
    status.textContent = button.getAttribute("data-refused");
    field.focus();
    field.select();
  };
  status.textContent = "";
  if (!navigator.clipboard || !window.isSecureContext) { refused(); return; }
  navigator.clipboard.writeText(url).then(function () {
    if (field) field.hidden = true;
    status.textContent = button.getAttribute("data-copied");
  }, refused);
});

// A link to a paragraph of a page (/methods#status-fair): the page is drawn after its address loads, so the
// browser's own jump finds nothing. Jump once the paragraph exists, once per address.
(function () {
  var done = null;
  var jump = function () {
    var key = location.pathname + location.hash;
    if (location.hash.length < 2 || key === done) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    done = key;
    target.scrollIntoView();
  };
  new MutationObserver(jump).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("hashchange", function () { done = null; jump(); });
})();

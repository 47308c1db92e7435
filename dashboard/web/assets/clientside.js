/* Filters into the URL without a page reload, the page's language on <html lang>, the language switch
   keeping the rest of the query, and an indicator page's details asked for once its chart is drawn.
   Loaded by Dash from assets/. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  dashboard: {
    syncQuery: function (first, second, id) {
      var keys = {"overview-url-sync": ["area", "q"], "claims-url-sync": ["speech", "verdict"], "indicator-url-sync": ["target", "method"]}[id];
      var params = new URLSearchParams(window.location.search);
      [first, second].forEach(function (value, i) {
        if (value === null || value === undefined || value === "" || value === "all" || (keys[i] === "method" && value === "unsd")) params.delete(keys[i]);
        else params.set(keys[i], value);
      });
      if (id === "overview-url-sync") params.delete("page");
      var search = params.toString() ? "?" + params.toString() : "";
      if (search !== window.location.search) {
        window.history.pushState(null, "", window.location.pathname + search);
      }
      return search;
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

/* Filters into the URL without a page reload, the page's language on <html lang>, and the
   language switch keeping the rest of the query. Loaded by Dash from assets/. */
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

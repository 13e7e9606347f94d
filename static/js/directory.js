/* Live filtering of the directory: the GET form keeps working without JavaScript; with it, the
   result list and the counts next to every filter value are replaced as soon as a filter changes. */
(function () {
  "use strict";
  var form = document.getElementById("directory-form");
  if (!form || !window.fetch || !window.URLSearchParams) { return; }
  var results = document.getElementById(form.getAttribute("data-results"));
  var timer = null;
  var controller = null;

  function update() {
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (key) { if (!params.get(key)) { params.delete(key); } });
    var url = form.getAttribute("action") + (params.toString() ? "?" + params.toString() : "");
    if (controller) { controller.abort(); }
    controller = new AbortController();
    results.setAttribute("aria-busy", "true");
    fetch(url, { signal: controller.signal })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById(results.id);
        if (!fresh) { throw new Error("unexpected page"); }
        results.innerHTML = fresh.innerHTML;
        var skip = document.getElementById("results-skip");
        var freshSkip = page.getElementById("results-skip");
        if (skip && freshSkip) { skip.innerHTML = freshSkip.innerHTML; }
        form.querySelectorAll("select").forEach(function (select) {
          var other = page.getElementById(select.id);
          if (other) { select.innerHTML = other.innerHTML; }
        });
        results.removeAttribute("aria-busy");
        var count = document.getElementById("result-count");
        var announcement = document.getElementById("directory-announcement");
        if (count && announcement) { announcement.textContent = count.textContent; }
        window.history.replaceState(null, "", url);
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") { return; }
        results.removeAttribute("aria-busy");
        form.submit();
      });
  }

  form.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") { update(); }
  });
  form.addEventListener("input", function (event) {
    if (event.target.type !== "search") { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 350);
  });
})();

// Where the filters sit beside the results (the stylesheet's wide layout), show them open.
// Without JavaScript the disclosure still works: one click on "Filtry".
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 60rem)");
  function sync() {
    if (!wide.matches) return;
    document.querySelectorAll("details[data-open-when-wide]").forEach(function (details) {
      details.open = true;
    });
  }
  sync();
  wide.addEventListener("change", sync);
})();

// Progressive enhancements of the listings' GET forms; everything works without them.
(function () {
  "use strict";

  // Where the filters sit beside the results (the stylesheet's wide layout), show them open.
  // Without JavaScript the disclosure still works: one click on "Filtry".
  var wide = window.matchMedia("(min-width: 60rem)");
  function sync() {
    if (!wide.matches) return;
    document.querySelectorAll("details[data-open-when-wide]").forEach(function (details) {
      details.open = true;
    });
  }
  sync();
  wide.addEventListener("change", sync);

  // A shared link should hold only what the visitor chose: fields left empty, and fields still at
  // their default (data-default), are not sent. A disabled field is left out of the submission.
  // Without JavaScript the server redirects to the same short address
  // (core.listing.views.without_unchosen).
  function unchosen(field) {
    if (field.type === "hidden" || field.type === "submit" || field.disabled) return false;
    if (field.type === "radio" || field.type === "checkbox") {
      return field.checked && field.hasAttribute("data-default");
    }
    var fallback = field.getAttribute("data-default");
    return field.value === "" || (fallback !== null && field.value === fallback);
  }
  var dropped = [];
  document.querySelectorAll("form[data-drop-unchosen]").forEach(function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && unchosen(field)) {
          field.disabled = true;
          dropped.push(field);
        }
      });
    });
  });
  // Back to this page from the results (the browser's page cache): give the fields back.
  window.addEventListener("pageshow", function () {
    dropped.forEach(function (field) {
      field.disabled = false;
    });
    dropped = [];
  });
})();

// Sorts the rows of the evidence x hypothesis matrix: by diagnosticity,
// strongest first, or back to timeline order. The page reads fully without
// this script; it only reveals the sort buttons above the table.
(function () {
  "use strict";
  var table = document.getElementById("matrix-table");
  var bar = document.querySelector(".sort-bar");
  if (!table || !bar) {
    return;
  }
  var body = table.tBodies[0];
  var buttons = bar.querySelectorAll("button[data-sort]");
  function value(row, sort) {
    return Number(row.getAttribute(sort === "diag" ? "data-diag" : "data-order"));
  }
  function sortBy(button) {
    var sort = button.getAttribute("data-sort");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var c = sort === "diag" ? value(b, "diag") - value(a, "diag") : 0;
      return c || value(a, "order") - value(b, "order");
    });
    rows.forEach(function (row) {
      body.appendChild(row);
    });
    Array.prototype.forEach.call(buttons, function (other) {
      other.setAttribute("aria-pressed", other === button ? "true" : "false");
    });
    table.classList.toggle("sorted", sort !== "order");
  }
  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () {
      sortBy(button);
    });
  });
  bar.hidden = false;
})();

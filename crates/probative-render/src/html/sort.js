// Sorts the evidence x hypothesis matrix by a column. The page reads fully
// without this script; it only adds buttons to the matrix headings.
(function () {
  "use strict";
  var table = document.getElementById("matrix-table");
  if (!table) {
    return;
  }
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  var hint = document.querySelector(".sort-hint");
  if (hint) {
    hint.hidden = false;
  }
  function value(row, sort) {
    if (sort === "order") {
      return Number(row.getAttribute("data-order"));
    }
    if (sort === "diag") {
      return Number(row.getAttribute("data-diag"));
    }
    return Number(row.querySelectorAll("td.w")[Number(sort)].getAttribute("data-v"));
  }
  function compare(x, y) {
    return x < y ? -1 : x > y ? 1 : 0;
  }
  function sortBy(th) {
    var sort = th.getAttribute("data-sort");
    var descending = sort !== "order" && th.getAttribute("aria-sort") !== "descending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var c = compare(value(a, sort), value(b, sort));
      return (descending ? -c : c) || compare(value(a, "order"), value(b, "order"));
    });
    rows.forEach(function (row) {
      body.appendChild(row);
    });
    Array.prototype.forEach.call(heads, function (other) {
      if (other.hasAttribute("data-sort")) {
        other.setAttribute("aria-sort", "none");
      }
    });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    table.classList.toggle("sorted", sort !== "order");
  }
  Array.prototype.forEach.call(heads, function (th) {
    if (!th.hasAttribute("data-sort")) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) {
      button.appendChild(th.firstChild);
    }
    th.appendChild(button);
    th.setAttribute("aria-sort", th.getAttribute("data-sort") === "order" ? "ascending" : "none");
    button.addEventListener("click", function () {
      sortBy(th);
    });
  });
})();

// Phone layout: the menu button opens and closes the navigation, list tables learn their column
// names so that narrow screens show each row as a card, and filter panels open on wide screens.
// Without this script the pages still work: the menu button jumps to the navigation (#main-nav, shown
// by :target), tables scroll sideways and filter panels open on a tap.
(function () {
  "use strict";

  var WIDE = "(min-width: 641px)";

  function setUpMenu() {
    var header = document.querySelector("header.site");
    var toggle = header && header.querySelector(".menu-toggle");
    if (!toggle) return;
    toggle.setAttribute("role", "button");
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var open = header.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // The header text of each column, counting the header cells' colspans.
  function columnHeads(table) {
    var row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    var heads = [];
    if (!row) return heads;
    for (var i = 0; i < row.cells.length; i++) {
      var cell = row.cells[i];
      for (var span = 0; span < (cell.colSpan || 1); span++) {
        heads.push({ text: cell.textContent.replace(/\s+/g, " ").trim(), wideOnly: cell.classList.contains("wide-only") });
      }
    }
    return heads;
  }

  // Each body cell gets its column's name (data-label, shown before it on a card) and the column's
  // wide-only mark; the table becomes a list of cards below 641 px.
  function labelTable(table) {
    if (table.classList.contains("matrix") || table.hasAttribute("data-no-cards")) return;
    var heads = columnHeads(table);
    if (!heads.length) return;
    for (var b = 0; b < table.tBodies.length; b++) {
      var rows = table.tBodies[b].rows;
      for (var r = 0; r < rows.length; r++) {
        var column = 0;
        for (var c = 0; c < rows[r].cells.length; c++) {
          var cell = rows[r].cells[c];
          var head = heads[column];
          if (head && (cell.colSpan || 1) === 1) {
            if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", head.text);
            if (head.wideOnly) cell.classList.add("wide-only");
          }
          column += cell.colSpan || 1;
        }
      }
    }
    table.classList.add("cards");
  }

  function setUpTables() {
    var tables = document.querySelectorAll("main table");
    for (var i = 0; i < tables.length; i++) labelTable(tables[i]);
  }

  function setUpFilters() {
    if (!window.matchMedia || !window.matchMedia(WIDE).matches) return;
    var panels = document.querySelectorAll("details.filters");
    for (var i = 0; i < panels.length; i++) panels[i].open = true;
  }

  function start() {
    setUpMenu();
    setUpTables();
    setUpFilters();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

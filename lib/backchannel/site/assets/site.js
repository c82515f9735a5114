/* The site's script. Report tables: each cell labelled with its column's header, for the phone layout that
   stacks a row's cells (the pages do not repeat the label in every cell). */
document.querySelectorAll("table.bc-report-table").forEach(function (table) {
  if (!table.tHead) { return; }
  var names = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
  Array.prototype.forEach.call(table.tBodies, function (body) {
    Array.prototype.forEach.call(body.rows, function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, i) { cell.setAttribute("data-label", names[i]); });
    });
  });
});

/* Note markers ('[4, p. 12]'): each names its source on hover, read from the note it leads to (publisher: title),
   so that pages do not repeat it at every marker. */
document.querySelectorAll("a.note[href^='#note-']").forEach(function (mark) {
  var note = document.getElementById(mark.getAttribute("href").slice(1)), row = note && note.closest("tr");
  if (row && row.cells.length > 2) {
    mark.title = row.cells[2].textContent.trim() + ": " + row.cells[1].textContent.trim();
  }
});

/* The copy button of every citation block. */
document.querySelectorAll(".bc-cite").forEach(function (block) {
  var button = block.querySelector(".bc-cite-copy"), text = block.querySelector(".bc-cite-text"),
      status = block.querySelector(".bc-cite-status");
  function select() {
    var range = document.createRange(), selection = window.getSelection();
    range.selectNodeContents(text); selection.removeAllRanges(); selection.addRange(range);
    try { return document.execCommand("copy"); } catch (error) { return false; }
  }
  function said(copied) { status.textContent = copied ? "Copied." : "Selected: press Ctrl+C (\u2318C) to copy."; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var words = text.textContent.replace(/\s+/g, " ").trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(words).then(function () { said(true); }, function () { said(select()); });
    } else { said(select()); }
  });
});

/* The episodes table: filters that combine (every chosen facet, and words in the title), sorting by a column. */
(function () {
  var form = document.getElementById("bc-facets"), table = document.getElementById("bc-episodes");
  if (!form || !table) { return; }
  var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
  var output = document.querySelector(".bc-count output"), none = document.querySelector(".bc-none");
  function attribute(facet) { return "data-" + facet.replace(/_/g, "-"); }
  function run() {
    var picks = Array.prototype.filter.call(form.querySelectorAll("select"), function (s) { return s.value; });
    var words = form.querySelector("[data-words]").value.trim().toLowerCase(), shown = 0;
    rows.forEach(function (row) {
      var ok = picks.every(function (s) {
        return (row.getAttribute(attribute(s.dataset.facet)) || "").split("|").indexOf(s.value) !== -1;
      }) && (!words || row.dataset.title.toLowerCase().indexOf(words) !== -1);
      row.hidden = !ok; shown += ok ? 1 : 0;
    });
    output.textContent = shown + " of " + rows.length + " episodes shown";
    none.hidden = shown !== 0;
  }
  form.addEventListener("input", run);
  form.addEventListener("reset", function () { setTimeout(run, 0); });
  none.querySelector("[data-clear]").addEventListener("click", function () { form.reset(); run(); });
  table.querySelectorAll("th button[data-sort]").forEach(function (button) {
    button.addEventListener("click", function () {
      var th = button.parentNode, up = th.getAttribute("aria-sort") !== "ascending", key = button.dataset.sort;
      table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.getAttribute(attribute(key)) || "", y = b.getAttribute(attribute(key)) || "";
        return (up ? 1 : -1) * x.localeCompare(y);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  run();
})();

/* An output too wide for the screen scrolls: it is made focusable, so that it can be scrolled from the keyboard. */
function focusableWhereScrolled() {
  document.querySelectorAll(".jp-OutputArea-output").forEach(function (output) {
    if (output.scrollWidth > output.clientWidth) { output.tabIndex = 0; } else { output.removeAttribute("tabindex"); }
  });
}
focusableWhereScrolled();
window.addEventListener("resize", focusableWhereScrolled);

/* Bảng vàng: instant filter on an honour roll page (tables inside .bv-roll).
 *
 * Typing part of a name, a class or a team narrows the table in place, accents optional
 * ("dang" finds "Đặng", "7a" finds "7A"). Works without the search index. The box is added
 * by this script, so visitors without JavaScript (and print) see the whole roll.
 */
(function () {
  "use strict";

  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function isHeading(node) { return /^H[1-4]$/.test(node.tagName); }

  /* One group per heading, with the rows of the table(s) under it. */
  function groupsOf(roll) {
    var groups = [], current = null;
    Array.prototype.forEach.call(roll.children, function (node) {
      if (isHeading(node)) {
        current = { heading: node, rows: [] };
        groups.push(current);
      } else if (current) {
        Array.prototype.forEach.call(node.querySelectorAll("tbody tr"), function (row) {
          var cells = row.querySelectorAll("td");
          // Columns: STT | Họ tên | Vai trò, đơn vị | Quyết định | Thành tích
          var text = cells.length >= 3 ? cells[1].textContent + " " + cells[2].textContent
            : row.textContent;
          // A draft line (read from a scan, shown only by the preview) is not published:
          // it is counted apart (commands/preview_scans.py marks it bv-scan-draft).
          current.rows.push({ row: row, text: fold(text),
                              draft: row.classList.contains("bv-scan-draft") });
        });
      }
    });
    return groups.filter(function (g) { return g.rows.length; });
  }

  /* What follows a heading up to the next one (looked up each time: Material wraps tables
     in a scrolling box after the page loads). */
  function partsAfter(heading) {
    var parts = [];
    for (var node = heading.nextElementSibling; node && !isHeading(node); node = node.nextElementSibling) {
      parts.push(node);
    }
    return parts;
  }

  function setup(roll, index) {
    var groups = groupsOf(roll);
    var total = 0, drafts = 0;
    groups.forEach(function (g) {
      g.rows.forEach(function (r) { if (r.draft) drafts++; else total++; });
    });
    if (!total && !drafts) return;
    var id = "bv-filter-" + index;
    var box = document.createElement("div");
    box.className = "bv-filter";
    box.setAttribute("role", "search");
    // A page may hold several rolls (one per school year): each search landmark its own name.
    box.setAttribute("aria-label", "Lọc bảng vàng" + (index ? " " + (index + 1) : ""));
    box.innerHTML = '<label></label><input type="search" autocomplete="off" spellcheck="false">' +
      '<p class="bv-filter__count" aria-live="polite"></p>';
    var label = box.querySelector("label"), input = box.querySelector("input"),
      count = box.querySelector(".bv-filter__count");
    label.textContent = "Lọc bảng vàng:";
    label.htmlFor = id;
    input.id = id;
    input.placeholder = "Tên hoặc lớp: “dang”, “7a”";  // short: fits a 390 px phone
    input.setAttribute("aria-describedby", id + "-count");
    count.id = id + "-count";

    function apply() {
      var words = fold(input.value).split(" ").filter(Boolean);
      var shown = 0, shownDrafts = 0;
      groups.forEach(function (group) {
        var visible = 0;
        group.rows.forEach(function (r) {
          var ok = words.every(function (w) { return r.text.indexOf(w) >= 0; });
          r.row.hidden = !ok;
          if (ok) visible++;
          if (ok && r.draft) shownDrafts++;
        });
        // A group with no matching row disappears whole: heading, table, note.
        var empty = visible === 0;
        group.heading.hidden = empty;
        partsAfter(group.heading).forEach(function (part) { part.hidden = empty; });
        shown += visible;
      });
      count.textContent = "Đang hiện " + (shown - shownDrafts) + " / " + total +
        (drafts ? " dòng đã công bố, " + shownDrafts + " / " + drafts + " dòng nháp" : "");
      if (summary) summary.hidden = words.length > 0;
    }

    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && input.value) { input.value = ""; apply(); }
    });
    // Above the roll's summary when it has one (so the box is seen first on a phone);
    // while a filter is typed, the summary (every group with its count) steps aside and
    // the matching rows come right under the box.
    var summary = roll.previousElementSibling;
    while (summary && !summary.classList.contains("bv-summary") && !isHeading(summary)) {
      summary = summary.previousElementSibling;
    }
    if (summary && !summary.classList.contains("bv-summary")) summary = null;
    roll.parentNode.insertBefore(box, summary || roll);
    // A class's QR code on the printed roll opens this page at ?lop=<class>
    // (bangvang/pages/qrcodes.py): the box starts with the class typed in.
    var wanted = new URLSearchParams(window.location.search).get("lop");
    if (wanted && index === 0) input.value = wanted.slice(0, 40);
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".bv-roll"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* Bảng vàng: a table wider than the screen scrolls sideways inside Material's wrapper
 * (.md-typeset__scrollwrap). A reader without a mouse or touch screen must be able to scroll
 * it too (WCAG 2.1.1), so such a wrapper gets keyboard focus and a name; a wrapper that no
 * longer overflows (a wider window) loses them again. Tables of records are cards on phones
 * (bangvang.css) and do not overflow; this is for the others (a hand-written page's table).
 */
(function () {
  "use strict";
  var LABEL = "Bảng rộng: dùng phím mũi tên để cuộn ngang";

  function mark() {
    var number = 0;
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls) number++;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        // Each region its own name (a page may have several).
        wrap.setAttribute("aria-label", LABEL.replace("Bảng rộng", "Bảng rộng " + number));
        wrap.setAttribute("data-bv-scroll", "");
      } else if (!scrolls && wrap.hasAttribute("data-bv-scroll")) {
        ["tabindex", "role", "aria-label", "data-bv-scroll"].forEach(function (name) {
          wrap.removeAttribute(name);
        });
      }
    });
  }

  var timer = null;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(mark, 150);
  }
  // Material wraps the tables when it mounts a page (document$: every page, instant loading
  // included); run after it.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(later);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", later);
  } else {
    later();
  }
  window.addEventListener("resize", later);
})();

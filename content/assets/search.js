/* Bảng vàng: site search with Pagefind (index built after the site by bangvang/search.py).
 *
 * Opens from the header button, "/" or Ctrl+K (⌘K). Vietnamese: Pagefind folds tones but
 * not đ, so each query is also searched with d↔đ swapped in its words and the results are
 * merged. Results found by the query exactly as typed come first; a swap on a word typed
 * with accents ("Đường" → "Dường") is a weaker match and ranks after; a swap on a word typed
 * without accents ("dang" → "đang") is as good as the typed form. See docs/search.md.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var BASE = new URL("../", script ? script.src : location.href);  // site root (assets/..)
  var PAGE_SIZE = 10;
  var MAX_VARIANTS = 16;
  var T = {
    title: "Tìm kiếm",
    placeholder: "Tên, lớp, phong trào… gõ không dấu cũng được",
    close: "Đóng",
    kind: "Loại trang",
    year: "Năm học",
    all: "Tất cả",
    searching: "Đang tìm…",
    loadError: "Chưa tải được bộ tìm kiếm. Hãy tải lại trang rồi thử lại.",
    none: function (q) { return "Không tìm thấy trang nào cho “" + q + "”."; },
    count: function (n) { return n + " kết quả"; },
    browse: function (n) { return n + " trang"; },
    more: "Xem thêm kết quả",
    text: "Tìm cả trong nội dung bài viết, kế hoạch",
    hint: "Gõ tên người, lớp, tổ, phong trào hoặc năm học; có dấu hay không dấu đều được, ví dụ “dang van do”.",
    keys: "Enter: mở kết quả đầu · ↑↓: chọn · Esc: đóng"
  };

  /* Two indexes (bangvang/search.py): a light one without the text of stories and plans,
     searched first, and the full one, loaded only when the light one finds nothing or the
     reader asks to search the text too. */
  var BUNDLES = { light: "pagefind/", full: "pagefind/noi-dung/" };
  var instances = {}, loadings = {}, fullText = false;
  var valuesLoad = null;   // pagefind/bo-loc.json, read once
  var pagefind = null;
  var dialog, input, kindSelect, yearSelect, status, list, moreButton, textButton;
  var merged = [], shown = 0, searchId = 0, timer = null;

  // ---------------------------------------------------------------- query variants (d/đ)

  var SWAP = { d: "đ", D: "Đ", "đ": "d", "Đ": "D" };

  /* Typed with any accent or with đ: the writer chose d or đ on purpose. */
  function hasMarks(word) { return /[^\u0000-\u007f]/.test(word); }

  /* Forms of one word: as typed, then with its d/đ letters swapped (every subset when it
     has up to 3, else all at once). Each form carries a penalty: 1 when the word was typed
     with accents (the writer chose d or đ on purpose), 0 when typed bare. */
  function wordForms(word) {
    var positions = [];
    for (var i = 0; i < word.length; i++) if (SWAP[word[i]]) positions.push(i);
    if (!positions.length) return [{ text: word, penalty: 0 }];
    var subsets = [];
    if (positions.length <= 3) {
      for (var mask = 1; mask < (1 << positions.length); mask++) {
        subsets.push(positions.filter(function (_, k) { return mask & (1 << k); }));
      }
    } else {
      subsets.push(positions);
    }
    var penalty = hasMarks(word) ? 1 : 0;
    return [{ text: word, penalty: 0 }].concat(subsets.map(function (subset) {
      var chars = word.split("");
      subset.forEach(function (p) { chars[p] = SWAP[chars[p]]; });
      return { text: chars.join(""), penalty: penalty };
    }));
  }

  function queryVariants(query) {
    var words = query.trim().split(/\s+/).filter(Boolean);
    var combos = [{ words: [], penalty: 0 }];
    words.forEach(function (word) {
      var forms = wordForms(word);
      if (combos.length * forms.length > MAX_VARIANTS) forms = forms.slice(0, 1);
      var next = [];
      combos.forEach(function (c) {
        forms.forEach(function (f) {
          next.push({ words: c.words.concat(f.text), penalty: c.penalty + f.penalty });
        });
      });
      combos = next;
    });
    return combos.map(function (c) { return { query: c.words.join(" "), penalty: c.penalty }; });
  }

  // ---------------------------------------------------------------- Pagefind

  function loadPagefind(which) {
    which = which || "light";
    if (!loadings[which]) {
      loadings[which] = import(new URL(BUNDLES[which] + "pagefind.js", BASE).href).then(function (pf) {
        // noWorker: search runs on the page (quick at these sizes); saves 41 KB of worker script.
        return pf.options({ excerptLength: 24, noWorker: true }).then(function () { return pf.init(); })
          .then(function () { instances[which] = pf; return pf; });
      });
      loadings[which].catch(function () { loadings[which] = null; });
    }
    return loadings[which];
  }

  function currentFilters() {
    var filters = {};
    if (kindSelect.value) filters.kind = kindSelect.value;
    if (yearSelect.value) filters.school_year = yearSelect.value;
    return filters;
  }

  /* All variants searched at once; one entry per page, keeping its best (penalty, score). */
  function searchAll(query, filters) {
    var variants = query ? queryVariants(query) : [{ query: null, penalty: 0 }];
    return Promise.all(variants.map(function (v) {
      return pagefind.search(v.query, { filters: filters }).then(function (response) {
        return { variant: v, results: (response && response.results) || [] };
      });
    })).then(function (answers) {
      var best = new Map();
      answers.forEach(function (answer) {
        answer.results.forEach(function (result) {
          var entry = { result: result, penalty: answer.variant.penalty, score: result.score };
          var old = best.get(result.id);
          if (!old || entry.penalty < old.penalty ||
              (entry.penalty === old.penalty && entry.score > old.score)) {
            best.set(result.id, entry);
          }
        });
      });
      return Array.from(best.values()).sort(function (a, b) {
        return a.penalty - b.penalty || b.score - a.score;
      });
    });
  }

  // ---------------------------------------------------------------- a person's name first

  var NAME_WINDOW = 12;   // results whose titles are compared with the query

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  function exact(text) { return text.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim(); }

  /* A person's name typed (with or without accents, any case): among the first results,
     the page titled with exactly that name (the person's own page) first, then one whose
     title only folds to it ("Lê Minh Anh" for "Lê Minh Ánh"), then titles holding every
     typed word as typed ("Ánh" before "Anh"), then the rest in Pagefind's order. Only the
     first results are compared: their data is loaded anyway to show them. */
  function nameFirst(entries, query) {
    if (!query.trim() || !entries.length) return Promise.resolve(entries);
    var head = entries.slice(0, NAME_WINDOW);
    var typed = exact(query), folded = fold(query), words = typed.split(" ");
    return Promise.all(head.map(function (e) { return e.result.data(); })).then(function (datas) {
      head.forEach(function (e, i) {
        var title = (datas[i].meta && datas[i].meta.title) || "";
        var own = exact(title).split(/[\s,.;:()\u2013\u2014-]+/);
        e.name = exact(title) === typed ? 3 : fold(title) === folded && words.length > 1 ? 2 :
          words.every(function (w) { return own.indexOf(w) >= 0; }) ? 1 : 0;
        e.order = i;
      });
      head.sort(function (a, b) { return b.name - a.name || a.order - b.order; });
      return head.concat(entries.slice(NAME_WINDOW));
    });
  }

  /* Does one of the first results hold every word of the query? Pagefind drops words its
     index does not have, so "muoi hai doi" in the light index finds pages with "hai" only;
     the words of a story are in the full index. (The last word may be a prefix, as typed.) */
  function coversQuery(entries, query) {
    var words = fold(query).split(/[^a-z0-9]+/).filter(Boolean);
    if (!entries.length) return Promise.resolve(false);
    return Promise.all(entries.slice(0, NAME_WINDOW).map(function (e) { return e.result.data(); }))
      .then(function (datas) {
        return datas.some(function (d) {
          var tokens = fold(((d.meta && d.meta.title) || "") + " " + (d.content || "")).split(/[^a-z0-9]+/);
          return words.every(function (w, i) {
            return tokens.some(function (tok) { return tok === w || (i === words.length - 1 && tok.indexOf(w) === 0); });
          });
        });
      });
  }

  // ---------------------------------------------------------------- rendering

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  /* Pagefind's excerpt is HTML with <mark>; keep only its text and the marks. */
  function excerptNode(html) {
    var out = el("p", { class: "bv-search__excerpt" });
    var doc = new DOMParser().parseFromString("<body>" + (html || "") + "</body>", "text/html");
    (function copy(from, to) {
      from.childNodes.forEach(function (n) {
        if (n.nodeType === 3) to.appendChild(document.createTextNode(n.textContent));
        else if (n.nodeType === 1 && n.tagName === "MARK") copy(n, to.appendChild(el("mark")));
        else if (n.nodeType === 1) copy(n, to);
      });
    })(doc.body, out);
    return out;
  }

  function first(values) { return values && values.length ? values[0] : ""; }

  function resultItem(data) {
    var kind = first(data.filters && data.filters.kind) || (data.meta && data.meta.kind) || "";
    var year = first(data.filters && data.filters.school_year) || (data.meta && data.meta.school_year) || "";
    var title = (data.meta && data.meta.title) || "";
    var label = el("span", { class: "bv-search__kind" }, [
      el("span", { class: "bv-search__badge", text: kind }),
      year ? el("span", { class: "bv-search__year", text: "Năm học " + year }) : null
    ]);
    var link = el("a", { class: "bv-search__link", href: data.url }, [
      label,
      el("span", { class: "bv-search__title", text: title || data.url }),
      excerptNode(data.excerpt)
    ]);
    var item = el("li", { class: "bv-search__result" }, [link]);
    // Long pages (an honour roll): link straight to the best sections too.
    var subs = (data.sub_results || []).filter(function (s) {
      return s.url && s.url !== data.url && s.url.indexOf("#") > 0 && s.title !== title;
    }).slice(0, 2);
    if (subs.length) {
      item.appendChild(el("ul", { class: "bv-search__subs" }, subs.map(function (s) {
        return el("li", null, [el("a", { href: s.url, class: "bv-search__sub" }, [
          el("span", { class: "bv-search__subtitle", text: s.title }), excerptNode(s.excerpt)
        ])]);
      })));
    }
    return item;
  }

  function showMore(id) {
    var slice = merged.slice(shown, shown + PAGE_SIZE);
    moreButton.hidden = true;
    return Promise.all(slice.map(function (e) { return e.result.data(); })).then(function (datas) {
      if (id !== searchId) return;
      datas.forEach(function (d) { list.appendChild(resultItem(d)); });
      shown += slice.length;
      moreButton.hidden = shown >= merged.length;
    });
  }

  function setStatus(text) { status.textContent = text; }

  function run() {
    var id = ++searchId;
    var query = input.value.trim();
    var filters = currentFilters();
    var browsing = !query && Object.keys(filters).length > 0;
    // What this search was, once finished (for scripts and tests: data-done="query|kind|year").
    var done = [query, filters.kind || "", filters.school_year || ""].join("|");
    if (!query && !browsing) {
      list.textContent = ""; moreButton.hidden = true; textButton.hidden = true;
      merged = []; shown = 0;
      setStatus(T.hint);
      dialog.removeAttribute("aria-busy");
      dialog.setAttribute("data-done", done);
      return Promise.resolve();
    }
    dialog.removeAttribute("data-done");
    setStatus(T.searching);
    dialog.setAttribute("aria-busy", "true");
    var which = fullText ? "full" : "light";
    return loadPagefind(which).then(function (pf) {
      pagefind = pf;
      return searchAll(query, filters);
    }).then(function (results) {
      if (!query || which === "full") return results;
      return coversQuery(results, query).then(function (covered) {
        if (covered) return results;
        which = "full";   // no page of the light index has every word: look in the text too
        return loadPagefind("full").then(function (pf) { pagefind = pf; return searchAll(query, filters); });
      });
    }).then(function (results) {
      textButton.hidden = which === "full" || !query;
      return nameFirst(results, query);
    }).then(function (results) {
      if (id !== searchId) return;
      merged = results; shown = 0; list.textContent = "";
      if (!results.length) { setStatus(T.none(query)); moreButton.hidden = true; return; }
      setStatus(browsing ? T.browse(results.length) : T.count(results.length));
      return showMore(id);
    }).catch(function (error) {
      if (id !== searchId) return;
      console.warn("Bảng vàng search:", error);
      setStatus(T.loadError);
    }).then(function () {
      if (id !== searchId) return;
      dialog.removeAttribute("aria-busy");
      dialog.setAttribute("data-done", done);
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  }

  /* The filters' values come from a small file of the build (bangvang/search.py), so a
     first search does not download Pagefind's filter data; Pagefind's own list otherwise. */
  function readValues() {
    if (!valuesLoad) {
      valuesLoad = fetch(new URL("pagefind/bo-loc.json", BASE).href).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
      valuesLoad.catch(function () { valuesLoad = null; });
    }
    return valuesLoad;
  }

  function filterValues() {
    return readValues().then(function (values) {
      var all = {};
      Object.keys(values).forEach(function (name) {
        if (!Array.isArray(values[name])) return;
        all[name] = {};
        values[name].forEach(function (v) { all[name][v] = 1; });
      });
      return all;
    }).catch(function () {
      return loadPagefind().then(function (pf) { return pf.filters(); });
    });
  }

  function fillFilters() {
    return filterValues().then(function (all) {
      [[kindSelect, all.kind], [yearSelect, all.school_year]].forEach(function (pair) {
        var select = pair[0], values = Object.keys(pair[1] || {});
        if (select === yearSelect) values.sort().reverse();
        else values.sort(function (a, b) { return a.localeCompare(b, "vi"); });
        values.forEach(function (v) { select.appendChild(el("option", { value: v, text: v })); });
      });
    }).catch(function () { setStatus(T.loadError); });
  }

  function build() {
    input = el("input", {
      type: "search", class: "bv-search__input", placeholder: T.placeholder,
      autocomplete: "off", autocapitalize: "off", spellcheck: "false", enterkeyhint: "search",
      "aria-label": T.title, "aria-controls": "bv-search-results"
    });
    var close = el("button", { type: "button", class: "bv-search__close", "aria-label": T.close, text: T.close });
    kindSelect = el("select", { class: "bv-search__filter", name: "kind" }, [el("option", { value: "", text: T.all })]);
    yearSelect = el("select", { class: "bv-search__filter", name: "school_year" }, [el("option", { value: "", text: T.all })]);
    status = el("p", { class: "bv-search__status", role: "status", "aria-live": "polite", text: T.hint });
    list = el("ol", { class: "bv-search__results", id: "bv-search-results" });
    moreButton = el("button", { type: "button", class: "bv-search__more", text: T.more });
    moreButton.hidden = true;
    textButton = el("button", { type: "button", class: "bv-search__more bv-search__text", text: T.text });
    textButton.hidden = true;
    var form = el("form", { class: "bv-search__bar", role: "search" }, [input, close]);
    dialog = el("dialog", { class: "bv-search", "aria-label": T.title }, [
      form,
      el("div", { class: "bv-search__filters" }, [
        el("label", null, [el("span", { text: T.kind }), kindSelect]),
        el("label", null, [el("span", { text: T.year }), yearSelect])
      ]),
      status, list, moreButton, textButton,
      el("p", { class: "bv-search__keys", text: T.keys })
    ]);
    document.body.appendChild(dialog);

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var link = list.querySelector("a");
      if (link) location.href = link.href;
    });
    input.addEventListener("input", function () { fullText = false; schedule(); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") {
        var link = list.querySelector("a");
        if (link) { ev.preventDefault(); link.focus(); }
      }
    });
    list.addEventListener("keydown", function (ev) {
      if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      ev.preventDefault();
      if (ev.key === "ArrowUp" && at <= 0) { input.focus(); return; }
      var next = links[at + (ev.key === "ArrowDown" ? 1 : -1)];
      if (next) next.focus();
    });
    kindSelect.addEventListener("change", run);
    yearSelect.addEventListener("change", run);
    close.addEventListener("click", function () { dialog.close(); });
    moreButton.addEventListener("click", function () { showMore(searchId); });
    textButton.addEventListener("click", function () { fullText = true; run(); });
    // A click on the backdrop (outside the box) closes the dialog.
    dialog.addEventListener("click", function (ev) {
      if (ev.target !== dialog) return;
      var r = dialog.getBoundingClientRect();
      if (ev.clientX < r.left || ev.clientX > r.right || ev.clientY < r.top || ev.clientY > r.bottom) {
        dialog.close();
      }
    });
    dialog.addEventListener("close", function () {
      document.documentElement.classList.remove("bv-search-locked");
    });
    fillFilters();
  }

  function open() {
    if (!dialog) build();
    if (!dialog.open) {
      dialog.showModal();
      document.documentElement.classList.add("bv-search-locked");
    }
    input.focus();
    input.select();
    loadPagefind().catch(function () { setStatus(T.loadError); });
  }

  function typing(target) {
    return target && (target.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  window.addEventListener("keydown", function (ev) {
    var ctrlK = (ev.ctrlKey || ev.metaKey) && !ev.altKey && (ev.key === "k" || ev.key === "K");
    var slash = ev.key === "/" && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !typing(ev.target);
    if (!ctrlK && !slash) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    open();
  }, true);

  function wire() {
    document.querySelectorAll("[data-bv-search-open]").forEach(function (button) {
      button.addEventListener("click", open);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();

  // For the browser tests and curious readers: the variants a query is searched with.
  window.bangvangSearch = { open: open, variants: queryVariants };
})();

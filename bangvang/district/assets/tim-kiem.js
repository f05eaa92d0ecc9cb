/* One search across the district (bangvang/district/search.py builds the Pagefind index).
 * Same rules as a school's search box (content/assets/search.js, docs/search.md): Pagefind
 * folds tones but not đ, so the query is also searched with d↔đ swapped in its words and the
 * results merged, the query as typed first; a full name typed (with or without accents)
 * puts the page titled with that name first. Each result says its school; filters by school
 * and by cluster. The index is downloaded on the first keystroke, never before.
 *
 * After a warm build the index is the previous one with the changed pages folded in
 * (bangvang/district/search.py): one index, searched as a whole build's.
 */
(function () {
  "use strict";
  var MAX_VARIANTS = 16, NAME_WINDOW = 12, SHOWN = 10;
  /* Pagefind ranks a word typed without marks higher where the page has it without marks
     ("thanh" above "Thành"): with thousands of names that pushes the person typed out of
     the first NAME_WINDOW results. Marks typed or not then weigh the same; nameFirst puts
     the title written as typed first. */
  var RANKING = { diacriticSimilarity: 0 };
  var SWAP = { d: "đ", D: "Đ", "đ": "d", "Đ": "D" };
  var root = new URL(document.body.getAttribute("data-root") || "./", location.href);
  var input, schoolSelect, clusterSelect, box, loading = null, pagefind = null, asked = 0;
  var manifest = null;

  function hasMarks(word) { return /[^\u0000-\u007f]/.test(word); }

  function wordForms(word) {
    var positions = [];
    for (var i = 0; i < word.length; i++) if (SWAP[word[i]]) positions.push(i);
    var forms = [{ text: word, penalty: 0 }];
    if (!positions.length) return forms;
    var subsets = [];
    if (positions.length <= 3) {
      for (var mask = 1; mask < (1 << positions.length); mask++) {
        subsets.push(positions.filter(function (_, k) { return mask & (1 << k); }));
      }
    } else { subsets.push(positions); }
    var penalty = hasMarks(word) ? 1 : 0;
    return forms.concat(subsets.map(function (subset) {
      var chars = word.split("");
      subset.forEach(function (p) { chars[p] = SWAP[chars[p]]; });
      return { text: chars.join(""), penalty: penalty };
    }));
  }

  function queryVariants(query) {
    var combos = [{ words: [], penalty: 0 }];
    query.trim().split(/\s+/).filter(Boolean).forEach(function (word) {
      var forms = wordForms(word);
      if (combos.length * forms.length > MAX_VARIANTS) forms = forms.slice(0, 1);
      var next = [];
      combos.forEach(function (c) {
        forms.forEach(function (f) { next.push({ words: c.words.concat(f.text), penalty: c.penalty + f.penalty }); });
      });
      combos = next;
    });
    return combos.map(function (c) { return { query: c.words.join(" "), penalty: c.penalty }; });
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }
  function exact(text) { return text.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim(); }

  /* pagefind/bo-loc.json: the filters' values (schools, clusters). */
  function readManifest() {
    if (!manifest) {
      manifest = fetch(new URL("pagefind/bo-loc.json", root).href, { cache: "no-cache" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
      manifest.catch(function () { manifest = null; });
    }
    return manifest;
  }

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ excerptLength: 20, noWorker: true, baseUrl: root.pathname,
                           ranking: RANKING })
          .then(function () { return pf.init(); })
          .then(function () { pagefind = pf; return pf; });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function filters() {
    var f = {};
    if (schoolSelect.value) f.truong = schoolSelect.value;
    if (clusterSelect.value) f.cum = clusterSelect.value;
    return f;
  }

  function searchAll(query) {
    var variants = query ? queryVariants(query) : [{ query: null, penalty: 0 }];
    return Promise.all(variants.map(function (v) {
      return pagefind.search(v.query, { filters: filters() }).then(function (r) {
        return { variant: v, results: (r && r.results) || [] };
      });
    })).then(function (answers) {
      var best = new Map();
      answers.forEach(function (a) {
        a.results.forEach(function (result) {
          var e = { result: result, penalty: a.variant.penalty, score: result.score }, old = best.get(result.id);
          if (!old || e.penalty < old.penalty || (e.penalty === old.penalty && e.score > old.score)) best.set(result.id, e);
        });
      });
      return Array.from(best.values()).sort(function (a, b) { return a.penalty - b.penalty || b.score - a.score; });
    });
  }

  /* The page titled with the name as typed first, then one that folds to it, then titles
     holding every typed word; data of the first results is loaded to show them anyway. */
  function nameFirst(entries, query) {
    var head = entries.slice(0, NAME_WINDOW);
    var typed = exact(query), folded = fold(query), words = typed.split(" ");
    return Promise.all(head.map(function (e) { return e.result.data(); })).then(function (datas) {
      head.forEach(function (e, i) {
        var title = (datas[i].meta && datas[i].meta.title) || "";
        var own = exact(title).split(/[\s,.;:()\u2013\u2014-]+/);
        e.data = datas[i];
        e.name = exact(title) === typed ? 3 : fold(title) === folded && words.length > 1 ? 2 :
          words.every(function (w) { return own.indexOf(w) >= 0; }) ? 1 : 0;
        e.order = i;
      });
      head.sort(function (a, b) { return b.name - a.name || a.order - b.order; });
      return head;
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  /* Pagefind's excerpt marks matches with <mark>; everything else is kept as text. */
  function excerpt(html) {
    var span = el("span", { "class": "pg-excerpt" });
    new DOMParser().parseFromString("<div>" + html + "</div>", "text/html").body.firstChild.childNodes
      .forEach(function (n) {
        span.appendChild(n.nodeName === "MARK" ? el("mark", {}, [n.textContent]) : document.createTextNode(n.textContent));
      });
    return span;
  }

  /* Which search the list answers, query and filters (the tests wait for it). */
  function answered(query) {
    box.setAttribute("data-query", [query, schoolSelect.value, clusterSelect.value].join("|"));
  }

  function show(entries, query) {
    box.textContent = "";
    answered(query);
    if (!entries.length) { box.appendChild(el("p", {}, ["Không tìm thấy trang nào cho “" + query + "”."])); return; }
    box.appendChild(el("ol", {}, entries.slice(0, SHOWN).map(function (e) {
      var d = e.data, school = (d.meta && d.meta.truong) || "";
      return el("li", {}, [el("a", { href: d.url }, [(d.meta && d.meta.title) || d.url]),
        el("span", { "class": "pg-school-name" }, [school]), excerpt(d.excerpt || "")]);
    })));
  }

  function run() {
    var query = input.value.trim(), mine = ++asked;
    if (!query && !schoolSelect.value && !clusterSelect.value) { box.textContent = ""; return; }
    load().then(function () { return searchAll(query); })
      .then(function (entries) { return nameFirst(entries, query); })
      .then(function (entries) { if (mine === asked) show(entries, query); })
      .catch(function () {
        if (mine === asked) { box.textContent = ""; answered(query); box.appendChild(el("p", {}, ["Chưa tải được bộ tìm kiếm. Hãy tải lại trang rồi thử lại."])); }
      });
  }

  function fillFilters() {
    readManifest().then(function (values) {
      [[schoolSelect, values.truong], [clusterSelect, values.cum]].forEach(function (pair) {
        (pair[1] || []).forEach(function (v) { pair[0].appendChild(el("option", { value: v }, [v])); });
      });
    }).catch(function () { /* the filters stay at "Tất cả": search still works */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    input = document.getElementById("pg-q");
    schoolSelect = document.getElementById("pg-truong");
    clusterSelect = document.getElementById("pg-cum");
    box = document.getElementById("pg-results");
    if (!input) return;
    var timer;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    schoolSelect.addEventListener("change", run);
    clusterSelect.addEventListener("change", run);
    fillFilters();
  });
})();

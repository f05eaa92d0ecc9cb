"""The /admin/ page: Decap CMS, our Vietnamese phrases over its own, and the project's widgets
(registered with Decap's `CMS.registerWidget`, written with the `h`/`createClass` the bundle
exposes, so no build step):

- `bv-ngay`: a date typed and shown as dd/mm/yyyy whatever the browser's language (Decap's
  datetime widget is the browser's date input, which follows the browser's language), with the
  browser's calendar one click away; `format: iso` stores YYYY-MM-DD (news);
- `bv-nguoi`: an award's recipient, typed or chosen from the school's people (exemplars by
  their id, names from earlier rolls), saying who the choice is;
- `bv-trang-thai`: a record's status with a one-click «Công bố» for a draft;
- `bv-loc`: the honour roll's filter, by title or form or any text of an award (view only:
  never saved).

Decap's list summaries can only print the stored codes ("lao-dong-tien-tien"); the page shows
their labels in the award headers instead (LABELS from editor_config._code_labels).
"""
from __future__ import annotations

import json

from bangvang.commands.editor_locale import VI

SCRIPT = r"""
(function () {
  var h = window.h, createClass = window.createClass, CMS = window.CMS;
  var LABELS = {};

  function merge(base, extra) {
    var out = Object.assign({}, base);
    Object.keys(extra).forEach(function (key) {
      var value = extra[key];
      out[key] = value && typeof value === "object" ? merge(base[key] || {}, value) : value;
    });
    return out;
  }
  CMS.registerLocale("vi", merge(CMS.getLocale("vi") || {}, PHRASES));

  // ---------------------------------------------------------------- dates: dd/mm/yyyy
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function shown(value) {
    if (value instanceof Date && !isNaN(value)) {
      return pad(value.getUTCDate()) + "/" + pad(value.getUTCMonth() + 1) + "/" + value.getUTCFullYear();
    }
    var text = value == null ? "" : String(value);
    var iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
    return iso ? iso[3] + "/" + iso[2] + "/" + iso[1] : text;
  }
  function real(d, m, y) {
    var date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }
  function stored(text, format) {
    var dmy = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
    if (!dmy) { return text; }
    var d = pad(+dmy[1]), m = pad(+dmy[2]);
    return format === "iso" ? dmy[3] + "-" + m + "-" + d : d + "/" + m + "/" + dmy[3];
  }
  var Ngay = createClass({
    isValid: function () {
      var text = shown(this.props.value).trim();
      var dmy = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
      if (!text || (dmy && real(+dmy[1], +dmy[2], +dmy[3]))) { return true; }
      return {error: {message: "Ngày viết theo ngày/tháng/năm, ví dụ 05/09/2025."}};
    },
    pick: function (event) {
      var iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(event.target.value);
      if (iso) { this.props.onChange(stored(iso[3] + "/" + iso[2] + "/" + iso[1], this.format())); }
    },
    format: function () { return this.props.field.get("format") || "dmy"; },
    render: function () {
      var self = this, picker = null;
      return h("div", {className: this.props.classNameWrapper,
                       style: {display: "flex", alignItems: "center", gap: "8px"}},
        h("input", {id: this.props.forID, type: "text", inputMode: "numeric",
                    placeholder: "ngày/tháng/năm", value: shown(this.props.value),
                    onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
                    onChange: function (e) { self.props.onChange(stored(e.target.value, self.format())); },
                    style: {flex: "1", border: "0", outline: "0", font: "inherit", background: "transparent"}}),
        h("span", {style: {position: "relative"}},
          h("button", {type: "button", "aria-label": "Chọn trên lịch", title: "Chọn trên lịch",
                       onClick: function () { if (picker && picker.showPicker) { picker.showPicker(); } },
                       style: {border: "0", background: "transparent", cursor: "pointer", color: "#3a69c7"}},
            h("svg", {width: 22, height: 22, viewBox: "0 0 24 24", "aria-hidden": "true"},
              h("path", {fill: "currentColor", d: "M19 4h-1V2h-2v2H8V2H6v2H5c-1.1 0-2 .9-2 2v14c0 1.1.9 2 2 2h14c1.1 0 2-.9 2-2V6c0-1.1-.9-2-2-2zm0 16H5V10h14v10zm0-12H5V6h14v2z"}))),
          h("input", {type: "date", tabIndex: -1, "aria-hidden": "true", onChange: this.pick,
                      ref: function (el) { picker = el; },
                      style: {position: "absolute", left: 0, bottom: 0, width: "1px", height: "1px", opacity: 0}})));
    }
  });
  CMS.registerWidget("bv-ngay", Ngay, function (props) { return h("span", {}, shown(props.value)); });

  // ---------------------------------------------------------------- a recipient
  var lists = 0;
  var Nguoi = createClass({
    getInitialState: function () { return {listId: "bv-nguoi-" + (++lists)}; },
    render: function () {
      var self = this, people = (this.props.field.get("people") || []);
      people = people.toJS ? people.toJS() : people;
      var value = this.props.value || "";
      var known = people.filter(function (p) { return p.value === value; })[0];
      var note = !value ? "Gõ họ tên, hoặc chọn trong danh sách người của trường."
        : known ? known.label
        : "Người chưa có trong hồ sơ: nhớ chọn vai trò và ghi lớp hoặc tổ.";
      return h("div", {className: this.props.classNameWrapper},
        h("input", {id: this.props.forID, type: "text", list: this.state.listId, value: value,
                    autoComplete: "off", onFocus: this.props.setActiveStyle,
                    onBlur: this.props.setInactiveStyle,
                    onChange: function (e) { self.props.onChange(e.target.value); },
                    style: {width: "100%", border: "0", outline: "0", font: "inherit", background: "transparent"}}),
        h("datalist", {id: this.state.listId}, people.map(function (p) {
          return h("option", {key: p.value, value: p.value, label: p.label});
        })),
        h("div", {className: "bv-nguoi-note", style: {fontSize: "13px", color: "#5b6270", marginTop: "4px"}}, note));
    }
  });
  CMS.registerWidget("bv-nguoi", Nguoi, function (props) { return h("span", {}, props.value); });

  // ---------------------------------------------------------------- status: one click «Công bố»
  var TrangThai = createClass({
    draft: function () {
      var flag = this.props.field.get("flag"), value = this.props.value;
      return flag ? value === true || value === "true" : value === "draft";
    },
    set: function (draft) {
      this.props.onChange(this.props.field.get("flag") ? draft : (draft ? "draft" : "published"));
    },
    render: function () {
      var self = this, draft = this.draft();
      var badge = {display: "inline-block", padding: "4px 10px", borderRadius: "4px", fontWeight: 600,
                   background: draft ? "#fff4ce" : "#dff6dd", color: draft ? "#6b4e00" : "#0e5a1a"};
      var button = {marginLeft: "12px", padding: "6px 16px", borderRadius: "4px", cursor: "pointer",
                    font: "inherit", fontWeight: 600, border: "1px solid #3a69c7"};
      return h("div", {className: this.props.classNameWrapper, id: this.props.forID},
        h("span", {className: "bv-trang-thai", style: badge},
          draft ? "Bản nháp — chưa công bố" : "Đã công bố"),
        draft
          ? h("button", {type: "button", onClick: function () { self.set(false); },
                         style: Object.assign({}, button, {background: "#3a69c7", color: "#fff"})}, "Công bố")
          : h("button", {type: "button", onClick: function () { self.set(true); },
                         style: Object.assign({}, button, {background: "#fff", color: "#3a69c7"})}, "Chuyển về bản nháp"),
        h("div", {style: {fontSize: "13px", color: "#5b6270", marginTop: "6px"}},
          draft ? "Bản nháp không lên trang web. Đọc lại, bấm «Công bố», rồi bấm «Lưu»."
                : "Bấm «Lưu» để ghi lại; trang web có hồ sơ này ở lần tạo trang sau."));
    }
  });
  CMS.registerWidget("bv-trang-thai", TrangThai, function (props) { return h("span", {}, props.value); });

  // ---------------------------------------------------------------- award headers and filter
  var filters = {text: "", key: ""};
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  // Decap 3.16.3's class names carry its components' names (pinned version; the browser test
  // fails if they change): an item of a list widget and the summary in its header.
  function relabel(header) {
    // Text nodes changed in place: React keeps its own nodes and updates them on an edit.
    Array.prototype.forEach.call(header.childNodes, function (node) {
      if (node.nodeType !== 3 || node.nodeValue.split(" — ").length < 3) { return; }
      var changed = node.nodeValue.split(" — ").map(function (part, index) {
        if (index !== 1) { return LABELS[part.trim()] || part; }
        // title and form: "{{fields.title}} {{fields.form}}", one of them or both; a part
        // already shown in words is left alone (this runs again on its own change)
        var keys = part.trim().split(/\s+/);
        if (!keys.every(function (key) { return /^[a-z0-9-]+$/.test(key); })) { return part; }
        return keys.map(function (key) { return LABELS[key] || key; }).join(" / ");
      }).join(" — ");
      if (changed !== node.nodeValue) { node.nodeValue = changed; }
    });
    return header.textContent;
  }
  // What the headers show, counted: the filter's buttons (kept in step with every award
  // added, removed or edited, which Decap does not re-render a sibling widget for).
  var tally = {total: 0, what: {}}, tallyText = "";
  function applyFilter() {
    var headers = document.querySelectorAll('[class*="NestedObjectLabel"]'), counts = {total: 0, what: {}};
    Array.prototype.forEach.call(headers, function (header) {
      var text = relabel(header), item = header.closest('[class*="SortableListItem"]');
      if (!item || text.indexOf(" — ") < 0) { return; }
      var parts = text.split(" — "), folded = fold(text);
      counts.total += 1;
      parts[1].trim().split(" / ").forEach(function (what) {
        if (what) { counts.what[what] = (counts.what[what] || 0) + 1; }
      });
      // The button: the award's title or form exactly ("Lao động tiên tiến" is not "Tập thể
      // lao động tiên tiến"); the search box: any part of the header, accents ignored; an
      // award being added (no one named yet) always in sight.
      var show = !parts[0].trim() || (!filters.text || folded.indexOf(fold(filters.text)) >= 0) &&
                 (!filters.key || fold(parts[1]).trim().split(" / ").indexOf(filters.key) >= 0);
      item.style.display = show ? "" : "none";
    });
    var text = JSON.stringify(counts);
    if (text !== tallyText) {
      // An award added while a filter is on: the filter is lifted, the new award in sight.
      var added = counts.total > tally.total && tallyText;
      tally = counts; tallyText = text;
      if (added && (filters.text || filters.key)) { filters.text = ""; filters.key = ""; applyFilter(); }
      if (filters.refresh) { filters.refresh(); }
    }
  }
  new MutationObserver(function () { applyFilter(); })
    .observe(document.documentElement, {childList: true, subtree: true, characterData: true});

  var Loc = createClass({
    getInitialState: function () {
      var self = this;
      filters.text = ""; filters.key = "";       // another roll opened: everything shown
      tallyText = ""; tally = {total: 0, what: {}};
      filters.refresh = function () { self.setState({text: filters.text, key: filters.key}); };
      return {text: "", key: ""};
    },
    update: function (change) {
      var state = Object.assign({}, this.state, change);
      this.setState(state);
      filters.text = state.text; filters.key = state.key;
      applyFilter();
    },
    render: function () {
      var self = this;
      var chip = function (key, label) {
        var on = self.state.key === key;
        return h("button", {type: "button", key: key || "all", "aria-pressed": on ? "true" : "false",
                            onClick: function () { self.update({key: key}); },
                            style: {margin: "0 6px 6px 0", padding: "4px 10px", borderRadius: "14px",
                                    cursor: "pointer", font: "inherit", fontSize: "13px",
                                    border: "1px solid #3a69c7", background: on ? "#3a69c7" : "#fff",
                                    color: on ? "#fff" : "#3a69c7"}}, label);
      };
      return h("div", {className: this.props.classNameWrapper},
        h("div", {}, [chip("", "Tất cả (" + tally.total + ")")].concat(Object.keys(tally.what).map(function (what) {
          return chip(fold(what), what + " (" + tally.what[what] + ")");
        }))),
        h("input", {id: this.props.forID, type: "search", value: this.state.text,
                    placeholder: "Tìm theo họ tên, danh hiệu, cấp, số quyết định…",
                    onChange: function (e) { self.update({text: e.target.value}); },
                    style: {width: "100%", border: "0", outline: "0", font: "inherit", background: "transparent"}}));
    }
  });
  CMS.registerWidget("bv-loc", Loc, function () { return null; });

  fetch("config.yml").then(function (r) { return r.json(); }).then(function (config) {
    LABELS = (config.bangvang || {}).labels || {};
    delete config.bangvang;
    window.initCMS({config: config});
  });
})();
"""

INDEX = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Soạn hồ sơ — Bảng vàng</title>
<link rel="icon" href="data:,">
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="decap-cms.js"></script>
</head><body>
<script>
var PHRASES = %s;
%s
</script>
</body></html>""" % (json.dumps(VI, ensure_ascii=False), SCRIPT)

"""The /admin/ editor's Decap CMS configuration, generated from the kind declarations: each
kind a collection, each declared field a widget with its Vietnamese label and help (editor.py
serves it with the file API; docs/editor.md)."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from bangvang.records import kinds
from bangvang.records.data import load_vocabulary
from bangvang.records.fields import (
    Choice, Date, Field, Flag, Integer, List, Mapping, NameOrRef, Number, PhotoName, Private, Ref,
    SchoolYear, TextOrMapping, Vocab)
from bangvang.records.loader import load_records
from bangvang.problems import Problems

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")   # the only hosts the editor answers
DECAP_VERSION = "3.16.3"        # pinned; installed by `make editor` (Makefile)
# Labels of fields whose help is a legend of values ("published: công bố; draft: …").
LEGEND = re.compile(r"^[a-z_-]+: ")
LEGEND_LABELS = {"status": "Trạng thái", "kind": "Cá nhân hay tập thể"}
# The private group's usual fields (kinds.PRIVATE's help); other keys in it are kept as written.
PRIVATE_FIELDS = (("phone", "Điện thoại"), ("birth_date", "Ngày sinh"), ("address", "Địa chỉ"),
                  ("notes", "Ghi chú"))
PRIVATE_LABEL = "Không công bố"
# An award in the roll's list: "Họ tên — danh hiệu/hình thức — cấp — số QĐ" (the page script
# shows the labels of the keys, editor_page.py).
AWARD_SUMMARY = ("{{fields.recipient}} — {{fields.title}} {{fields.form}} — {{fields.level}} — "
                 "{{fields.decision.number}}")


def decap_folder() -> Path:
    """Where `make editor` unpacked Decap CMS: inside the virtual environment (git-ignored,
    kept by `make clean`), or BANGVANG_DECAP_DIR."""
    given = os.environ.get("BANGVANG_DECAP_DIR")
    return Path(given) if given else Path(sys.prefix) / "share" / f"decap-cms-{DECAP_VERSION}"


# ------------------------------------------------------------------ the generated config

def _label(name: str, declared: Field) -> str:
    help_text = declared.help or name
    if LEGEND.match(help_text):
        return LEGEND_LABELS.get(name, name)
    return re.split(r"; |, ví dụ | \(|: |, mỗi ", help_text, maxsplit=1)[0]


def _legend(declared: Choice) -> dict[str, str]:
    """"published: công bố; draft: bản nháp, …" → {"published": "công bố", …}."""
    found = dict(re.findall(r"([a-z_-]+): ([^;,]+)", declared.help or ""))
    return {choice: found.get(choice, choice) for choice in declared.choices}


def _hint(declared: Field, label: str, widget: dict) -> str | None:
    """The help below a field, unless it only repeats the label or spells out codes the
    drop-down already shows by their Vietnamese labels."""
    help_text = declared.help or ""
    if not help_text or help_text == label:
        return None
    codes = [str(o["value"]) for o in widget.get("options", []) if isinstance(o, dict)]
    if "“- …”" in help_text:
        return None       # how to write a list in the file: the form has its own «Thêm» button
    if widget.get("widget") == "bv-ngay" and re.search(r"\d{4}-\d{2}-\d{2}", help_text):
        return None       # an ISO example beside a date shown dd/mm/yyyy would mislead
    if widget.get("widget") in ("select", "bv-trang-thai") and (
            LEGEND.match(help_text) or any(re.search(rf"\b{re.escape(c)}\b", help_text)
                                           for c in codes)):
        return None
    return help_text


def _widget(declared: Field, vocabulary, people) -> dict:
    """The Decap widget of one declared field (without name and label)."""
    if isinstance(declared, Vocab):
        return {"widget": "select", "options": [
            {"label": term.label, "value": term.key}
            for term in vocabulary.lists.get(declared.vocab, {}).values()]}
    if isinstance(declared, Choice):
        options = [{"label": label, "value": key} for key, label in _legend(declared).items()]
        if set(declared.choices) == {"published", "draft"}:     # one click: «Công bố»
            return {"widget": "bv-trang-thai", "options": options}
        return {"widget": "select", "options": options}
    if isinstance(declared, NameOrRef) and declared.kind == kinds.EXEMPLAR.name:
        return {"widget": "bv-nguoi", "people": people}     # a name typed or a person chosen
    if isinstance(declared, Ref):
        identifier = _identifier(kinds.KINDS[declared.kind])
        return {"widget": "relation", "collection": declared.kind, "value_field": "{{slug}}",
                "search_fields": [identifier], "display_fields": [identifier]}
    if isinstance(declared, PhotoName):   # upload or pick; the record keeps the bare name
        return {"widget": "image", "media_folder": "/" + declared.folder, "public_folder": "",
                "choose_url": False}
    if isinstance(declared, Date):        # dd/mm/yyyy whatever the browser's language
        return {"widget": "bv-ngay", "format": "dmy"}
    if isinstance(declared, SchoolYear):
        return {"widget": "string", "pattern": [r"^\d{4}-\d{4}$", "Ví dụ 2024-2025"]}
    if isinstance(declared, (Integer, Number)):
        extra = {"min": declared.minimum, "max": declared.maximum} \
            if isinstance(declared, Integer) else {}
        return {"widget": "number", "value_type": "int" if isinstance(declared, Integer)
                else "float", **extra}
    if isinstance(declared, Flag):
        return {"widget": "boolean"}
    if isinstance(declared, Mapping):     # TextOrMapping too: the full group (editor_merge)
        return {"widget": "object", "collapsed": False,
                "fields": _fields(declared.fields, vocabulary, people)}
    if isinstance(declared, List):
        return _list_widget(declared, vocabulary, people)
    return {"widget": "string"}


def _list_widget(declared: List, vocabulary, people) -> dict:
    item = declared.item
    if isinstance(item, Ref):
        return {**_widget(item, vocabulary, people), "multiple": True}
    if isinstance(item, Mapping):
        fields = _fields(item.fields, vocabulary, people)
        first = fields[0]["name"]
        return {"widget": "list", "collapsed": True, "fields": fields,
                "summary": "{{fields.%s}}" % ("text" if first == "text" else first)}
    return {"widget": "list", "summary": "{{fields.item}}",
            "field": {"name": "item", "label": _label("item", item) if item.help else "Mục",
                      **_widget(item, vocabulary, people)}}


def _private() -> dict:
    """The private notes: a collapsed group of their own, never published."""
    return {"name": "private", "label": PRIVATE_LABEL, "widget": "object", "collapsed": True,
            "required": False, "hint": kinds.PRIVATE.help,
            "fields": [{"name": name, "label": label, "required": False,
                        "widget": "text" if name == "notes" else "string"}
                       for name, label in PRIVATE_FIELDS]}


def _fields(spec: dict[str, Field], vocabulary, people, record: bool = False) -> list[dict]:
    result = []
    for name, declared in spec.items():
        if isinstance(declared, Private):
            result.append(_private())
            continue
        label = _label(name, declared)
        field = {"name": name, "label": label, "required": declared.required,
                 **_widget(declared, vocabulary, people)}
        if field["widget"] == "list":     # «Thêm chủ đề», not «Thêm Chủ đề»
            field["label_singular"] = label[:1].lower() + label[1:]
        hint = _hint(declared, label, field)
        if hint:
            field["hint"] = hint
        if field["widget"] == "bv-trang-thai" and record:
            # A new record is a draft until the team publishes it (a line added to a roll is
            # not: it is published with its roll, as in the file).
            field["default"] = "draft"
        result.append(field)
    return result


def _identifier(kind: kinds.Kind) -> str:
    for name in ("name", "title", "school_year"):
        if name in kind.fields:
            return name
    return next(iter(kind.fields))


def _items_list(kind: kinds.Kind, fields: list[dict]) -> None:
    """The honour roll's awards: counted and added as «lượt khen thưởng», each shown by who,
    what, which level and which decision, with a filter above them."""
    for index, field in enumerate(fields):
        if field["name"] == kind.items:
            field.update(label=kind.home_count[:1].upper() + kind.home_count[1:],
                         label_singular=kind.home_count, summary=AWARD_SUMMARY)
            fields.insert(index, {"name": FILTER_FIELD, "label": "Lọc",
                                  "widget": "bv-loc", "required": False, "list": kind.items})
            return


FILTER_FIELD = "_loc"       # view only: never saved (its value stays empty; editor_merge)


def _collection(kind: kinds.Kind, vocabulary, people) -> dict:
    fields = _fields(kind.fields, vocabulary, people, record=True)
    if kind is kinds.NEWS:   # the blog plugin reads a post's date itself: ISO, as it wants
        for field in fields:
            if field.get("widget") == "bv-ngay":
                field["format"] = "iso"
            if field["name"] == "draft":      # one click «Công bố» here too
                field.update(widget="bv-trang-thai", flag=True)
    if kind.items:
        _items_list(kind, fields)
    if kind.has_body:
        fields.append({"name": "body", "label": "Nội dung", "widget": "markdown",
                       "required": False, "modes": ["raw", "rich_text"]})
    ending = kind.endings[0].lstrip(".")
    collection = {"name": kind.name, "label": kind.label[:1].upper() + kind.label[1:],
                  "label_singular": kind.label, "folder": kind.folder, "extension": ending,
                  "format": "frontmatter" if kind.has_body else "yaml", "create": True,
                  "identifier_field": _identifier(kind), "fields": fields,
                  "editor": {"preview": False}}   # the real preview is the site itself
    if kind.url_pattern and kind is not kinds.NEWS:   # «Xem trang»: its page in the preview
        # (a news post's address is the blog plugin's, from its title when it has no slug)
        collection["preview_path"] = _preview_path(kind)
    if "status" in kind.fields:      # the drafts waiting, found in one click
        collection["view_filters"] = [{"label": "Bản nháp", "field": "status",
                                       "pattern": "draft"}]
    return collection


def _preview_path(kind: kinds.Kind) -> str:
    """The kind's URL pattern ("cuoc-thi-viet/{year}/{id}") in Decap's template tags
    ("cuoc-thi-viet/{{fields.contest_year}}/{{slug}}/")."""
    fields = dict(kind.url_fields)
    path = re.sub(r"\{(\w+)\}", lambda m: "{{slug}}" if m.group(1) == "id"
                  else "{{fields.%s}}" % fields.get(m.group(1), m.group(1)), kind.url_pattern)
    return path if path.endswith("/") else path + "/"


def cms_config(root: Path, base_url: str) -> dict:
    """Decap's config.yml (as JSON, which is YAML), one collection per declared kind, and the
    page script's own part (`bangvang`: the labels of codes), which it takes out first."""
    vocabulary = load_vocabulary(Path(root), Problems())
    if vocabulary is None:
        return {}
    known = people(Path(root), vocabulary)
    return {
        "locale": "vi",
        "backend": {"name": "git-gateway"},     # replaced by the local backend below
        "local_backend": {"url": f"{base_url}/admin/api/v1",
                          "allowed_hosts": [h.strip("[]") for h in LOCAL_HOSTS]},
        "publish_mode": "simple",
        "site_url": f"{base_url}/",         # the preview: «Xem trang» of each record
        "show_preview_links": True,
        "load_config_file": False,
        "media_folder": kinds.PHOTO_FOLDER,
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [_collection(kind, vocabulary, [p["option"] for p in known])
                        for kind in kinds.ALL_KINDS.values()],
        "bangvang": {"labels": _code_labels(vocabulary, known)},
    }


def _code_labels(vocabulary, known: list[dict]) -> dict[str, str]:
    """Codes a list's summary shows → what the team calls them (titles, forms, levels, the
    names of exemplars' ids)."""
    labels = {}
    for name in ("titles", "forms", "levels", "roles", "prizes"):
        labels.update({key: term.label for key, term in vocabulary.lists.get(name, {}).items()})
    labels.update({p["option"]["value"]: p["name"] for p in known if p["id"]})
    return labels


def text_shapes(spec: dict[str, Field]) -> dict:
    """Where a kind's one-line-or-group fields (TextOrMapping) are, for editor_merge.for_form:
    {"targets": [{"_text": "text", "result": {"_text": "note"}}]}."""
    shapes = {}
    for name, declared in spec.items():
        inner = declared.item if isinstance(declared, List) else declared
        if not isinstance(inner, Mapping):
            continue
        shape = text_shapes(inner.fields)
        if isinstance(inner, TextOrMapping):
            shape["_text"] = inner.text_field
        if shape:
            shapes[name] = [shape] if isinstance(declared, List) else shape
    return shapes


# ------------------------------------------------------------------ the school's people

def people(root: Path, vocabulary) -> list[dict]:
    """Who the team can choose as an award's recipient: each exemplar (by its id) and each name
    written in a roll, with role and unit as last recorded. Read leniently: a record with
    problems still lends its name (check reports the problems)."""
    records, _ = load_records(root, Problems())
    found: dict[str, dict] = {}
    for record in records:
        if record.kind == kinds.EXEMPLAR.name and record.data.get("name"):
            found[record.id] = _person(record.id, record.data, vocabulary, record.id)
    for record in sorted((r for r in records if r.kind == kinds.HONOUR_ROLL.name),
                         key=lambda r: r.id):
        for award in record.data.get("awards") or []:
            name = str(award.get("recipient") or "").strip() if isinstance(award, dict) else ""
            if name and name not in found or (name in found and not found[name]["id"]):
                found[name] = _person(name, {**award, "name": name}, vocabulary, None)
    return sorted(found.values(), key=lambda p: p["name"].split()[-1:] + [p["name"]])


def _person(value: str, data, vocabulary, record_id: str | None) -> dict:
    role = str(data.get("role") or "")
    unit = str(data.get("unit") or "")
    role_label = vocabulary.lists.get("roles", {}).get(role)
    described = ", ".join(x for x in (role_label.label if role_label else role, unit) if x)
    name = str(data.get("name"))
    label = f"{name} — {described}" if record_id else described
    if record_id:
        label += " (hồ sơ gương điển hình)"
    return {"name": name, "id": record_id, "role": role, "unit": unit,
            "option": {"value": value, "label": label or name}}


def people_completion(root: Path):
    """For an award the form adds: the role and unit of a recipient named as in an earlier
    roll, when the form left them empty (an exemplar's id needs none: its record has them)."""
    def complete(path: tuple, item: dict) -> dict:
        if path != (kinds.HONOUR_ROLL.items,) or item.get("role") or item.get("unit"):
            return item
        vocabulary = load_vocabulary(Path(root), Problems())
        if vocabulary is None:
            return item
        known = {p["option"]["value"]: p for p in people(Path(root), vocabulary)}
        person = known.get(str(item.get("recipient") or "").strip())
        if not person or person["id"]:
            return item
        extra = {k: person[k] for k in ("role", "unit") if person[k]}
        after = "kind" if item.get("kind") else "recipient"   # where the declaration has them
        ordered = {}
        for key, value in item.items():
            if key not in extra:
                ordered[key] = value
            if key == after:
                ordered.update(extra)
        return ordered
    return complete

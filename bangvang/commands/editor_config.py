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
from bangvang.records.fields import (Choice, Date, Field, Flag, Integer, List, Mapping, Number, PhotoName, Private, Ref, SchoolYear, Vocab)
from bangvang.problems import Problems

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")   # the only hosts the editor answers
DECAP_VERSION = "3.16.3"        # pinned; installed by `make editor` (Makefile)
# Labels of fields whose help is a legend of values ("published: công bố; draft: …").
LEGEND = re.compile(r"^[a-z_-]+: ")
LEGEND_LABELS = {"status": "Trạng thái", "kind": "Cá nhân hay tập thể"}
DATE_FORMAT = "DD/MM/YYYY"      # what the team writes; text.parse_date reads it


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
    return re.split(r"; |, ví dụ | \(|: ", help_text, maxsplit=1)[0]


def _legend(declared: Choice) -> dict[str, str]:
    """"published: công bố; draft: bản nháp, …" → {"published": "công bố", …}."""
    found = dict(re.findall(r"([a-z_-]+): ([^;,]+)", declared.help or ""))
    return {choice: found.get(choice, choice) for choice in declared.choices}


def _widget(declared: Field, vocabulary) -> dict:
    """The Decap widget of one declared field (without name and label)."""
    if isinstance(declared, Vocab):
        return {"widget": "select", "options": [
            {"label": term.label, "value": term.key}
            for term in vocabulary.lists.get(declared.vocab, {}).values()]}
    if isinstance(declared, Choice):
        return {"widget": "select", "options": [
            {"label": label, "value": key} for key, label in _legend(declared).items()]}
    if isinstance(declared, Ref):
        identifier = _identifier(kinds.KINDS[declared.kind])
        return {"widget": "relation", "collection": declared.kind, "value_field": "{{slug}}",
                "search_fields": [identifier], "display_fields": [identifier]}
    if isinstance(declared, PhotoName):   # upload or pick; the record keeps the bare name
        return {"widget": "image", "media_folder": "/" + declared.folder, "public_folder": "",
                "choose_url": False}
    if isinstance(declared, Date):
        return {"widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT,
                "time_format": False}
    if isinstance(declared, SchoolYear):
        return {"widget": "string", "pattern": [r"^\d{4}-\d{4}$", "Ví dụ 2024-2025"]}
    if isinstance(declared, (Integer, Number)):
        extra = {"min": declared.minimum, "max": declared.maximum} \
            if isinstance(declared, Integer) else {}
        return {"widget": "number", "value_type": "int" if isinstance(declared, Integer)
                else "float", **extra}
    if isinstance(declared, Flag):
        return {"widget": "boolean"}
    if isinstance(declared, Mapping):     # TextOrMapping too: the full group
        return {"widget": "object", "collapsed": False,
                "fields": _fields(declared.fields, vocabulary)}
    if isinstance(declared, List):
        return _list_widget(declared, vocabulary)
    return {"widget": "string"}


def _list_widget(declared: List, vocabulary) -> dict:
    item = declared.item
    if isinstance(item, Ref):
        return {**_widget(item, vocabulary), "multiple": True}
    if isinstance(item, Mapping):
        return {"widget": "list", "collapsed": True, "fields": _fields(item.fields, vocabulary)}
    return {"widget": "list", "field": {"name": "item", "label": _label("item", item)
                                        if item.help else "Mục", **_widget(item, vocabulary)}}


def _fields(spec: dict[str, Field], vocabulary) -> list[dict]:
    result = []
    for name, declared in spec.items():
        if isinstance(declared, Private):
            continue   # free-form private notes stay in the file as written, never in a form
        field = {"name": name, "label": _label(name, declared), "required": declared.required,
                 **_widget(declared, vocabulary)}
        if declared.help and declared.help != field["label"]:
            field["hint"] = declared.help
        if name == "status" and isinstance(declared, Choice) and "draft" in declared.choices:
            field["default"] = "draft"   # a new record is a draft until the team publishes it
        result.append(field)
    return result


def _identifier(kind: kinds.Kind) -> str:
    for name in ("name", "title", "school_year"):
        if name in kind.fields:
            return name
    return next(iter(kind.fields))


def _collection(kind: kinds.Kind, vocabulary) -> dict:
    fields = _fields(kind.fields, vocabulary)
    if kind is kinds.NEWS:   # the blog plugin reads a post's date itself: ISO, as it wants
        for field in fields:
            if field.get("widget") == "datetime":
                field.update(format="YYYY-MM-DD", date_format="YYYY-MM-DD")
    if kind.has_body:
        fields.append({"name": "body", "label": "Nội dung", "widget": "markdown",
                       "required": False, "modes": ["raw", "rich_text"]})
    ending = kind.endings[0].lstrip(".")
    return {"name": kind.name, "label": kind.label[:1].upper() + kind.label[1:],
            "label_singular": kind.label, "folder": kind.folder, "extension": ending,
            "format": "frontmatter" if kind.has_body else "yaml", "create": True,
            "identifier_field": _identifier(kind), "fields": fields,
            "editor": {"preview": False}}   # the real preview is the site itself


def cms_config(root: Path, base_url: str) -> dict:
    """Decap's config.yml (as JSON, which is YAML), one collection per declared kind."""
    vocabulary = load_vocabulary(Path(root), Problems())
    if vocabulary is None:
        return {}
    return {
        "locale": "vi",
        "backend": {"name": "git-gateway"},     # replaced by the local backend below
        "local_backend": {"url": f"{base_url}/admin/api/v1",
                          "allowed_hosts": [h.strip("[]") for h in LOCAL_HOSTS]},
        "publish_mode": "simple",
        "load_config_file": False,
        "media_folder": kinds.PHOTO_FOLDER,
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [_collection(kind, vocabulary) for kind in kinds.ALL_KINDS.values()],
    }


# ------------------------------------------------------------------ the files it may touch

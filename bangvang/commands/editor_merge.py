"""A save from the /admin/ editor changes only what was edited.

Decap CMS serialises the whole entry from its form on every save: the keys in the form's order,
its own quoting, no comments. Written as it comes, every save would be a noisy diff (private
notes moved to the top, `school_year` unquoted, the roll's flow-style decisions unfolded). So
the API merges what Decap sends into the file as it is on disk, with ruamel.yaml's round-trip
mode (comments, key order, quoting and flow style kept): values that did not change keep their
text, changed values keep the old value's quoting, new list items take the style of their
neighbours, and a save of an unchanged record writes the same bytes.
"""
from __future__ import annotations

import datetime
import difflib
import io
import json
import re
from typing import Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, LiteralScalarString,
                                      SingleQuotedScalarString)

FRONT = re.compile(r"\A(---[ \t]*\n)(.*?)(^(?:---|\.\.\.)[ \t]*(?:\n|\Z))(.*)\Z", re.S | re.M)
EMPTY = (None, "", [], {})
YAML11_BOOLEANS = {word: True for word in ("yes", "on", "y", "true")} | \
    {word: False for word in ("no", "off", "n", "false")}
QUOTED = (DoubleQuotedScalarString, SingleQuotedScalarString)
# Called for each list item the save adds: (path of keys to the list, the item) → the item.
Complete = Callable[[tuple, dict], dict]


def _yaml(text: str) -> YAML:
    """A round-trip YAML with the file's own indentation (read from its first nested list and
    mapping) and no line folding."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100000
    dash = re.search(r"^( *)[^\s#-][^\n]*:[ \t]*\n( *)- ", text, re.M)
    offset = max(len(dash.group(2)) - len(dash.group(1)), 0) if dash else 2
    nested = re.search(r"^( *)[^\s#-][^\n]*:[ \t]*\n( *)[^\s#-]", text, re.M)
    mapping = len(nested.group(2)) - len(nested.group(1)) if nested else 2
    yaml.indent(mapping=mapping if mapping > 0 else 2, sequence=offset + 2, offset=offset)
    return yaml


def _plain(value):
    """Nested dicts, lists and plain scalars of a loaded document (for comparing)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, str) and not isinstance(value, QUOTED):
        # The project reads records as YAML 1.1 (PyYAML): `applied: yes` is true there, and
        # Decap, reading YAML 1.2, may send it back as true or as "yes".
        return YAML11_BOOLEANS.get(value.lower(), str(value))
    return str(value) if isinstance(value, str) else value


def _same(old, new) -> bool:
    return _plain(old) == _plain(new)


def _styled(new, like=None):
    """`new` as ruamel values written in the style of `like` (the value it replaces, or the
    same field of a neighbouring list item): quoting, flow style, literal blocks."""
    if isinstance(new, dict):
        result = CommentedMap()
        for key, value in new.items():
            if value not in EMPTY:
                result[key] = _styled(value, like.get(key) if isinstance(like, dict) else None)
        if isinstance(like, CommentedMap) and like.fa.flow_style():
            result.fa.set_flow_style()
        return result
    if isinstance(new, list):
        first = like[0] if isinstance(like, list) and like else None
        result = CommentedSeq(_styled(item, first) for item in new)
        if isinstance(like, CommentedSeq) and like.fa.flow_style():
            result.fa.set_flow_style()
        return result
    if isinstance(new, str):
        if "\n" in new.rstrip("\n") or isinstance(like, LiteralScalarString):
            return LiteralScalarString(new) if "\n" in new else new
        for style in (DoubleQuotedScalarString, SingleQuotedScalarString):
            if isinstance(like, style):
                return style(new)
    return new


def _merge_map(old: CommentedMap, new: dict, path: tuple, complete: Complete | None) -> None:
    for key in list(old):
        if key not in new or new[key] in EMPTY:
            if old[key] not in EMPTY:     # cleared in the form (an empty old value stays)
                del old[key]
    previous = None
    for key, value in new.items():
        if key in old:
            old[key] = _merged(old[key], value, path + (key,), complete)
        elif value not in EMPTY:
            position = list(old).index(previous) + 1 if previous in old else len(old)
            old.insert(position, key, _styled(value))
        if key in old:
            previous = key


def _key(item) -> str:
    return json.dumps(_plain(item), sort_keys=True, ensure_ascii=False, default=str)


def _merge_list(old: CommentedSeq, new: list, path: tuple, complete: Complete | None) -> None:
    """Items aligned by content: unchanged ones keep their text, an edited one is merged in
    place, added ones are inserted where the form put them."""
    matcher = difflib.SequenceMatcher(None, [_key(i) for i in old], [_key(i) for i in new],
                                      autojunk=False)
    shift = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        for n in range(paired):
            at = i1 + shift + n
            old[at] = _merged(old[at], new[j1 + n], path + (at,), complete)
        for n in range(i2 - i1 - paired):        # removed in the form
            del old[i1 + shift + paired]
        for n in range(j2 - j1 - paired):         # added in the form
            at = i1 + shift + paired + n
            item = new[j1 + paired + n]
            if complete and isinstance(item, dict):
                item = complete(path, item)
            neighbour = old[at - 1] if at > 0 else (old[at] if len(old) > at else None)
            old.insert(at, _styled(item, neighbour))
        shift += (j2 - j1) - (i2 - i1)


def _merged(old, new, path: tuple = (), complete: Complete | None = None):
    if _same(old, new) or _one_line(old, new):
        return old
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        _merge_map(old, new, path, complete)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        _merge_list(old, new, path, complete)
        return old
    return _styled(new, old)


def _one_line(old, new) -> bool:
    """A one-line value (a plan's target written as text) that the form held as a group of one
    field (for_form): unchanged."""
    if not isinstance(old, str) or not isinstance(new, dict):
        return False
    filled = [value for value in new.values() if value not in EMPTY]
    return len(filled) == 1 and _same(old, filled[0])


def _expand(value, shape):
    """`value` with its one-line values (for TextOrMapping fields, shape from editor_config)
    made groups of their text field, which is how the form can show them."""
    if isinstance(shape, list):
        return [_expand(item, shape[0]) for item in value] if isinstance(value, list) else value
    if isinstance(value, str) and "_text" in shape:
        return {shape["_text"]: value}
    if isinstance(value, dict):
        for key, inner in shape.items():
            if key != "_text" and key in value:
                value[key] = _expand(value[key], inner)
    return value


def for_form(text: str, has_body: bool, shape: dict) -> str:
    """The record as the form is given it: one-line targets and results as groups (Decap's
    object widget cannot hold a text); a save puts them back as they were (_one_line)."""
    if not shape:
        return text
    try:
        parts = _split(text) if has_body else ("", text, "", "")
        if parts is None:
            return text
        yaml = _yaml(parts[1])
        data = yaml.load(parts[1])
        if not isinstance(data, dict):
            return text
        out = io.StringIO()
        yaml.dump(_expand(data, shape), out)
    except YAMLError:
        return text
    return parts[0] + out.getvalue() + parts[2] + parts[3]


def merge_yaml(old_text: str, new_text: str, complete: Complete | None = None) -> str:
    """The YAML document `old_text` changed to hold what `new_text` holds, as few lines changed
    as possible. YAMLError when either cannot be read."""
    new = YAML(typ="safe", pure=True).load(new_text) or {}
    yaml = _yaml(old_text)
    old = yaml.load(old_text)
    if _same(old, new):
        return old_text
    if not isinstance(old, CommentedMap) or not isinstance(new, dict):
        return new_text
    _merge_map(old, new, (), complete)
    out = io.StringIO()
    yaml.dump(old, out)
    result = out.getvalue()
    # What is written must say what the form said (a style ruamel cannot write back, say):
    # otherwise Decap's own text is written.
    if _plain(YAML(typ="safe", pure=True).load(result)) != _plain(old):
        return new_text
    return result


def _split(text: str) -> tuple[str, str, str, str] | None:
    match = FRONT.match(text)
    return match.groups() if match else None


def merge_saved(old_text: str, new_text: str, has_body: bool,
                complete: Complete | None = None) -> str:
    """The file to write for a save of `new_text` (Decap's) over `old_text` (on disk): the old
    file's text wherever the form did not change it. Decap's text itself when the old file
    cannot be read as a record (the form is then fixing it)."""
    crlf = "\r\n" in old_text
    old_text = old_text.replace("\r\n", "\n")
    new_text = new_text.replace("\r\n", "\n")
    try:
        if not has_body:
            merged = merge_yaml(old_text, new_text, complete)
        else:
            old_parts, new_parts = _split(old_text), _split(new_text)
            if old_parts is None or new_parts is None:
                return new_text
            opening, front, closing, body = old_parts
            merged_front = merge_yaml(front, new_parts[1], complete) if front.strip() else \
                new_parts[1]
            merged = opening + merged_front + closing + _body(body, new_parts[3])
    except YAMLError:
        return new_text
    return merged.replace("\n", "\r\n") if crlf else merged


def _body(old: str, new: str) -> str:
    """The old body when only blank lines around it differ; else the new one, with the old
    blank lines before it and one line ending after it."""
    if old.strip("\n") == new.strip("\n"):
        return old
    lead = old[:len(old) - len(old.lstrip("\n"))] if old.strip() else "\n"
    return lead + new.strip("\n") + "\n"


def complete_new(new_text: str, has_body: bool, complete: Complete) -> str:
    """A new record as Decap wrote it, its list items completed as a save into an existing
    file completes the items it adds (an award's role and unit); unchanged when none is."""
    parts = _split(new_text) if has_body else ("", new_text, "", "")
    if parts is None:
        return new_text
    try:
        yaml = _yaml(parts[1])
        data = yaml.load(parts[1])
    except YAMLError:
        return new_text
    if not isinstance(data, CommentedMap):
        return new_text
    changed = False
    for key, value in data.items():
        if isinstance(value, CommentedSeq):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    done = complete((key,), dict(item))
                    if done != dict(item):
                        value[index] = _styled(done, item)
                        changed = True
    if not changed:
        return new_text
    out = io.StringIO()
    yaml.dump(data, out)
    return parts[0] + out.getvalue() + parts[2] + parts[3]

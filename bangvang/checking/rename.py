"""`bangvang rename <id> <new-id>`: give a record a new id (its file name) without breaking
anything that points at it.

What points at a record is found from the kind declarations, not from a hand list: every
`Ref` and `NameOrRef` field (kinds.py) of every kind whose target is the record's kind (an
exemplar's campaigns, an award's recipient and campaign, a contest entry's subject, a plan's
campaigns and basis…), plus links to its page in news posts and hand-written pages. Each
change is made on the line the loader read the value from, so comments and layout stay as
written. The page's old URL keeps answering through a redirect (data/redirects.yml), and a
redirect that pointed at the old URL is pointed at the new one (no chains).

A rename already done by hand (the file has the new name, the old one is gone) is completed
the same way: references, links and the redirect. `check` suggests the command then.
"""
from __future__ import annotations

import codecs
import contextlib
import difflib
import re
import signal
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bangvang.records import kinds
from bangvang.checking import permalinks
from bangvang.pages import urls
from bangvang.records.fields import Field, List, Mapping, NameOrRef, Ref
from bangvang.records.loader import RawRecord, load_records
from bangvang.problems import Problems
from bangvang.records.encoding import EncodingProblem, decode
from bangvang.records.safepath import PathProblem, read_project_bytes

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Kinds whose id is more than a name: an honour roll's file name is its school year.
FIXED_ID = {"honour_roll": "tên tệp bảng vàng là năm học của nó; hãy sửa `school_year`"}


class RenameError(ValueError):
    """The rename cannot be done; the message is Vietnamese."""


@dataclass
class Change:
    file: str                 # relative path
    line: int | None
    what: str                 # Vietnamese, for the report


@dataclass
class Plan:
    kind: kinds.Kind
    old: str
    new: str
    move: tuple[str, str] | None = None          # old path → new path (None: done by hand)
    edits: dict[str, dict[int, str]] = field(default_factory=dict)   # file → {line: new text}
    changes: list[Change] = field(default_factory=list)
    redirect: tuple[str, str] | None = None


def ref_paths(spec: dict[str, Field], target: str, prefix: tuple = ()) -> list[tuple]:
    """Paths (field names, "*" for list items) of every field that may hold an id of `target`."""
    found = []
    for name, declared in spec.items():
        found += _paths(declared, target, prefix + (name,))
    return found


def _paths(declared: Field, target: str, path: tuple) -> list[tuple]:
    if isinstance(declared, (Ref, NameOrRef)):
        return [path] if declared.kind == target else []
    if isinstance(declared, List):
        return _paths(declared.item, target, path + ("*",))
    if isinstance(declared, Mapping):
        return ref_paths(declared.fields, target, path)
    return []


def _values(data, path: tuple, line: int | None = None):
    """(line, value) of every scalar at `path` in a record's data."""
    if not path:
        if isinstance(data, str):
            yield line, data
        return
    head, rest = path[0], path[1:]
    if head == "*":
        items = data if isinstance(data, list) else [data] if isinstance(data, str) else []
        lines = getattr(data, "lines", None)
        for index, item in enumerate(items):
            item_line = getattr(item, "line", None) or (lines[index] if lines else line)
            yield from _values(item, rest, item_line)
    elif isinstance(data, dict) and head in data:
        yield from _values(data[head], rest, data.line_of(head))


# ------------------------------------------------------------------ planning

def _find(records: list[RawRecord], unreadable: set, old: str, new: str,
          kind_name: str | None) -> tuple[RawRecord, bool]:
    """The record to rename and whether its file still has the old name."""
    def of(record_id):
        return [r for r in records if r.id == record_id and kind_name in (None, r.kind)]
    if any(i == old and kind_name in (None, k) for k, i in unreadable):
        raise RenameError(f"hồ sơ mã “{old}” đang có lỗi nên chưa đọc được; hãy chạy "
                          "`bangvang check`, sửa lỗi rồi đổi tên")
    for found, moved in ((of(old), False), (of(new), True)):
        if len(found) > 1:
            where = ", ".join(r.path for r in found)
            raise RenameError(f"mã “{found[0].id}” có ở nhiều loại hồ sơ ({where}); hãy ghi thêm "
                              "--loai, ví dụ --loai exemplar")
        if found:
            return found[0], moved
    raise RenameError(f"không có hồ sơ nào mã “{old}” (mã là tên tệp không có đuôi)")


def _page_url(kind: kinds.Kind, record: RawRecord, record_id: str) -> str | None:
    if not kind.url:
        return None
    try:
        return urls.url_for(kind.url, **kind.url_params(record_id, record.data))
    except urls.UnsafeURL:
        return None


class _Files:
    """Text of the files being edited, read once, lines kept with their endings.

    Read as the loader reads them (safepath, then encoding.decode), so any file `check`
    accepts can be renamed in. A UTF-8 file keeps its bytes but for the edited lines (its BOM
    and line endings too); any other file `check` accepts (UTF-16, as Notepad saves
    "Unicode") is written back in UTF-8, the project's encoding, which every editor and
    `check` read. Lines are split on "\n" only, as the loader counts them."""

    def __init__(self, root: Path):
        self.root, self.lines, self.bom = root, {}, {}

    def get(self, relative: str) -> list[str]:
        if relative not in self.lines:
            try:
                data = read_project_bytes(self.root, relative)
                text = _utf8_as_written(data)
                if text is None:
                    text = decode(data)
            except (PathProblem, EncodingProblem) as error:
                raise RenameError(f"không đọc được {relative} ({error})") from None
            self.bom[relative] = data.startswith(codecs.BOM_UTF8)
            self.lines[relative] = re.split(r"(?<=\n)(?=.)", text, flags=re.DOTALL)
        return self.lines[relative]

    def encoded(self, relative: str, text: str) -> bytes:
        return (codecs.BOM_UTF8 if self.bom.get(relative) else b"") + text.encode("utf-8")


def _utf8_as_written(data: bytes) -> str | None:
    """The text of a UTF-8 file as it is on disk (line endings kept), or None when it must be
    decoded as the loader does (another encoding, or a lone "\r" the loader counts as a line
    break)."""
    try:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if "\r" in text.replace("\r\n", "") else text


def _token(value: str) -> re.Pattern:
    return re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(value)}(?![A-Za-z0-9_-])")


def _references(plan: Plan, records: list[RawRecord], files: _Files) -> None:
    for record in records:
        for path in ref_paths(kinds.KINDS[record.kind].fields, plan.kind.name):
            for line, value in _values(record.data, path):
                if value.strip() != plan.old or not line:
                    continue
                shown = ".".join(p for p in path if p != "*")
                _edit_line(plan, files, record.path, line, _token(plan.old), plan.new,
                           f"{shown}: {plan.old} → {plan.new}")


def _edit_line(plan: Plan, files: _Files, relative: str, line: int, pattern: re.Pattern,
               replacement: str, what: str) -> None:
    lines = files.get(relative)
    current = plan.edits.get(relative, {}).get(line, lines[line - 1])
    changed = pattern.sub(replacement, current)
    if changed != current:
        plan.edits.setdefault(relative, {})[line] = changed
        plan.changes.append(Change(relative, line, what))


def _links(plan: Plan, root: Path, files: _Files, old_url: str, new_url: str) -> None:
    """Links to the page in news posts and hand-written pages ("../../guong-dien-hinh/x.md")."""
    pattern = re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(old_url.rstrip('/'))}(?=\.md|/)")
    folder = root / "content"
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(root).as_posix()
        for number, text in enumerate(files.get(relative), start=1):
            if pattern.search(text):
                _edit_line(plan, files, relative, number, pattern, new_url.rstrip("/"),
                           f"liên kết tới trang: {old_url} → {new_url}")


def plan_rename(root: Path, old: str, new: str, kind_name: str | None = None) -> Plan:
    """Everything the rename would change, without writing; RenameError when it cannot."""
    root = Path(root)
    if not ID.match(new):
        raise RenameError(f"mã mới “{new[:80]}” chưa đúng: chỉ chữ thường không dấu, số và gạch "
                          "ngang, ví dụ nguyen-van-an")
    if old == new:
        raise RenameError("mã mới trùng mã cũ")
    records, unreadable = load_records(root, Problems())
    record, moved = _find(records, unreadable, old, new, kind_name)
    kind = kinds.KINDS[record.kind]
    if kind.name in FIXED_ID:
        raise RenameError(f"không đổi mã được: {FIXED_ID[kind.name]}")
    plan = Plan(kind, old, new)
    if not moved:
        if any(r.id == new and r.kind == kind.name for r in records):
            raise RenameError(f"đã có {kind.label} mã “{new}”; hãy chọn mã khác")
        folder, _, name = record.path.rpartition("/")
        target = f"{folder}/{new}{name[len(old):]}"
        plan.move = (record.path, target)
        plan.changes.append(Change(record.path, None, f"đổi tên tệp thành {target}"))
    files = _Files(root)
    _references(plan, records, files)
    old_url, new_url = _page_url(kind, record, old), _page_url(kind, record, new)
    if old_url and new_url:
        _links(plan, root, files, old_url, new_url)
        _redirect(plan, root, urls.clean(old_url), urls.clean(new_url))
    return plan


def _redirect(plan: Plan, root: Path, old_url: str, new_url: str) -> None:
    published = permalinks.read_published(root, Problems())
    redirects = permalinks.read_redirects(root, Problems())
    if old_url in published and old_url not in redirects:
        plan.redirect = (old_url, new_url)
        plan.changes.append(Change(permalinks.REDIRECTS_FILE, None,
                                   f"thêm chuyển hướng {old_url} → {new_url} (địa chỉ cũ vẫn mở "
                                   "được)"))
    if (Path(root) / permalinks.REDIRECTS_FILE).is_file() and old_url in redirects.values():
        files = _Files(root)
        for number, text in enumerate(files.get(permalinks.REDIRECTS_FILE), start=1):
            if re.search(rf":\s*[\"']?{re.escape(old_url)}[\"']?\s*(#.*)?$", text):
                left, _, right = text.partition(":")   # the old address on the left stays
                plan.edits.setdefault(permalinks.REDIRECTS_FILE, {})[number] = \
                    left + ":" + right.replace(old_url, new_url)
                plan.changes.append(Change(permalinks.REDIRECTS_FILE, number,
                                           f"chuyển hướng cũ nay dẫn thẳng tới {new_url}"))


# ------------------------------------------------------------------ doing it

def _contents(root: Path, plan: Plan) -> dict[str, bytes]:
    """The new bytes of every file the plan changes."""
    files = _Files(root)
    texts = {}
    for relative, edits in plan.edits.items():
        lines = list(files.get(relative))
        for number, text in edits.items():
            lines[number - 1] = text
        texts[relative] = "".join(lines)
    if plan.redirect:
        relative = permalinks.REDIRECTS_FILE
        before = texts.get(relative)
        if before is None:
            before = "".join(files.get(relative)) if (root / relative).is_file() else \
                "# Địa chỉ cũ: địa chỉ mới. Người đọc mở địa chỉ cũ được chuyển sang trang mới.\n"
        old, new = plan.redirect
        texts[relative] = before + ("" if before.endswith("\n") else "\n") + \
            f"{old}: {new}   # bangvang rename {plan.old} {plan.new}\n"
    return {relative: files.encoded(relative, text) for relative, text in texts.items()}


def _temporary(root: Path, relative: str, data: bytes) -> Path:
    """The new content beside the file, not yet in its place."""
    target = Path(root) / relative
    if target.is_symlink():
        raise RenameError(f"{relative} là một liên kết; không sửa")
    temporary = target.with_name(f".{target.name}.bangvang-rename")
    temporary.write_bytes(data)
    return temporary


def _replace(temporary: Path, target: Path) -> None:
    temporary.replace(target)


@contextlib.contextmanager
def _interrupt_after():
    """Ctrl-C waits until the block is done (files are never left half renamed); the block's
    `interrupted()` says whether it was pressed. Only the main thread can hold signals."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    pressed = []
    previous = signal.signal(signal.SIGINT, lambda *_: pressed.append(True))
    try:
        yield lambda: bool(pressed)
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None
                      else signal.default_int_handler)


def apply(root: Path, plan: Plan) -> None:
    """Do the plan, all or nothing as far as Ctrl-C goes: every new content is written beside
    its file first (an interruption then removes them and nothing has changed), then the
    files are put in place and the record moved with Ctrl-C held until all is done."""
    root = Path(root)
    contents = _contents(root, plan)
    if plan.move and (root / plan.move[1]).exists():
        raise RenameError(f"{plan.move[1]} đã có; không ghi đè")
    temporaries: dict[str, Path] = {}
    try:
        for relative, data in contents.items():
            temporaries[relative] = _temporary(root, relative, data)
    except BaseException:     # Ctrl-C or a full disk: nothing in place yet, nothing left over
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        raise
    with _interrupt_after() as interrupted:
        for relative, temporary in temporaries.items():
            _replace(temporary, root / relative)
        if plan.move:
            (root / plan.move[0]).rename(root / plan.move[1])
    if interrupted():
        print(f"Đã đổi xong mã “{plan.old}” thành “{plan.new}” (mọi tệp đã sửa) trước khi dừng; "
              "hãy chạy `bangvang check`.", file=sys.stderr)
        raise KeyboardInterrupt


def report(plan: Plan, dry_run: bool) -> str:
    verb = "Sẽ" if dry_run else "Đã"
    lines = [f"{verb} đổi mã {plan.kind.label} “{plan.old}” thành “{plan.new}”:"]
    if plan.move is None:
        lines.append(f"  (tệp đã mang tên mới; {verb.lower()} sửa các chỗ còn dẫn tới mã cũ)")
    for change in plan.changes:
        where = f"{change.file}:{change.line}" if change.line else change.file
        lines.append(f"  {where}: {change.what}")
    if dry_run:
        lines.append("Chưa ghi gì. Chạy lại không có --dry-run để đổi.")
    return "\n".join(lines)


def suggestion(old: str, candidates) -> str:
    """The command that finishes the rename of `old` into the closest of `candidates` ("" when
    nothing is close). It decides on spelling alone: callers that know more use `hint` (records)
    or `vanished_url_hint` (published addresses), which suggest it only on evidence."""
    close = _closest(old, candidates)
    return _rename_sentence(old, close) if close else ""


def _closest(old: str, candidates) -> str | None:
    close = difflib.get_close_matches(old, sorted(set(candidates) - {old}), n=1, cutoff=0.6)
    return close[0] if close else None


def _rename_sentence(old: str, new: str) -> str:
    return (f"có vẻ hồ sơ đã được đổi tên thành “{new}”: chạy `bangvang rename {old} {new}` "
            "để sửa mọi chỗ dẫn tới nó và giữ địa chỉ cũ bằng chuyển hướng. ")


def _spelling_sentence(old: str, candidates) -> str:
    close = difflib.get_close_matches(old, sorted(set(candidates) - {old}), n=1, cutoff=0.5)
    return f"có phải ý bạn là “{close[0]}”? " if close else ""


def renamed_to(kind: kinds.Kind, old: str, candidates, published: set[str],
               fits: Callable[[str], bool] = lambda new: True) -> str | None:
    """The id `old` was renamed to, only on evidence, else None. A rename suggestion acts: the
    command redirects the old page to the new one, so it must never name somebody else's
    record (a deleted story is not renamed into another child's). Evidence: `old`'s page was
    published (a record had that id; a typo never did), the candidate's page was not (its
    file appeared since; a record already published under its own id is another record),
    and what the records citing `old` say of it fits the candidate (`fits`: the same kind of
    person on an award line)."""
    if not kind.url or kind.url_fields or not ID.match(old):
        return None

    def url(record_id: str) -> str:
        return urls.clean(urls.url_for(kind.url, id=record_id))
    if url(old) not in published:
        return None
    # Files refused for their name are registered under it too (validate.build_catalog).
    new = [c for c in set(candidates) - {old}
           if ID.match(c) and url(c) not in published and fits(c)]
    return _closest(old, new)


def hint(kind: kinds.Kind, old: str, candidates, published: set[str],
         fits: Callable[[str], bool] = lambda new: True) -> str:
    """For `check`, after “no record with id `old`”: the rename command when `renamed_to`
    finds one, else a spelling suggestion ("có phải ý bạn là …?"), else ""."""
    new = renamed_to(kind, old, candidates, published, fits)
    return _rename_sentence(old, new) if new else _spelling_sentence(old, candidates)


def vanished_url_hint(url: str, current: set[str], published: set[str]) -> str:
    """For a published address that vanished (permalinks.py): the rename command when a page
    of the same folder with a close name is new (never published), else "": a page published
    under its own address is another record, never the vanished one's new name."""
    folder, _, name = url.strip("/").rpartition("/")
    if not folder:
        return ""
    fresh = {u.strip("/").rpartition("/")[2] for u in current - set(published)
             if u.strip("/").rpartition("/")[0] == folder}
    return suggestion(name, fresh - {name})

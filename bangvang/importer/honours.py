"""The honour roll of a school year (exemplars/honours/<year>.yml), appended to in place.

The existing text is kept byte for byte: new awards are added after the last item of
`awards:`, in the style of the demo files (one mapping per item, `decision` as a flow
mapping, numbers and reasons quoted), with the file's own indentation, line endings and BOM.
The result is parsed again before it is written; the write is atomic (temporary file, then
replace) and the previous version is kept in backups/.

Which awards are already present is decided in identity.py, by the site's rule of who is
the same person.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from bangvang.records.encoding import EncodingProblem, decode
from bangvang.records.yamlload import YamlProblem, load_yaml
from .reading import ImportFailure

FOLDER = "exemplars/honours"
_TOP_KEY = re.compile(r"^[A-Za-z_\"'][^:#]*:")
_AWARDS = re.compile(r"^awards[ \t]*:[ \t]*(?P<rest>[^#\r\n]*?)[ \t]*(#.*)?$", re.M)
_ITEM = re.compile(r"^(?P<indent>[ \t]*)-[ \t]", re.M)


@dataclass
class Roll:
    path: Path
    shown: str                          # exemplars/honours/2024-2025.yml
    school_year: str
    text: str = ""
    exists: bool = False
    bom: bool = False
    newline: str = "\n"
    count: int = 0                       # awards already in the file
    items: list = field(default_factory=list)   # (award, line) of each existing award


def roll_path(root: Path, year: str) -> Path:
    folder = Path(root) / FOLDER
    for suffix in (".yml", ".yaml"):
        if (folder / f"{year}{suffix}").exists():
            return folder / f"{year}{suffix}"
    return folder / f"{year}.yml"


def open_roll(root: Path, year: str) -> Roll:
    path = roll_path(root, year)
    roll = Roll(path, f"{FOLDER}/{path.name}", year)
    if not path.exists():
        return roll
    try:
        data = path.read_bytes()
        text = decode(data)
        parsed = load_yaml(text)
    except (OSError, EncodingProblem) as error:
        raise ImportFailure(f"{roll.shown}: không đọc được tệp bảng vàng đã có ({error}); "
                            "chưa ghi gì") from None
    except YamlProblem as problem:
        raise ImportFailure(f"{roll.shown}:{problem.line or ''}: tệp bảng vàng đã có bị lỗi "
                            f"({problem}); hãy sửa (chạy `bangvang check`) rồi nhập lại. Chưa "
                            "ghi gì") from None
    roll.bom = data.startswith(b"\xef\xbb\xbf")
    try:   # the text exactly as stored (no NFC, line endings kept): it is written back as is
        roll.exists, roll.text = True, data[3 if roll.bom else 0:].decode("utf-8")
    except UnicodeDecodeError:
        raise ImportFailure(f"{roll.shown}: tệp bảng vàng đã có không ở bảng mã UTF-8; hãy lưu "
                            "lại ở UTF-8 rồi nhập lại. Chưa ghi gì") from None
    roll.newline = "\r\n" if b"\r\n" in data else "\n"
    awards = parsed.get("awards") if isinstance(parsed, dict) else None
    if not isinstance(parsed, dict) or not isinstance(awards, (list, type(None))):
        raise ImportFailure(f"{roll.shown}: tệp bảng vàng đã có không có danh sách `awards:` "
                            "đúng dạng; hãy sửa (chạy `bangvang check`) rồi nhập lại. Chưa ghi gì")
    roll.count = len(awards or [])
    lines = getattr(awards, "lines", [])
    roll.items = [(item, lines[index] if index < len(lines) else None)
                  for index, item in enumerate(awards or []) if isinstance(item, dict)]
    return roll


@lru_cache(maxsize=4096)   # a list repeats its roles, units, titles: parse each text once
def scalar(value: str) -> str:
    """A YAML scalar that reads back as exactly this text: plain when safe, else quoted."""
    try:
        plain = yaml.safe_load(f"k: {value}") == {"k": value}
    except yaml.YAMLError:
        plain = False
    if plain and value == value.strip() and not re.search(r"[:#\[\]{},&*!|>'\"%@`]", value):
        return value
    return quoted(value)


def quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)   # a JSON string is a YAML double-quoted one


def render_item(award: dict, indent: str) -> list[str]:
    """One award as the demo files write it; an award read from a scan is a draft line
    (`status: draft`, not published until checked) listing its doubtful cells in `warnings`
    (never published)."""
    lines = [f"{indent}- recipient: {scalar(award['recipient'])}"]
    inner = indent + "  "
    for name in ("kind", "role", "unit", "title", "form", "level"):
        if award.get(name):
            lines.append(f"{inner}{name}: {scalar(award[name])}")
    decision = award["decision"]
    lines.append(f"{inner}decision: {{number: {quoted(decision['number'])}, "
                 f"date: {decision['date']}}}")
    if award.get("campaign"):
        lines.append(f"{inner}campaign: {scalar(award['campaign'])}")
    if award.get("reason"):
        lines.append(f"{inner}reason: {quoted(award['reason'])}")
    if award.get("consent"):
        lines.append(f"{inner}consent: {award['consent']}")
    if award.get("_scan"):
        lines.append(f"{inner}status: draft")
        doubts = [" ".join(doubt.split()) for doubt in award.get("_doubts", [])]
        if doubts:
            lines.append(f"{inner}warnings:")
            lines += [f"{inner}  - {quoted('Chưa chắc (quét): ' + doubt)}" for doubt in doubts]
    return lines


def appended(roll: Roll, awards: list[dict]) -> str:
    """The file's text with these awards added at the end of `awards:`; every existing
    character is kept (line endings included)."""
    if not roll.exists:   # a new roll of nothing but unchecked scans is not published empty
        draft = all(award.get("_scan") for award in awards)
        head = [f"# Bảng vàng năm học {roll.school_year}", f'school_year: "{roll.school_year}"',
                *(["status: draft"] if draft else []), "awards:"]
        body = [line for award in awards for line in render_item(award, "  ")]
        return "\n".join(head + body) + "\n"
    lines = roll.text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += roll.newline
    start = _awards_line(roll, lines)
    end = next((i for i in range(start + 1, len(lines)) if _TOP_KEY.match(lines[i])), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    found = _ITEM.search("".join(lines[start + 1:end]))
    indent = found.group("indent") if found else "  "
    new = [line + roll.newline for award in awards for line in render_item(award, indent)]
    return "".join(lines[:end] + new + lines[end:])


def _awards_line(roll: Roll, lines: list[str]) -> int:
    for index, line in enumerate(lines):
        match = _AWARDS.match(line.rstrip("\r\n"))
        if match:
            rest = match.group("rest").strip()
            if rest in ("", "[]", "~", "null"):
                if rest:
                    lines[index] = "awards:" + roll.newline
                return index
            break
    raise ImportFailure(f"{roll.shown}: không tìm thấy dòng `awards:` viết theo từng dòng "
                        "“- recipient: …” (danh sách viết gọn trên một dòng chưa được hỗ trợ); "
                        "hãy viết lại theo mẫu rồi nhập lại. Chưa ghi gì")


def verified(roll: Roll, text: str, awards: list[dict]) -> str:
    """The new text, after making sure it reads back as the old awards plus the new ones."""
    try:
        parsed = load_yaml(decode(text.encode("utf-8")))
        items = parsed.get("awards") or []
        ok = len(items) == roll.count + len(awards) and all(
            str(item.get("recipient")) == award["recipient"]
            for item, award in zip(items[roll.count:], awards))
    except (YamlProblem, AttributeError, TypeError):
        ok = False
    if not ok:
        raise ImportFailure(f"{roll.shown}: không ghép được danh sách mới vào tệp (cấu trúc tệp "
                            "lạ). Chưa ghi gì; hãy gửi tệp cho người phụ trách Bảng vàng")
    return text


def write_roll(roll: Roll, text: str, root: Path) -> Path | None:
    """Write atomically; the previous version (if any) is copied to backups/ first."""
    kept = None
    if roll.exists:
        from .cli import _backup     # the plan importer's backups: never overwrite one
        kept = _backup(roll.path, Path(root))
    data = text.encode("utf-8")
    if roll.bom:
        data = b"\xef\xbb\xbf" + data
    roll.path.parent.mkdir(parents=True, exist_ok=True)
    temporary = roll.path.with_name(f".{roll.path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, roll.path)
    finally:
        if temporary.exists():
            temporary.unlink()
    return kept

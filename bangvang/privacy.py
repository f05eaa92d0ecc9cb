"""Hidden names must not be spelled anywhere that is published.

A person whose consent hides their name (initials or none, students by default) may still be
named by a careless author: in their own story, in an award reason, in a contest entry about
them, or in a file name (ids become URLs). `check` refuses every such text with its file and
line. Matching is on folded text (no accents, đ→d, any case) and whole words; a hidden name
is matched whole and by its last two words ("Minh An" of "Nguyễn Minh An"), except where the
words are part of the full name of somebody who is published.
"""
from __future__ import annotations

import re

from .loader import RawRecord
from .problems import Problems
from .text import fold
from .yamlload import LineDict

# Fields that are never published, or that hold the hidden name itself (not shown).
UNPUBLISHED_FIELDS = {"private", "warnings", "name", "recipient"}
COMMON_MIDDLE = {"van", "thi"}   # văn / thị: in half of all names, and in ordinary words


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(name))


class HiddenNames:
    def __init__(self):
        self.names: dict[str, set[str]] = {}   # folded full name → files that hold it
        self.allowed: list[str] = []
        self._pattern: dict[str, int] | None = None
        self._allowed: set[str] = set()

    def add(self, name: str | None, file: str) -> None:
        words = _words(name or "")
        if len(words) >= 2:
            self.names.setdefault(" ".join(words), set()).add(file)
            self._pattern = None

    def allow(self, published_names: list[str]) -> None:
        """Names published in full: their words are not a leak of somebody else's."""
        self.allowed = sorted({" ".join(_words(n)) for n in published_names
                               if len(_words(n)) >= 2} - set(self.names))
        self._pattern = None

    def _spellings(self) -> dict[str, int]:
        """Folded spellings to look for → their length in words."""
        if self._pattern is None:
            spellings = set(self.names) | {" ".join(n.split()[-2:]) for n in self.names}
            self._pattern = {s: len(s.split()) for s in spellings}
            self._allowed = set(self.allowed)
        return self._pattern

    def found(self, text: str) -> str | None:
        """The hidden spelling in `text`, if any (folded). Word n-grams against sets: the
        time grows with the text, not with the number of hidden names."""
        spellings = self._spellings()
        if not spellings or not text:
            return None
        words = re.findall(r"[a-z0-9]+", fold(text))
        sizes = sorted(set(spellings.values()), reverse=True)
        longest = max((len(n.split()) for n in self._allowed), default=0)
        for start in range(len(words)):
            for size in sizes:
                gram = " ".join(words[start:start + size])
                if gram in spellings and not self._inside_allowed(words, start, size, longest):
                    return gram
        return None

    def _inside_allowed(self, words: list[str], start: int, size: int, longest: int) -> bool:
        """Is words[start:start+size] part of the full name of somebody published?"""
        for length in range(size, longest + 1):
            for first in range(max(0, start + size - length), start + 1):
                if " ".join(words[first:first + length]) in self._allowed:
                    return True
        return False

    def scan_text(self, file: str, line: int, field: str | None, text: str,
                  problems: Problems) -> None:
        for offset, row in enumerate(str(text).split("\n")):
            spelled = self.found(row)
            if spelled:
                problems.add(file, line + offset, field, f"đoạn này ghi tên “{spelled}” của một "
                             "người không được công bố họ tên (theo mức đồng ý công bố); hãy bỏ "
                             "tên hoặc chỉ ghi chữ cái đầu")

    def scan_record(self, raw: RawRecord, problems: Problems,
                    ids: frozenset[str] = frozenset()) -> None:
        """`ids`: record ids; a field that is exactly one is a reference, published only as a
        link to a page that is shown (whose own id check_ids checks), so it is not text."""
        if not self.names:
            return
        self._ids = ids
        self._scan_value(raw.path, raw.data, "", problems)
        if raw.body:
            self.scan_text(raw.path, raw.body_line, None, raw.body, problems)

    def _scan_value(self, file: str, value, path: str, problems: Problems, line: int = 0) -> None:
        if isinstance(value, LineDict):
            for key, item in value.items():
                if str(key) in UNPUBLISHED_FIELDS:
                    continue
                self._scan_value(file, item, f"{path}{key}", problems, value.line_of(key))
        elif isinstance(value, list):
            lines = getattr(value, "lines", None)
            for index, item in enumerate(value):
                item_line = getattr(item, "line", None) or (lines[index] if lines else line)
                self._scan_value(file, item, f"{path}[{index + 1}].", problems, item_line)
        elif isinstance(value, str) and value.strip() not in getattr(self, "_ids", ()):
            self.scan_text(file, line, path.rstrip("."), value, problems)

    def check_ids(self, all_ids: dict[str, dict[str, str]], problems: Problems) -> None:
        """A record id (file name, URL) may not spell part of a hidden name: any word of it
        in the person's own files, the whole name anywhere."""
        for full, files in self.names.items():
            words = [w for w in full.split() if w not in COMMON_MIDDLE and len(w) >= 2]
            for kind, ids in all_ids.items():
                for record_id, file in ids.items():
                    parts = set(record_id.split("-"))
                    hits = [w for w in words if w in parts]
                    if hits and (file in files or len(hits) == len(words) >= 2):
                        problems.add(file, None, None, "tên tệp chứa một phần họ tên "
                                     f"(“{'-'.join(hits)}”) của người không được công bố họ tên; "
                                     "tên tệp tạo địa chỉ trang nên sẽ lộ tên. Hãy đổi tên tệp, "
                                     "ví dụ “hs-2024-viec-tot.md”")

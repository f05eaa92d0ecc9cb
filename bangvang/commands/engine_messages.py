"""The site engine's own warnings (MkDocs) in Vietnamese, in the core's `file:line: message` form.

The core checks records and news posts itself; what only MkDocs sees is the school team's
hand-written pages (content/…) and the nav of mkdocs.yml: a broken link, a link to a missing
picture, an anchor that is not there, a page left out of the nav. MkDocs logs those in English
naming only the file. A logging filter on MkDocs' loggers (installed by the glue, hooks/, for
`bangvang build` and the preview alike) rewrites each such record before any handler sees it:
Vietnamese, the line of the link in its file, and what to do. Messages it does not know pass
unchanged. Nothing here imports MkDocs: the messages are matched as text (MkDocs 1.6's
wording, tests/test_engine_messages.py builds a real page to catch a change).
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

# Where MkDocs logs the warnings translated here.
LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav", "mkdocs.structure.files",
           "mkdocs.commands.build")

_LINK = r"^Doc file '(?P<src>.+?)' contains "
_HINT = r"(?: Did you mean '(?P<hint>.*?)'\?)?$"
_PATTERNS = {
    "missing": re.compile(_LINK + r"a link '(?P<url>.*?)', but the target(?: '.*?')? is not found "
                          r"among documentation files\." + _HINT, re.S),
    "unrecognized": re.compile(_LINK + r"an unrecognized relative link '(?P<url>.*?)', it was "
                               r"left as is\." + _HINT, re.S),
    "anchor": re.compile(_LINK + r"a link '(?P<url>.*?)', but the doc '(?P<doc>.+?)' does not "
                         r"contain an anchor '#(?P<anchor>.*?)'\.$", re.S),
    "own_anchor": re.compile(_LINK + r"a link '(?P<url>.*?)', but there is no such anchor on this "
                             r"page\.", re.S),
    "excluded": re.compile(_LINK + r"a link to '(?P<url>.+?)' which is excluded from the built "
                           r"site\.$", re.S),
    "not_in_nav": re.compile(r"^The following pages exist in the docs directory, but are not "
                             r"included in the \"nav\" configuration:\n(?P<pages>.*)$", re.S),
    "nav_missing": re.compile(r"^A reference to '(?P<url>.+?)' is included in the 'nav' "
                              r"configuration, which is not found in the documentation files\.$"),
    "conflict": re.compile(r"^Excluding '(?P<src>.+?)' from the site because it conflicts with "
                           r"'(?P<other>.+?)'\.$"),
}
_ABORT = re.compile(r"^Aborted with (\d+) warnings? in strict mode!$")


class Translator(logging.Filter):
    """Rewrites the known MkDocs records of one project (root, its docs folder)."""

    def __init__(self, root: Path, docs: str = "content", config: str = "mkdocs.yml"):
        super().__init__()
        self.root, self.docs, self.config = Path(root), docs, config
        self._seen: dict[tuple[str, str], int] = {}   # (file, text) → line last reported

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = self.translate(record.getMessage())
        except Exception:   # never lose a warning over its translation
            return True
        if text is not None:
            record.msg, record.args = text, ()
        return True

    def translate(self, message: str) -> str | None:
        for name, pattern in _PATTERNS.items():
            match = pattern.match(message)
            if match:
                return getattr(self, "_" + name)(**match.groupdict())
        return None

    # ------------------------------------------------------------------ one method per message

    def _missing(self, src, url, hint):
        tip = f" Có phải ý bạn là “{hint}”?" if hint else ""
        return (f"{self._where(src, url)}: liên kết “{url}” trỏ tới một trang hoặc tệp không có "
                f"trong thư mục {self.docs}/; hãy sửa đường dẫn (tính từ thư mục của tệp này, "
                f"ví dụ “../gioi-thieu.md”) hoặc xoá liên kết.{tip}")

    def _unrecognized(self, src, url, hint):
        tip = f" Có phải ý bạn là “{hint}”?" if hint else ""
        return (f"{self._where(src, url)}: liên kết “{url}” không trỏ tới tệp nào; liên kết tới "
                f"một trang viết tay phải ghi tên tệp .md (ví dụ “gioi-thieu.md”), liên kết ra "
                f"ngoài phải bắt đầu bằng https://.{tip}")

    def _anchor(self, src, url, doc, anchor):
        return (f"{self._where(src, url)}: liên kết “{url}”: trang {self.docs}/{doc} không có mục "
                f"“#{anchor}”; hãy sửa phần sau dấu # cho đúng một tiêu đề của trang đó (chữ "
                f"thường, không dấu, nối bằng gạch ngang), hoặc bỏ phần đó.")

    def _own_anchor(self, src, url):
        return (f"{self._where(src, url)}: liên kết “{url}”: trang này không có mục đó; hãy sửa "
                f"phần sau dấu # cho đúng một tiêu đề của trang (chữ thường, không dấu, nối bằng "
                f"gạch ngang), hoặc bỏ liên kết.")

    def _excluded(self, src, url):
        return (f"{self._where(src, url)}: liên kết tới “{url}”, một tệp không được đưa lên trang "
                f"web; hãy bỏ liên kết này.")

    def _not_in_nav(self, pages):
        where = self._config_line("nav:", start=True)
        return "\n".join(
            f"{self.docs}/{page}: trang viết tay này chưa có trong mục `nav:` ({where}) nên "
            f"không có trên thanh điều hướng; hãy thêm một dòng `- Tên trang: {page}` vào "
            f"`nav:`, hoặc xoá tệp nếu không cần."
            for page in (p.strip().removeprefix("- ") for p in pages.splitlines()) if page)

    def _nav_missing(self, url):
        return (f"{self._config_line(url)}: mục `nav:` trỏ tới “{url}” nhưng không có tệp "
                f"{self.docs}/{url}; hãy sửa tên tệp cho đúng hoặc xoá dòng này.")

    def _conflict(self, src, other):
        return (f"{self.docs}/{src}: bị bỏ qua vì trùng địa chỉ với {self.docs}/{other} (README.md "
                f"và index.md trong cùng một thư mục); hãy xoá hoặc đổi tên một trong hai tệp.")

    # ------------------------------------------------------------------ where in the files

    def _where(self, src: str, text: str) -> str:
        """“content/a.md:12”: the line of `text` (a link as written) in the hand-written page;
        the next occurrence each time the same link is reported again."""
        file = f"{self.docs}/{src}"
        line = self._line_of(file, text)
        return f"{file}:{line}" if line else file

    def _config_line(self, text: str, start: bool = False) -> str:
        line = self._line_of(self.config, text, start)
        return f"{self.config}:{line}" if line else self.config

    def _line_of(self, file: str, text: str, start: bool = False) -> int | None:
        path = self.root / file
        try:
            if not path.resolve().is_relative_to(self.root.resolve()) or not path.is_file():
                return None
            lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
        except OSError:
            return None
        after = self._seen.get((file, text), 0)
        found = [n for n, line in enumerate(lines, 1)
                 if (line.startswith(text) if start else text in line)]
        line = next((n for n in found if n > after), found[0] if found else None)
        if line:
            self._seen[(file, text)] = line
        return line


def install(root: Path, docs: str | Path = "content") -> Translator:
    """Put one translator on MkDocs' loggers (again for each build: the preview rebuilds).
    `docs`: MkDocs' docs_dir, absolute or relative to the project."""
    root = Path(root).resolve()
    try:
        docs = (root / docs).resolve().relative_to(root).as_posix()
    except ValueError:   # a docs_dir outside the project: name it as configured
        docs = Path(docs).as_posix()
    translator = Translator(root, docs)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if isinstance(f, Translator)]:
            logger.removeFilter(old)
        logger.addFilter(translator)
    return translator


def abort_message(message: str) -> str:
    """MkDocs' “Aborted with 3 warnings in strict mode!” in Vietnamese; others unchanged."""
    match = _ABORT.match(message.strip())
    if not match:
        return message
    return (f"Dừng lại vì {match.group(1)} cảnh báo ở trên: một trang web chỉ được tạo khi không "
            f"còn cảnh báo nào. Hãy sửa theo từng dòng rồi chạy lại.")

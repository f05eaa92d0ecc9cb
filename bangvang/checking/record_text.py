"""The text of a published record, checked for what its page could not show: sample text of a
`bangvang new` scaffold left in («…»), Markdown whose rendering would take minutes, and hidden
names (`Checked`, which the preview's quick path runs again on an edited text alone).
"""
from __future__ import annotations

from dataclasses import dataclass

from bangvang.records import kinds
from bangvang.records.loader import RawRecord
from bangvang.records.plausible import markdown_cost_problem
from bangvang.checking.privacy import HiddenNames
from bangvang.checking.privacy_scan import body_html
from bangvang.problems import Problems
from bangvang.records.yamlload import text_values


def no_placeholder(raw: RawRecord, problems: Problems) -> bool:
    """A published record may not keep the «…» sample text of its `bangvang new` scaffold."""
    if raw.front and "«" not in raw.front and "\\" not in raw.front and "«" not in raw.body:
        return True   # no «, nor an escape that could write one: no value holds one
    found = [(line, path, text) for line, path, text in text_values(raw.data)
             if kinds.PLACEHOLDER.search(text)]
    found += [(raw.body_line + i, None, row) for i, row in enumerate(raw.body.split("\n"))
              if kinds.PLACEHOLDER.search(row)]
    for line, path, text in found[:20]:
        sample = kinds.PLACEHOLDER.search(text).group(0)
        problems.add(raw.path, line, path, f"còn chữ mẫu {sample} của tệp mẫu; hãy thay "
                     "bằng thông tin thật, hoặc để `status: draft` nếu chưa xong")
    return not found


def renderable(raw: RawRecord, problems: Problems) -> bool:
    """Whether the body can be rendered in reasonable time (plausible.py); refused if not."""
    found = markdown_cost_problem(raw.body, raw.body_line) if raw.body else None
    if found:
        problems.add(raw.path, found[0], None, found[1])
    return not found


@dataclass
class Checked:
    """What checking one published record's text again needs, once its front matter is known
    unchanged (the preview's quick path, preview.quick_update): every other check depends
    only on front matter."""
    fronts: dict[str, tuple[str, str, str]]   # record file → (kind, id, front matter as written)
    hidden: HiddenNames                       # names that may not be published
    ids: frozenset[str]                       # every record id (references are not text)

    def text_problems(self, raw: RawRecord) -> Problems:
        problems = Problems()
        if renderable(raw, problems) and no_placeholder(raw, problems):
            self.hidden.scan_record(raw, problems, self.ids,
                                    body_html(raw.body) if raw.body else None)
        return problems

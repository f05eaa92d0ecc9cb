"""Values that are well formed but cannot be what the author meant, and text that would take
minutes to render: refused by `check` with a message, like any other problem.

- A decision date far outside its honour roll's school year (a decision of 1990 in the
  2025-2026 roll) is a typing slip or a line copied from another year's roll.
- Markdown with thousands of unclosed or nested brackets in one paragraph (`[[[[…`): Python-
  Markdown matches brackets by scanning forward from each `[`, so its time grows with the
  square of their number (26 KB of `[` took 100 s). The cost is estimated here, in one pass,
  before the text is ever rendered.
"""
from __future__ import annotations

import datetime as dt
import re

from bangvang.records.text import format_date

# A decision of school year Y1-Y2 is dated from July of Y1 (awards of the summer before the
# year opens) to the end of the calendar year after Y2 ends: year-end decisions come in May
# to August, a district's or province's titles for the year months later (October to the
# next spring), a ministry's later still. Earlier or later, it is another year's decision.
DECISION_FROM_MONTH = 7
DECISION_YEARS_AFTER = 1


def decision_date_problem(school_year: str, date: dt.date) -> str | None:
    """Why a decision dated `date` cannot be of `school_year` ("2023-2024"), or None."""
    start, end = int(school_year[:4]), int(school_year[5:])
    earliest = dt.date(start, DECISION_FROM_MONTH, 1)
    latest = dt.date(end + DECISION_YEARS_AFTER, 12, 31)
    if earliest <= date <= latest:
        return None
    when = "trước" if date < earliest else "sau"
    return (f"ngày quyết định {format_date(date)} ở quá xa năm học {school_year} ({when} khoảng "
            f"{format_date(earliest)}–{format_date(latest)} mà quyết định của năm học này có "
            "thể mang); hãy kiểm tra lại ngày, hoặc chuyển dòng này sang bảng vàng của đúng năm "
            "học")


# Markdown: an estimate of Python-Markdown's bracket scanning, per paragraph: the sum of the
# squares of the number of `[` of each paragraph. 2,000 `[` in one paragraph take 0.8 s on the
# project's 2-core machine; a file is refused above 1,500,000 (about 0.3 s at worst), which a
# real text with hundreds of links per paragraph stays far below (links close at once and
# cost much less than the estimate).
MAX_BRACKET_COST = 1_500_000
# A line starting a block of its own: Python-Markdown renders each list item, table row,
# heading and quote separately.
_BLOCK_START = re.compile(r"^\s*([-*+>#|]|\d{1,9}[.)])")


def markdown_cost_problem(text: str, first_line: int = 1) -> tuple[int, str] | None:
    """(line, Vietnamese message) when `text` would take too long to render, else None."""
    total, count, worst, worst_line, start = 0, 0, 0, first_line, first_line
    for number, line in enumerate(text.split("\n"), start=first_line):
        if not line.strip() or _BLOCK_START.match(line):
            total += count * count
            if count > worst:
                worst, worst_line = count, start
            count, start = 0, number if line.strip() else number + 1
        count += line.count("[")
    total += count * count
    if count > worst:
        worst, worst_line = count, start
    if total <= MAX_BRACKET_COST:
        return None
    return worst_line, (f"nội dung có quá nhiều dấu “[” lồng nhau hoặc chưa đóng (đoạn bắt đầu "
                        f"ở dòng này có {worst}); trang web sẽ mất nhiều phút để tạo. Hãy xoá các "
                        "dấu “[” thừa, hoặc tách thành nhiều đoạn có dòng trống ở giữa")

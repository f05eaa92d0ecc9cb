"""/cuoc-thi-viet/tong-ket/: the writing contest over the years (the review a plan calls for):
winners by year and prize, entries and prizes by grade and by kind of author, a chart of the
years and one per year, and a link to every published entry.

Only the Catalog is read: authors appear as their consent allows (a hidden author is counted,
never named, and their class is not known, so they count as "class not published").
"""
from __future__ import annotations

from collections import Counter

from bangvang.checking.people import _grade
from bangvang.pages.statistics import Bar, Chart
from bangvang.records.text import sort_key

# Kinds of author, as the review groups them (roles of data/vocabulary.yml).
AUTHOR_GROUPS = {"student": "Học sinh", "staff": "Thầy cô, cán bộ, nhân viên",
                 "parent": "Phụ huynh", "other": "Tác giả khác"}
GROUP_OF_ROLE = {"student": "student", "teacher": "staff", "manager": "staff", "staff": "staff",
                 "parent": "parent"}
UNKNOWN_GRADE = "Không công bố lớp"


def author_group(entry) -> str:
    return GROUP_OF_ROLE.get(entry.author.role or "", "other")


def grade_of(entry) -> str | None:
    """"Khối 7" for a student author whose class is published; None for other authors."""
    if author_group(entry) != "student":
        return None
    grade = _grade(entry.author.unit) if entry.author.listed else None
    return f"Khối {grade}" if grade else UNKNOWN_GRADE


def review(catalog, index) -> dict:
    """Everything the review page shows, computed once."""
    vocabulary = catalog.vocabulary
    prizes = sorted(vocabulary.lists.get("prizes", {}), key=lambda k: vocabulary.order("prizes", k))
    labels = [vocabulary.label("prizes", key) for key in prizes] + ["Không đạt giải"]
    years = sorted(index.contest_years)
    entries = [e for y in years for e in index.entries_of_year[y]]
    by_year = Chart("qua-cac-nam", "Bài dự thi qua các năm", [
        Bar(f"Năm {y}", len(index.entries_of_year[y]), str(y),
            detail=(sum(1 for e in index.entries_of_year[y] if e.prize),))
        for y in years], "bài", [("Cuộc thi viết", "contest", {})], key_label="Cuộc thi",
        detail_labels=("Đạt giải",))
    prize_table = {"labels": labels, "rows": [
        (y, _prize_counts(index.entries_of_year[y], prizes)) for y in reversed(years)]}
    return {
        "prize_table": prize_table,
        "years": years, "total": len(entries), "prized": sum(1 for e in entries if e.prize),
        "by_year": by_year,
        "by_author": _grouped("theo-tac-gia", "Bài dự thi theo tác giả", entries,
                              author_group, list(AUTHOR_GROUPS), AUTHOR_GROUPS, "Tác giả"),
        "by_grade": _grouped("theo-khoi", "Bài dự thi của học sinh theo khối lớp",
                             [e for e in entries if grade_of(e)], grade_of,
                             sorted({grade_of(e) for e in entries if grade_of(e)},
                                    key=lambda g: (g == UNKNOWN_GRADE, g)), None, "Khối"),
        "winners": winners(index, prizes, vocabulary),
        "year_charts": {c.id.removeprefix("giai-"): c for c in index.stats.contest_years},
    }


def _prize_counts(entries, prizes: list[str]) -> tuple:
    counted = Counter(e.prize or "" for e in entries)
    return tuple(counted[p] for p in prizes) + (counted[""],)


def _grouped(anchor: str, title: str, entries, key, order: list[str], labels, key_label: str):
    """A chart of entries per group, with how many won a prize beside each."""
    totals, prized = Counter(key(e) for e in entries), Counter(key(e) for e in entries if e.prize)
    bars = [Bar(labels[g] if labels else g, totals[g], g, detail=(prized[g],))
            for g in order if totals[g]]
    return Chart(anchor, title, bars, "bài", key_label=key_label, detail_labels=("Đạt giải",))


def winners(index, prizes: list[str], vocabulary) -> list[dict]:
    """Newest year first: each prize with its entries (by title), then the other entries."""
    found = []
    for year in index.contest_years:
        entries = index.entries_of_year[year]
        groups = [{"key": p, "label": vocabulary.label("prizes", p),
                   "entries": sorted((e for e in entries if e.prize == p),
                                     key=lambda e: sort_key(e.title))} for p in prizes]
        others = sorted((e for e in entries if not e.prize), key=lambda e: sort_key(e.title))
        found.append({"year": year, "count": len(entries),
                      "prizes": [g for g in groups if g["entries"]], "others": others})
    return found

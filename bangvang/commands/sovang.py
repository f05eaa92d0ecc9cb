"""`bangvang so-vang <năm học>`: the Sổ vàng, a print-ready A4 book of one school year for the
year-end ceremony (tổng kết) and the archive: a cover with the school's name and the year, the
honour roll by title and form, the year's exemplars with their photos, the writing contest's
winners, the statistics charts and the plans' targets with their results.

A publication like the site, so it is made from the Catalog alone: names as consent allows
(students at initials by default, hidden people counted, never named), photos only with full
consent and re-encoded without EXIF/GPS (the bytes the site publishes), no draft, no private
field. Written into the git-ignored `so-vang/`, never into site/ (a print run, not a page).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bangvang import pipeline
from bangvang.commands import pdfdoc
from bangvang.commands.certificates import place_name, school_header
from bangvang.commands.pdfdoc import PaperError
from bangvang.pages import statistics
from bangvang.records.text import name_sort_key, sort_key

DEFAULT_FOLDER = "so-vang"


def add_parser(sub) -> None:
    parser = sub.add_parser("so-vang", help="in Sổ vàng của một năm học (PDF khổ A4): bảng vàng, "
                            "gương điển hình, giải cuộc thi viết, thống kê, chỉ tiêu")
    parser.add_argument("school_year", nargs="?", metavar="NĂM_HỌC", help="ví dụ 2025-2026")
    parser.add_argument("--out", metavar="THƯ_MỤC", help="thư mục ghi, trong dự án (mặc định "
                        f"{DEFAULT_FOLDER})")
    parser.set_defaults(func=cmd_so_vang)


def cmd_so_vang(args) -> int:
    root = Path(args.root).resolve()
    try:
        year = pdfdoc.school_year(root, args.school_year, "so-vang")
        out = pdfdoc.output_folder(root, DEFAULT_FOLDER, args.out, "Sổ vàng")
        result = pipeline.check(root)
        if result.problems:
            print(result.problems.report(), file=sys.stderr)
            print("Chưa in Sổ vàng: hãy sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
            return 1
        if year not in result.catalog.school_years():
            known = ", ".join(result.catalog.school_years()) or "chưa có"
            raise PaperError(f"không có hồ sơ nào của năm học {year}; các năm học có hồ sơ: "
                             f"{known}")
        with tempfile.TemporaryDirectory(prefix="bangvang-sovang-") as photos:
            book = contents(result, year, Path(photos))
            path = render(book, out / f"so-vang-{year}.pdf")
    except PaperError as error:
        print(f"Lỗi: {error}.", file=sys.stderr)
        return 1
    print(f"Đã ghi Sổ vàng năm học {year} ({book['pages_hint']}) vào "
          f"{path.relative_to(root).as_posix()}.")
    return 0


def contents(result, year: str, photo_folder: Path) -> dict:
    """What the book shows, from the Catalog and the build's Index (never the records)."""
    catalog, index = result.catalog, result.index
    vocabulary = catalog.vocabulary
    roll = catalog.honour_rolls.get(year)
    groups = [{**g, "awards": [_award(a, vocabulary) for a in g["awards"]]}
              for g in (index.groups(roll.awards) if roll else [])]
    exemplars = sorted((e for e in catalog.exemplars.values() if e.school_year == year),
                       key=lambda e: (vocabulary.order("roles", e.person.role),
                                      name_sort_key(e.person.name)))
    contest_year = int(year[5:])
    entries = index.prize_order([e for e in index.entries_of_year.get(contest_year, [])
                                 if e.prize])
    stats = index.stats.year(year)
    charts = [c for c in (stats.charts.values() if stats else []) if c.bars]
    plans = [(p, index.stats.plan_targets.get(p.id, [])) for p in index.plans_newest
             if p.period_year == year and p.targets]
    book = {
        "year": year, "school": school_header(catalog.school),
        "place": place_name(catalog.school.get("place")),
        "awards_total": len(roll.awards) if roll else 0, "groups": groups,
        "exemplars": [_exemplar(e, index, result.output.files, photo_folder, vocabulary)
                      for e in exemplars],
        "contest_year": contest_year,
        "entries": [{"prize": vocabulary.label("prizes", e.prize), "title": e.title,
                     "author": _author(e.author, vocabulary)} for e in entries],
        "charts": charts, "plans": [_plan(p, checks) for p, checks in plans],
    }
    book["pages_hint"] = (f"{book['awards_total']} lượt khen thưởng, {len(exemplars)} gương "
                          f"điển hình, {len(entries)} bài đạt giải")
    return book


def _award(award, vocabulary) -> dict:
    person = award.person
    unit = person.unit or ""
    return {"name": person.name, "unit": unit,
            "role": vocabulary.label("roles", person.role) if person.role and
            person.kind != "collective" else "",
            "decision": f"{award.decision_number}, {award.decision_date:%d/%m/%Y}"}


def _author(person, vocabulary) -> str:
    if not person.listed:
        return "tác giả không công bố tên"
    role = vocabulary.label("roles", person.role) if person.role else ""
    return ", ".join(x for x in (person.name, person.unit or role) if x)


def _exemplar(exemplar, index, files: dict, folder: Path, vocabulary) -> dict:
    """An exemplar as the book shows it; its photo only when the site publishes one (full
    consent), the published bytes copied to `folder` (no EXIF, no GPS)."""
    photo = None
    site_path = index.photos.get(exemplar.id)
    if site_path and site_path in files:
        target = folder / site_path.replace("/", "_")
        target.write_bytes(files[site_path])
        photo = target.as_uri()
    person = exemplar.person
    return {"name": person.name, "role": vocabulary.label("roles", person.role),
            "unit": person.unit or "", "summary": exemplar.summary, "photo": photo}


def _plan(plan, checks) -> dict:
    rows = []
    for check in checks:
        target = check.target
        wanted = (f"{check.comparison} {_number(target.value)}{_unit(target.unit)}"
                  if target.value is not None else "")
        got = f"{_number(check.value)}{_unit(check.unit)}" if check.value is not None else ""
        note = target.result.note if target.result and target.result.note else ""
        rows.append({"text": target.text, "wanted": wanted, "got": ", ".join(
            x for x in (got, note) if x), "state": check.state,
            "label": statistics.STATES[check.state]})
    return {"title": plan.title, "number": plan.number or "", "rows": rows}


def _number(value) -> str:
    return (f"{value:.1f}".replace(".", ",") if isinstance(value, float) and not
            value.is_integer() else str(int(value)))


def _unit(unit: str | None) -> str:
    return "%" if unit == "%" else f" {unit}" if unit else ""


def render(book: dict, path: Path) -> Path:
    env = pdfdoc.environment()
    html = env.get_template("sovang/book.html.j2").render(book=book)
    css = env.loader.get_source(env, "sovang/book.css")[0]
    photos = {e["photo"] for e in book["exemplars"] if e["photo"]}
    return pdfdoc.write(pdfdoc.render(html, css, photos), path)


__all__ = ["add_parser", "contents", "render", "sort_key"]

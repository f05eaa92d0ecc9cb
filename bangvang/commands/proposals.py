"""`bangvang ho-so-de-nghi [--danh-hieu …]`: the facts of each proposal on /du-dieu-kien/'s
lists, written for the team: per person, a Word file (python-docx) with their full name, role,
unit and every title that qualifies them (school year, decision number and date, level,
reason), and their initiatives when the rule asks for one; for the whole of the lists, one
Excel workbook (openpyxl) the council can sort and filter.

Internal documents: full names, whatever a person's consent for the site (the lists keep
people who withheld their name, rules.eligible), so they are written into the git-ignored
`ho-so-de-nghi/<năm học>/`, never under site/. The facts come from the records as written (the
honour roll lines the Catalog's eligibility points at), read after `check` has passed.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from bangvang import pipeline
from bangvang.commands import pdfdoc
from bangvang.commands.certificates import _exemplar, role_line
from bangvang.commands.consent_answers import roll_path
from bangvang.commands.pdfdoc import PaperError
from bangvang.problems import Problems
from bangvang.records import kinds
from bangvang.records.fields import Context, check_mapping
from bangvang.records.loader import read_record
from bangvang.records.text import name_sort_key, normalise_number, slugify

DEFAULT_FOLDER = "ho-so-de-nghi"


@dataclass
class Proposal:
    """One person proposed for one title, with the facts that qualify them."""
    title: str                      # vocabulary key of the proposed title
    year: str                       # the school year of the proposal
    name: str                       # full name (internal)
    role_line: str                  # "Giáo viên Tổ Toán - Tin"
    published: bool                 # whether the site may name them
    basis: str
    facts: list[dict] = field(default_factory=list)        # qualifying titles, oldest first
    initiatives: list[dict] = field(default_factory=list)  # when the rule asks for one


def add_parser(sub) -> None:
    parser = sub.add_parser("ho-so-de-nghi", help="ghi hồ sơ đề nghị danh hiệu (Word, mỗi người "
                            "một tệp; Excel, cả danh sách) cho những người đủ điều kiện")
    parser.add_argument("--danh-hieu", metavar="MÃ", help="chỉ một danh hiệu, ví dụ "
                        "chien-si-thi-dua-co-so (mặc định: mọi danh hiệu trong data/rules.yml)")
    parser.add_argument("--out", metavar="THƯ_MỤC", help="thư mục ghi, trong dự án (mặc định "
                        f"{DEFAULT_FOLDER}/<năm học>)")
    parser.set_defaults(func=cmd_ho_so_de_nghi)


def cmd_ho_so_de_nghi(args) -> int:
    root = Path(args.root).resolve()
    try:
        result = pipeline.check(root)
        if result.problems:
            print(result.problems.report(), file=sys.stderr)
            print("Chưa ghi hồ sơ nào: hãy sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
            return 1
        catalog = result.catalog
        if not catalog.eligibility:
            raise PaperError("chưa có điều kiện xét danh hiệu (data/rules.yml) hoặc chưa có bảng "
                             "vàng nào, nên chưa có ai để đề nghị")
        year = max(catalog.honour_rolls)
        out = pdfdoc.output_folder(root, f"{DEFAULT_FOLDER}/{year}", args.out, "hồ sơ đề nghị")
        lists = _chosen(catalog, args.danh_hieu)
        proposals = make_proposals(root, catalog, lists, year)
        written = [write_docx(p, catalog, out) for p in proposals]
        table = write_xlsx(proposals, catalog, out / f"danh-sach-de-nghi-{year}.xlsx")
    except PaperError as error:
        print(f"Lỗi: {error}.", file=sys.stderr)
        return 1
    shown = lambda path: path.relative_to(root).as_posix()  # noqa: E731
    print(f"Đã ghi {len(written)} hồ sơ đề nghị (Word, mỗi người một tệp) và bảng tổng hợp "
          f"{shown(table)} vào {shown(out)}/ — tài liệu nội bộ, có họ tên đầy đủ: không đưa lên "
          "trang web.")
    for rule, people in lists:
        print(f"  - {catalog.vocabulary.label('titles', rule.title)}: {len(people)} người")
    return 0


def _chosen(catalog, title: str | None) -> list:
    if not title:
        return catalog.eligibility
    chosen = [(rule, people) for rule, people in catalog.eligibility if rule.title == title]
    if not chosen:
        known = ", ".join(rule.title for rule, _ in catalog.eligibility)
        raise PaperError(f"không có điều kiện xét danh hiệu “{title[:60]}” trong data/rules.yml; "
                         f"các danh hiệu có điều kiện: {known}")
    return chosen


def award_lines(root: Path, vocabulary, years) -> dict[tuple[str, int], dict]:
    """(file, line) → the honour-roll line as written, with the recipient's full name, role
    and unit (from their exemplar record when the line cites one)."""
    found = {}
    for year in years:
        path = roll_path(root, year)
        raw = read_record(root, "honour_roll", path, Problems()) if path else None
        if raw is None:
            continue
        values = check_mapping(kinds.HONOUR_ROLL.fields, raw.data,
                               Context(raw.path, vocabulary, Problems()))
        for award, item in zip(values.get("awards") or [], raw.data.get("awards") or []):
            if not award:
                continue
            own = _exemplar(root, award["recipient"], vocabulary)
            if own is not None:
                award = {**award, "recipient": own["name"], "role": own["role"],
                         "kind": own["kind"], "unit": award["unit"] or own["unit"]}
            found[(raw.path, getattr(item, "line", None))] = award
    return found


def make_proposals(root: Path, catalog, lists, year: str) -> list[Proposal]:
    vocabulary = catalog.vocabulary
    lines = award_lines(root, vocabulary, sorted(catalog.honour_rolls))
    proposals = []
    for rule, people in lists:
        same_year = rule.times == 1 and not rule.within
        for held in people:
            facts = []
            for (title, held_year), where in sorted(held.titles.items(), key=lambda i: i[0][1]):
                if title not in rule.requires or (same_year and held_year != year):
                    continue
                facts.append(_fact(lines.get(where), title, held_year, vocabulary))
            first = next((lines[w] for w in held.titles.values() if w in lines), None)
            if first is None or not facts:
                continue   # not reachable after check passed; never a proposal without facts
            proposals.append(Proposal(
                rule.title, year, first["recipient"], role_line(first, vocabulary),
                held.name is not None, rule.basis or "", facts,
                _initiatives(catalog, held, year) if rule.initiative else []))
    return sorted(proposals, key=lambda p: (vocabulary.order("titles", p.title),
                                            name_sort_key(p.name)))


def _fact(award: dict | None, title: str, year: str, vocabulary) -> dict:
    decision = (award or {}).get("decision") or {}
    return {"year": year, "title": vocabulary.label("titles", title),
            "number": normalise_number(decision.get("number") or ""),
            "date": decision.get("date"),
            "level": vocabulary.label("levels", award["level"]) if award else "",
            "reason": (award or {}).get("reason") or ""}


def _initiatives(catalog, held, year: str) -> list[dict]:
    """The published initiatives of the person in the year (their page ties them); a person
    without a page gets the year alone, as the records show it."""
    vocabulary = catalog.vocabulary
    page = held.page[1] if held.page else None
    found = [{"year": i.school_year, "title": i.title,
              "level": vocabulary.label("initiative_levels", i.level),
              "number": i.decision_number or "", "date": i.decision_date}
             for i in catalog.initiatives() if i.school_year == year and page and
             any(page in (a.exemplar_id, a.person_id) for a in i.authors)]
    if not found and year in held.initiatives:
        found = [{"year": year, "title": "(sáng kiến được công nhận, xem hồ sơ initiatives/)",
                  "level": "", "number": "", "date": None}]
    return found


def _date(value) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}" if value else ""


def file_stem(proposal: Proposal) -> str:
    return f"{slugify(proposal.title)}-{slugify(proposal.name)[:60] or 'nguoi'}"


def write_docx(proposal: Proposal, catalog, out: Path) -> Path:
    """The proposal's facts, to paste into the school's own form."""
    from docx import Document
    from docx.shared import Pt, RGBColor
    vocabulary = catalog.vocabulary
    document = Document()
    from docx.shared import Cm
    section = document.sections[0]   # A4, margins of an administrative document
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    # Administrative documents are set in Times New Roman, black (Nghị định 30/2020/NĐ-CP).
    for name, size in (("Normal", 13), ("Heading 1", 15), ("Heading 2", 13)):
        font = document.styles[name].font
        font.name, font.size, font.color.rgb = "Times New Roman", Pt(size), RGBColor(0, 0, 0)
        fonts = document.styles[name].element.rPr.rFonts
        for attribute in [a for a in fonts.attrib if a.endswith("Theme")]:
            del fonts.attrib[attribute]   # the theme's heading font would win over the name
    document.add_paragraph((catalog.school.get("name") or "").upper()).runs[0].bold = True
    heading = document.add_heading(f"Thông tin đề nghị danh hiệu "
                                   f"{vocabulary.label('titles', proposal.title)}", level=1)
    heading.alignment = 1
    document.add_paragraph(f"Năm học {proposal.year}").alignment = 1
    for label, value in (("Họ và tên", proposal.name), ("Chức vụ, đơn vị", proposal.role_line),
                         ("Căn cứ", proposal.basis)):
        if value:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
    document.add_heading("Danh hiệu đã đạt (điều kiện đề nghị)", level=2)
    _table(document, ("Năm học", "Danh hiệu", "Số quyết định", "Ngày", "Cấp", "Thành tích"),
           [(f["year"], f["title"], f["number"], _date(f["date"]), f["level"], f["reason"])
            for f in proposal.facts], (2.3, 3.0, 3.0, 2.5, 1.9, 3.3))
    if proposal.initiatives:
        document.add_heading("Sáng kiến được công nhận", level=2)
        _table(document, ("Năm học", "Tên sáng kiến", "Cấp công nhận", "Số quyết định", "Ngày"),
               [(i["year"], i["title"], i["level"], i["number"], _date(i["date"]))
                for i in proposal.initiatives], (2.3, 6.0, 2.4, 2.9, 2.4))
    document.add_paragraph()
    note = document.add_paragraph("Trích từ hồ sơ Bảng vàng của nhà trường; hãy đối chiếu với "
                                  "quyết định gốc trước khi nộp. Tài liệu nội bộ.")
    note.runs[0].italic = True
    path = out / f"{file_stem(proposal)}.docx"
    return _save(document, path)


def _table(document, headings: tuple, rows: list[tuple], widths: tuple) -> None:
    """A grid table, its columns `widths` centimetres wide (16 cm: the text of the page)."""
    from docx.shared import Cm, Pt
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, headings):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = str(text)
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(12)


def _save(document, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        document.save(temporary)
        temporary.replace(path)
    except OSError as error:
        raise PaperError(f"không ghi được tệp {path.name} ({error.strerror or error}); tệp có "
                         "đang mở trong Word hoặc Excel không?") from None
    finally:
        temporary.unlink(missing_ok=True)
    return path


def write_xlsx(proposals: list[Proposal], catalog, path: Path) -> Path:
    """Sheet "Đề nghị": one row per proposal; sheet "Chi tiết": one row per qualifying title
    (dates as dates, so the council can sort and filter)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    vocabulary = catalog.vocabulary
    book = Workbook()
    summary = book.active
    summary.title = "Đề nghị"
    summary.append(("Danh hiệu đề nghị", "Họ và tên", "Chức vụ, đơn vị", "Năm học",
                    "Các năm đủ điều kiện", "Số sáng kiến", "Công bố tên trên trang web"))
    details = book.create_sheet("Chi tiết")
    details.append(("Danh hiệu đề nghị", "Họ và tên", "Năm học", "Danh hiệu đã đạt",
                     "Số quyết định", "Ngày quyết định", "Cấp", "Thành tích"))
    for p in proposals:
        label = vocabulary.label("titles", p.title)
        summary.append((label, p.name, p.role_line, p.year,
                        ", ".join(f["year"] for f in p.facts), len(p.initiatives),
                        "có" if p.published else "không"))
        for f in p.facts:
            details.append((label, p.name, f["year"], f["title"], f["number"], f["date"],
                            f["level"], f["reason"]))
            details.cell(details.max_row, 6).number_format = "DD/MM/YYYY"
    for sheet, widths in ((summary, (28, 26, 30, 12, 30, 12, 14)),
                          (details, (28, 26, 12, 28, 18, 14, 16, 50))):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column, width in zip("ABCDEFGH", widths):
            sheet.column_dimensions[column].width = width
        sheet.auto_filter.ref = sheet.dimensions
        sheet.freeze_panes = "A2"
    return _save(book, path)

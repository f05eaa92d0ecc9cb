"""`bangvang import initiatives FILE…`: the list of initiatives a council recognised (the table
attached to its decision: Excel .xlsx, .csv, or a Word .docx) → one record per initiative in
initiatives/, never over an existing one.

The header row is found anywhere in the first rows by its Vietnamese headings, with or without
accents: STT, Tên sáng kiến, Tác giả, Đơn vị / Tổ, Lĩnh vực, Cấp công nhận, Phạm vi áp dụng,
Tóm tắt / Hiệu quả, Năm học, Số / Ngày quyết định. Columns of private data (birth date, phone…)
are named in the summary and never read. The decision, its date and the school year are read
from the text above the table when the list has no column for them (command-line options win).

A row becomes a record only with a title and an author; any other row is named with the
reason. A record is a draft (`status: draft`) when something a reader needs is missing — a
council's list rarely has a summary — so nothing the tool was unsure of goes public unread.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bangvang.records.kinds import INITIATIVE
from bangvang.records.text import (
    SCHOOL_YEAR, DateError, format_date, parse_date, school_year_of, slugify)
from bangvang.records.vocabulary import Vocabulary
from .awards import UNEXPECTED, project_vocabulary
from .columns import heading_key
from .decision import read_facts
from .documents import normal_number
from .honours import quoted
from .reading import ImportFailure
from .tables import Sheet, read_source

HEADER_SEARCH_ROWS = 25
SUMMARY_PLACEHOLDER = "«Một hai câu: sáng kiến giải quyết việc gì, hiệu quả ra sao»"
# Folded headings (columns.heading_key) → field; a heading that starts with one counts too.
HEADINGS = {
    "number": ("stt", "tt", "so tt", "so thu tu"),
    "title": ("ten sang kien", "ten de tai", "ten giai phap", "sang kien", "ten sang kien kinh "
              "nghiem", "noi dung sang kien", "ten sang kien giai phap"),
    "authors": ("tac gia", "ho va ten", "ho ten", "ho ten tac gia", "nguoi thuc hien",
                "tac gia dong tac gia", "tac gia sang kien", "ho va ten tac gia"),
    "unit": ("don vi", "to", "to chuyen mon", "noi cong tac", "bo phan", "chuc vu don vi"),
    "field": ("linh vuc", "mon", "bo mon", "linh vuc ap dung"),
    "level": ("cap cong nhan", "cap", "pham vi anh huong"),
    "scope": ("pham vi ap dung", "ap dung", "noi ap dung", "da ap dung tai"),
    "summary": ("tom tat", "mo ta", "hieu qua", "tom tat noi dung", "noi dung tom tat",
                "hieu qua ap dung", "tom tat hieu qua"),
    "year": ("nam hoc",),
    "decision": ("so quyet dinh", "quyet dinh", "so qd"),
    "date": ("ngay quyet dinh", "ngay cong nhan", "ngay qd"),
}
_PRIVATE = ("ngay sinh", "nam sinh", "dien thoai", "sdt", "dia chi", "email", "cccd", "cmnd",
            "can cuoc", "tai khoan", "ma so thue")
_LEVEL_WORDS = ((r"toan quoc|trung uong|bo\b", "toan-quoc"), (r"tinh|thanh pho|so\b", "tinh"),
                (r"quan|huyen|phong\b", "huyen"), (r"truong|co so", "truong"))
_NAMES = re.compile(r"\s*(?:;|,|\n|\bvà\b|\+)\s*")


def add_initiatives_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "initiatives", help="danh sách sáng kiến được công nhận (Excel .xlsx, .csv, Word .docx) "
        "→ hồ sơ sáng kiến trong initiatives/",
        description="Chuyển danh sách sáng kiến kèm theo quyết định công nhận (Excel .xlsx, "
                    ".csv, bảng trong Word .docx) thành hồ sơ initiatives/<năm học>-<tên>.md, "
                    "mỗi sáng kiến một hồ sơ. Không bao giờ ghi đè hồ sơ đã có.")
    parser.add_argument("files", nargs="+", metavar="TỆP", help="một hay nhiều tệp danh sách")
    parser.add_argument("--year", metavar="NĂM_HỌC", help="năm học, ví dụ 2024-2025 (mặc định: "
                        "cột Năm học, tiêu đề, hoặc ngày quyết định)")
    parser.add_argument("--level", metavar="CẤP", help="cấp công nhận: truong, huyen, tinh, "
                        "toan-quoc (mặc định: cột Cấp công nhận, hoặc truong)")
    parser.add_argument("--decision", metavar="SỐ", help="số quyết định công nhận, ví dụ "
                        "12/QĐ-THCSHA (mặc định: đọc trong tệp)")
    parser.add_argument("--date", metavar="NGÀY", help="ngày quyết định dd/mm/yyyy")
    parser.add_argument("--dry-run", action="store_true",
                        help="chạy thử: không ghi gì, in những hồ sơ sẽ được tạo")
    parser.add_argument("--root", default=".", metavar="THƯ_MỤC",
                        help="thư mục dự án (mặc định: thư mục hiện tại)")
    parser.set_defaults(func=run_initiatives)


@dataclass
class Options:
    year: str | None = None
    level: str | None = None
    number: str | None = None
    date: str | None = None


@dataclass
class Row:
    """One initiative read from a row: its values and what the reader should check."""
    where: str
    values: dict
    notes: list[str] = field(default_factory=list)


def options_of(args, vocabulary: Vocabulary) -> Options:
    """The command-line values, checked; ImportFailure says which one is wrong."""
    options = Options()
    if args.year:
        year = "".join(str(args.year).split()).replace("–", "-")
        match = SCHOOL_YEAR.match(year)
        if not match or int(match.group(2)) != int(match.group(1)) + 1:
            raise ImportFailure(f"--year “{args.year}” không phải năm học; hãy viết ví dụ "
                                "--year 2024-2025")
        options.year = year
    if args.level:
        options.level = vocabulary.resolve("initiative_levels", args.level)
        if not options.level:
            raise ImportFailure(f"--level “{args.level}” không có trong danh mục cấp công nhận "
                                "sáng kiến; dùng một trong: "
                                + ", ".join(vocabulary.choices("initiative_levels")))
    if args.decision:
        options.number = normal_number(args.decision)
    if args.date:
        try:
            options.date = format_date(parse_date(args.date))
        except DateError as error:
            raise ImportFailure(f"--date: {error}") from None
    return options


def run_initiatives(args) -> int:
    root = Path(args.root)
    vocabulary = project_vocabulary(root)
    if vocabulary is None:
        return 1
    try:
        options = options_of(args, vocabulary)
    except ImportFailure as failure:
        print(f"✗ {failure}", file=sys.stderr)
        return 1
    written, failed = [], 0
    for name in args.files:
        try:
            rows, skipped, private = read_file(Path(name), options, vocabulary)
        except ImportFailure as failure:
            print(f"✗ {name}: {failure}", file=sys.stderr)
            failed += 1
            continue
        except Exception as error:   # never a traceback for the person importing
            print(f"✗ {name}: {UNEXPECTED.format(type(error).__name__)}", file=sys.stderr)
            failed += 1
            continue
        written += write_rows(root, name, rows, skipped, private, args.dry_run)
    if written and not args.dry_run:
        from .cli import report_check
        report_check(root, set(written))
    return 1 if failed else 0


def read_file(path: Path, options: Options, vocabulary: Vocabulary
              ) -> tuple[list[Row], list[str], list[str]]:
    """(initiatives read, rows skipped with their reason, private columns not read)."""
    source = read_source(path)
    rows, skipped, private = [], [], []
    found = False
    for sheet in source.sheets:
        header = find_header(sheet)
        if header is None:
            continue
        found = True
        index, columns, hidden = header
        private += hidden
        above = [" ".join(cell for cell in row if cell) for row in sheet.rows[:index]]
        facts = read_facts(above + sheet.before + source.lines, vocabulary)
        for number in range(index + 1, len(sheet.rows)):
            row = read_row(sheet, number, columns, options, facts, vocabulary)
            if isinstance(row, Row):
                rows.append(row)
            elif row:
                skipped.append(row)
    if not found:
        raise ImportFailure("không thấy bảng danh sách sáng kiến: cần một dòng tiêu đề có cột "
                            "“Tên sáng kiến” và cột “Tác giả” (hoặc “Họ và tên”)")
    return rows, skipped, list(dict.fromkeys(private))


def heading_field(text: str) -> str | None:
    key = heading_key(text)
    if not key or len(key) > 48:
        return None
    if any(f" {word} " in f" {key} " for word in _PRIVATE):
        return "private"
    for name, headings in HEADINGS.items():
        if key in headings:
            return name
    for name, headings in HEADINGS.items():
        if any(key.startswith(h + " ") for h in headings if len(h) > 3):
            return name
    return None


def find_header(sheet: Sheet) -> tuple[int, dict[str, int], list[str]] | None:
    """(row index, field → column, private headings) of the header, or None."""
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        columns, private = {}, []
        for column, cell in enumerate(row):
            name = heading_field(cell) if cell else None
            if name == "private":
                private.append(cell.strip())
            elif name and name not in columns:
                columns[name] = column
        if "title" in columns and "authors" in columns:
            return index, columns, private
    return None


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    column = columns.get(name)
    return " ".join(row[column].split()) if column is not None and column < len(row) else ""


def read_row(sheet: Sheet, index: int, columns: dict[str, int], options: Options, facts,
             vocabulary: Vocabulary) -> Row | str | None:
    """The initiative of one row; the reason a row with text is skipped; None for a blank."""
    row = sheet.rows[index]
    where = sheet.where(index)
    title, names = _cell(row, columns, "title"), _cell(row, columns, "authors")
    if not any(cell.strip() for cell in row) or heading_field(title or "x") == "title":
        return None
    if not title or not names:
        missing = "tên sáng kiến" if not title else "tác giả"
        return f"{where}: thiếu {missing}, bỏ qua"
    notes = []
    values = {"title": title, "unit": _cell(row, columns, "unit") or None,
              "authors": [n for n in _NAMES.split(names) if n.strip(" .")],
              "scope": _cell(row, columns, "scope") or None,
              "summary": _cell(row, columns, "summary") or None}
    values["year"] = _year(row, columns, options, facts, notes)
    values["level"] = _level(row, columns, options, vocabulary, notes)
    values["field"] = _field(row, columns, vocabulary, notes)
    values["decision"] = options.number or _cell(row, columns, "decision") or facts.number
    values["date"] = options.date or _date(_cell(row, columns, "date"), notes) or (
        format_date(facts.date) if facts.date else None)
    if values["year"] is None:
        return (f"{where}: không biết năm học của sáng kiến “{title[:60]}”; hãy chạy lại với "
                "--year, ví dụ --year 2024-2025")
    return Row(where, values, notes)


def _year(row, columns, options: Options, facts, notes: list[str]) -> str | None:
    if options.year:
        return options.year
    written = "".join(_cell(row, columns, "year").split()).replace("–", "-")
    match = SCHOOL_YEAR.match(written)
    if match and int(match.group(2)) == int(match.group(1)) + 1:
        return written
    if facts.school_year:
        return facts.school_year
    if facts.date:
        notes.append(f"năm học lấy theo ngày quyết định ({format_date(facts.date)})")
        return school_year_of(facts.date)
    return None


def _level(row, columns, options: Options, vocabulary: Vocabulary, notes: list[str]) -> str:
    if options.level:
        return options.level
    written = _cell(row, columns, "level")
    key = vocabulary.resolve("initiative_levels", written) if written else None
    if written and key is None:
        folded = heading_key(written)
        key = next((level for pattern, level in _LEVEL_WORDS if re.search(pattern, folded)
                    and level in vocabulary.lists["initiative_levels"]), None)
    if key is None:
        notes.append(f"cấp công nhận “{written[:40]}” chưa rõ, tạm ghi cấp trường" if written
                     else "cấp công nhận: cấp trường (mặc định; dùng --level để đổi)")
        key = "truong"
    return key


def _field(row, columns, vocabulary: Vocabulary, notes: list[str]) -> str | None:
    written = _cell(row, columns, "field")
    if not written:
        return None
    key = vocabulary.resolve("initiative_fields", written)
    if key is None:
        notes.append(f"lĩnh vực “{written[:40]}” không có trong danh mục initiative_fields, "
                     "chưa ghi")
    return key


def _date(text: str, notes: list[str]) -> str | None:
    if not text:
        return None
    try:
        return format_date(parse_date(text))
    except DateError:
        notes.append(f"ngày quyết định “{text[:20]}” không đọc được, chưa ghi")
        return None


def record_text(values: dict, source: str, draft: bool) -> str:
    """The record as `bangvang new sang-kien` writes one, from the values of a row."""
    lines = ["---", f"# Nhập từ “{Path(source).name}” (bangvang import initiatives).",
             f"title: {quoted(values['title'])}", "authors:"]
    for name in values["authors"]:
        lines.append(f"  - name: {quoted(name)}")
        if values["unit"]:
            lines.append(f"    unit: {quoted(values['unit'])}")
    lines.append(f"school_year: \"{values['year']}\"")
    if values["field"]:
        lines.append(f"field: {values['field']}")
    lines.append(f"level: {values['level']}")
    if values["decision"]:
        date = f", date: {values['date']}" if values["date"] else ""
        lines.append(f"decision: {{number: {quoted(values['decision'])}{date}}}")
    if values["scope"]:
        lines += ["applied: yes", f"applied_scope: {quoted(values['scope'])}"]
    lines.append(f"summary: {quoted(values['summary'] or SUMMARY_PLACEHOLDER)}")
    if draft:
        lines.append("status: draft")
    lines += ["---", "", "«Mô tả sáng kiến: vấn đề, cách làm, hiệu quả.»" if draft else "", ""]
    return "\n".join(lines)


def record_id(values: dict, folder: Path, taken: set[str]) -> str:
    """"<school year>-<title's first words>", numbered when another record has it."""
    words = slugify(values["title"]).split("-")
    base = "-".join(filter(None, [values["year"], *words]))
    while len(base) > 72 and "-" in base[10:]:
        base = base.rsplit("-", 1)[0]
    found, number = base, 1
    while found in taken or (folder / f"{found}.md").exists():
        number += 1
        found = f"{base}-{number}"
    taken.add(found)
    return found


def _same_initiative(path: Path, values: dict) -> bool:
    """Whether an existing record is this initiative (same title and school year)."""
    try:
        text = path.read_text("utf-8-sig")[:4000]
    except (OSError, UnicodeDecodeError):
        return True
    return quoted(values["title"]) in text and f"\"{values['year']}\"" in text


def write_rows(root: Path, source: str, rows: list[Row], skipped: list[str],
               private: list[str], dry_run: bool) -> list[str]:
    """Write one record per row (or say what would be written); the paths written."""
    folder = root / INITIATIVE.folder
    written, taken = [], set()
    print(f"{source}: {len(rows)} sáng kiến" + (" (chạy thử, không ghi gì)" if dry_run else ""))
    if private:
        print(f"  Không đọc các cột thông tin riêng: {', '.join(private)}")
    common = set.intersection(*(set(row.notes) for row in rows)) if len(rows) > 1 else set()
    for note in sorted(common):
        print(f"  ! Mọi dòng: {note}")
    for row in rows:
        same = next((p for p in sorted(folder.glob(f"{row.values['year']}-*.md"))
                     if _same_initiative(p, row.values)), None) if folder.is_dir() else None
        if same is not None:
            print(f"  = {row.where}: đã có {same.relative_to(root).as_posix()}, không ghi lại")
            continue
        draft = not row.values["summary"] or bool(row.notes)
        path = folder / f"{record_id(row.values, folder, taken)}.md"
        shown = path.relative_to(root).as_posix()
        state = "bản nháp" if draft else "công bố"
        print(f"  + {row.where} → {shown} ({state}): {row.values['title'][:70]}")
        for note in row.notes:
            if note not in common:
                print(f"    ! {note}")
        if not dry_run:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(record_text(row.values, source, draft), encoding="utf-8")
            written.append(shown)
    for reason in skipped:
        print(f"  - {reason}")
    if any(not row.values["summary"] for row in rows) and not dry_run:
        print("  Danh sách không có tóm tắt: các hồ sơ là bản nháp. Hãy viết tóm tắt (summary) "
              "và nội dung, rồi xoá dòng `status: draft` để công bố.")
    return written

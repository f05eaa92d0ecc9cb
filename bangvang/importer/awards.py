"""`bangvang import awards FILE…`: the lists attached to award decisions (Excel, CSV, Word)
appended to the honour roll of their school year, never twice.

Per file: its tables are found (header row anywhere in the first rows), the decision, date,
issuer and level are read from the text around them (command-line options override), each
row becomes an award or a reason it could not be read. A file that cannot be read at all
writes nothing; the other files of the batch still import. After writing, the project is
checked like `bangvang check`.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from bangvang.records.data import load_vocabulary
from bangvang.problems import Problems
from bangvang.records.text import SCHOOL_YEAR, DateError, format_date, parse_date
from bangvang.records.vocabulary import Vocabulary
from .award_rows import Item, Rows, Table, read_rows
from .award_summary import Progress
from .columns import LABELS, Columns, find_columns
from .decision import CITING, Facts, group_of, level_of, read_facts, terms_in
from .documents import normal_number
from .honours import Roll, appended, open_roll, verified, write_roll
from .identity import Ledger, People, seed
from .people import Person, load_people
from .reading import ImportFailure
from .repair import repair_sheet
from .scancrops import save_crops
from .scan import crop, row_doubts, scan_warning, value_doubt
from .tables import Sheet, Source, read_source
from .twoup import unfolded
from .vietnamese import folded

DOCUMENTS = ("docx", "pdf", "scan")      # sources with document text around their lists
UNEXPECTED = ("lỗi không lường trước khi đọc tệp ({}). Hãy mở tệp bằng Excel/Word, Lưu thành "
              "(Save As) .xlsx hoặc .docx rồi nhập lại; nếu vẫn lỗi, gửi tệp cho người phụ trách "
              "Bảng vàng")


def add_awards_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "awards", help="danh sách khen thưởng (Excel .xlsx, .csv, Word .docx) → bảng vàng",
        description="Thêm danh sách kèm theo quyết định khen thưởng (Excel .xlsx, .csv, bảng "
                    "trong Word .docx) vào bảng vàng exemplars/honours/<năm học>.yml. Không bao "
                    "giờ thêm trùng một khen thưởng đã có.")
    parser.add_argument("files", nargs="+", metavar="TỆP", help="một hay nhiều tệp danh sách")
    parser.add_argument("--year", metavar="NĂM_HỌC", help="năm học, ví dụ 2024-2025 (mặc định: theo tiêu đề hoặc "
                                       "ngày quyết định)")
    parser.add_argument("--decision", metavar="SỐ", help="số quyết định, ví dụ 52/QĐ-THCSHA "
                                                         "(mặc định: đọc trong tệp)")
    parser.add_argument("--date", metavar="NGÀY", help="ngày quyết định dd/mm/yyyy")
    parser.add_argument("--level", metavar="CẤP", help="cấp khen: truong, xa, huyen, tinh, "
                                                       "bo-nganh, trung-uong (mặc định: theo "
                                                       "người ký)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--title", metavar="DANH_HIỆU", help="danh hiệu chung cho cả danh sách, "
                                                           "ví dụ “Lao động tiên tiến”")
    group.add_argument("--form", metavar="HÌNH_THỨC", help="hình thức chung, ví dụ “Giấy khen”")
    parser.add_argument("--dry-run", action="store_true",
                        help="chạy thử: không ghi gì, in những khen thưởng sẽ được thêm")
    parser.add_argument("--json", action="store_true", help="in bản tóm tắt dạng JSON")
    parser.add_argument("--root", default=".", metavar="THƯ_MỤC", help="thư mục dự án (mặc định: thư mục hiện tại)")
    parser.set_defaults(func=run_awards)


@dataclass
class Options:
    year: str | None = None
    number: str | None = None
    date: str | None = None
    level: str | None = None
    award: tuple[str, str] | None = None
    root: Path | None = None       # the project: its records teach the diacritics model


@dataclass
class Report:
    """One table of one file: where it goes and what became of its rows."""
    file: str
    label: str
    columns: Columns
    table: Table
    issuer: str | None
    rows: Rows
    targets: list[str] = field(default_factory=list)   # honour rolls its rows go to
    failed: bool = False            # its honour roll could not be read: nothing from it
    added: list[Item] = field(default_factory=list)
    present: list[tuple[Item, str]] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)     # near names: two people, or a typo?


def options_of(args, vocabulary: Vocabulary) -> Options:
    """The command-line values, checked; ImportFailure says which one is wrong."""
    options = Options(root=Path(getattr(args, "root", ".") or "."))
    if args.year:
        year = "".join(str(args.year).split()).replace("–", "-")
        match = SCHOOL_YEAR.match(year)
        if not match or int(match.group(2)) != int(match.group(1)) + 1:
            raise ImportFailure(f"--year “{args.year}” không phải năm học; hãy viết ví dụ "
                                "--year 2024-2025")
        options.year = year
    if args.decision:
        options.number = normal_number(args.decision)
    if args.date:
        try:
            options.date = format_date(parse_date(args.date))
        except DateError as error:
            raise ImportFailure(f"--date: {error}") from None
    if args.level:
        options.level = vocabulary.resolve("levels", args.level)
        if not options.level:
            raise ImportFailure(f"--level “{args.level}” không có trong danh mục cấp khen; dùng "
                                f"một trong: {', '.join(vocabulary.choices('levels'))}")
    for value, name, what in ((args.title, "titles", "--title"), (args.form, "forms", "--form")):
        if value:
            key = vocabulary.resolve(name, value)
            if not key:
                raise ImportFailure(f"{what} “{value}” không có trong danh mục; dùng một trong: "
                                    f"{', '.join(vocabulary.choices(name))}")
            options.award = (name, key)
    return options


def project_vocabulary(root: Path):
    """The project's vocabulary, or None after saying (Vietnamese) why it cannot be read: the
    list importers (awards, initiatives) resolve titles and levels with it."""
    problems = Problems()
    vocabulary = load_vocabulary(root, problems)
    if vocabulary is None:
        print(f"✗ Không đọc được danh mục data/vocabulary.yml của dự án ở “{root}”"
              + (f": {problems.items[0]}" if problems.items else "") + ". Hãy chạy lệnh trong "
              "thư mục dự án (hoặc thêm --root) và chạy `bangvang check`", file=sys.stderr)
    return vocabulary


def run_awards(args) -> int:
    root = Path(args.root)
    vocabulary = project_vocabulary(root)
    if vocabulary is None:
        return 1
    try:
        options = options_of(args, vocabulary)
    except ImportFailure as failure:
        print(f"✗ {failure}", file=sys.stderr)
        return 1
    people = load_people(root)
    reports, failures = [], []
    for name in args.files:
        try:
            reports += import_file(Path(name), options, vocabulary, people)
        except ImportFailure as failure:
            failures.append((name, str(failure)))
        except Exception as error:  # never a traceback for the person importing
            failures.append((name, UNEXPECTED.format(type(error).__name__)))
    batch = Batch(root, vocabulary, people, dry_run=args.dry_run)
    batch.place(reports, failures)
    batch.write(failures)
    from .award_summary import print_json, print_summary
    (print_json if args.json else print_summary)(batch, reports, failures)
    unread = any(r.rows.unread for r in reports if not r.failed)
    return 1 if failures or unread or batch.check_failed else 0


def import_file(path: Path, options: Options, vocabulary: Vocabulary,
                people: list[Person]) -> list[Report]:
    """The reports of every award list in one file; ImportFailure when there is none."""
    source = read_source(path)
    source.sheets = [unfolded(sheet) for sheet in source.sheets]   # a list printed two-up
    found = [(sheet, find_columns(sheet)) for sheet in source.sheets]
    lists = [(index, sheet, columns) for index, (sheet, columns) in enumerate(found) if columns]
    if not lists:
        raise ImportFailure(_no_list(source))
    data_tables = {index for index, _, _ in lists}
    letters = _letters_fixed(source, options.root) if source.scanned else []
    document = _document_lines(source, data_tables, len(source.lines))
    doc_facts = read_facts(document, vocabulary) if source.kind in DOCUMENTS else Facts()
    reports = []
    for index, sheet, columns in lists:
        repaired = repair_sheet(sheet, columns, options.root, people, vocabulary)
        local = _above(source, sheet, columns, data_tables)
        table, issuer = _table(sheet, columns, local, document, doc_facts, options, vocabulary)
        progress = Progress(len(sheet.rows) - columns.start, path.name)
        rows = read_rows(sheet, columns, table, vocabulary, people, progress.step)
        progress.finish()
        report = Report(str(path), sheet.label, columns, table, issuer, rows,
                        hidden=source.hidden)
        report.notes += source.legacy.notes() + source.notes + repaired + letters + \
            rows.notes + [
            f"Cột “{heading}”: tiêu đề đọc không ra, theo nội dung các ô được coi là cột "
            f"{LABELS[name]}; hãy soát lại" for heading, name in columns.by_content]
        if source.scanned:
            decision = _decision_doubts(source, options, read_facts(local, vocabulary),
                                        doc_facts)
            _mark_doubts(report, sheet, columns, people, source, decision)
        reports.append(report)
    return reports


def _letters_fixed(source: Source, root: Path) -> list[str]:
    """The scan's text around its lists with the letters OCR misread put right where the
    school's records and the shipped phrases leave one reading (ocrletters.py, as for plans):
    the decision's line "… 52/QĐ-THCSHA ngòy 25/5/2025" (Be Vietnam Pro's round "a") gave no
    date, and the list was refused. The note lists every change; the decision's number and
    date stay doubts on every line."""
    from .diacritics import model_for
    from .ocrletters import fixed_letters
    model, fixed, notes = model_for(root), {}, []
    for number, line in enumerate(source.lines, 1):
        if line.startswith("\x00") or line in fixed:
            continue
        new, swapped = fixed_letters(line, model, number)
        fixed[line] = new
        notes += swapped
        key = " ".join(line.split())
        if new != line and key in source.line_scan:
            source.line_scan.setdefault(" ".join(new.split()), source.line_scan[key])
    source.lines[:] = [fixed.get(line, line) for line in source.lines]
    for sheet in source.sheets:
        sheet.before[:] = [fixed.get(line, line) for line in sheet.before]
    return [f"Đã sửa chữ cái máy đọc sai trong phần chữ quanh bảng theo cụm từ đã biết "
            f"({'; '.join(notes)}): hãy soát lại"] if notes else []


def _decision_doubts(source: Source, options: Options, local: Facts, document: Facts):
    """The decision's number and date as read from the scan's text (not given as options):
    each a doubt of its own, with its confidence and the region of the page, because one
    digit misread there would be wrong on every line of the list."""
    out = []
    for name, label in (("number", "số quyết định"), ("date", "ngày quyết định")):
        if getattr(options, name):
            continue
        facts = local if getattr(local, name) else document
        value = facts.number if name == "number" else format_date(facts.date)
        doubt = value_doubt(source, facts.where.get(name), label, value or "")
        if doubt is None:
            continue
        image = crop(source.images[doubt.page], doubt.box) if source.images.get(doubt.page) \
            else None
        if image is not None:
            image.info["stem"] = "so-quyet-dinh" if name == "number" else "ngay-quyet-dinh"
        out.append((doubt, image))
    return out


def _mark_doubts(report: Report, sheet: Sheet, columns: Columns, people: list[Person],
                 source: Source, decision: list) -> None:
    """A list read from a scan: every award is a draft to check (the honour roll is written
    as a draft), its doubtful cells listed with their confidence, then the decision's number
    and date (the same image for every line); a doubtful name is never joined to an existing
    person or award (it may be someone else's name misread)."""
    doubts = [doubt for doubt, _ in decision]
    roles = {person.id: person.role for person in people}
    for item in report.rows.items:
        # By the sheet's row, not the line: in a list printed two-up two rows share a line,
        # and the right half's pupils got the left ones' doubts (session 29).
        found = row_doubts(sheet, item.index if item.index >= 0 else item.row - 1, columns)
        item.award["_scan"] = True
        # The page region each doubt was read from, saved beside the roll when it is written.
        item.award["_doubts"] = [doubt.describe() for doubt in found] + \
            [doubt.describe() for doubt, _ in decision]
        item.award["_crops"] = [crop(source.images[d.page], d.box) if source.images.get(d.page)
                                else None for d in found] + [image for _, image in decision]
        if not found:
            continue
        doubts += found
        name_columns = {columns.headings.get(c) for c in columns.fields.get("name", [])}
        if any(doubt.field in name_columns for doubt in found):
            item.award["_name_doubt"] = True
            if item.linked:
                item.award["recipient"] = item.name
                item.award.setdefault("role", roles.get(item.linked))
                item.linked = None
    report.notes.insert(0, scan_warning(doubts, source.pages).replace(
        "hồ sơ luôn là bản nháp", "bảng vàng được ghi ở dạng bản nháp (status: draft)"))
    report.notes[1:1] = pages_without_rows(source)


def pages_without_rows(source: Source) -> list[str]:
    """A page of a scan after the list began that gave no row of any list: its table was
    not found (a photo of page 2 whose rules were not read, session 25), and its rows would
    be lost without a word. Said, naming the page."""
    read = {page for sheet in source.sheets for page in sheet.scan_pages}
    if not read:
        return []
    return [f"Trang {page} của bản quét không cho dòng nào của danh sách: nếu danh sách còn "
            f"tiếp ở trang {page}, các dòng đó CHƯA được nhập. Hãy quét hoặc chụp lại trang "
            f"{page} cho thẳng, rõ các đường kẻ bảng, rồi nhập riêng trang đó"
            for page in range(min(read) + 1, source.pages + 1) if page not in read]


def _no_list(source: Source) -> str:
    if not any(any(row) for sheet in source.sheets for row in sheet.rows):
        return "tệp không có dữ liệu (bảng trống). Hãy kiểm tra đã chọn đúng tệp danh sách"
    where = "các bảng trong văn bản" if source.kind == "docx" else "20 dòng đầu"
    return (f"không tìm thấy dòng tiêu đề cột của danh sách trong {where}: cần ít nhất cột "
            "“Họ và tên” (hoặc “Họ tên”, “Tên tập thể”) và một cột khác như “STT”, “Chức vụ”, "
            "“Lớp”, “Danh hiệu”, “Hình thức”. Hãy thêm dòng tiêu đề cột rồi nhập lại")


def _document_lines(source: Source, data_tables: set[int], stop: int) -> list[str]:
    """A Word document's text up to `stop`: layout tables (header, signature) read column by
    column in their place, list tables left out."""
    out = []
    for line in source.lines[:stop]:
        if line.startswith("\x00table "):
            number = int(line.split()[1])
            if number not in data_tables:
                out += source.tables_text[number]
        else:
            out.append(line)
    return out


def _above(source: Source, sheet: Sheet, columns: Columns, data_tables: set[int]) -> list[str]:
    """The title block of this list: rows above its header, and in a Word document the text
    since the previous list."""
    lines = []
    if source.kind in DOCUMENTS:
        since = max((i for i, line in enumerate(sheet.before)
                     if line.startswith("\x00table ") and int(line.split()[1]) in data_tables),
                    default=-1)
        lines = _document_lines(Source("docx", [], sheet.before[since + 1:],
                                       tables_text=source.tables_text), data_tables,
                                len(sheet.before))
    for row in sheet.rows[:columns.header]:
        cells = list(dict.fromkeys(cell for cell in row if cell))
        if cells:
            lines.append(" ".join(cells))
    return lines


def _table(sheet: Sheet, columns: Columns, local: list[str], document: list[str],
           doc: Facts, options: Options, vocabulary: Vocabulary) -> tuple[Table, str | None]:
    """What holds for the whole list; ImportFailure naming the option to add when the
    decision, its date or the level is neither written nor in a column of its own."""
    facts = read_facts(local, vocabulary)
    where = f"{sheet.label}: " if sheet.label else ""
    number = options.number or facts.number or doc.number
    if not number and not columns.has("decision"):
        raise ImportFailure(f"{where}không tìm thấy số quyết định (ví dụ dòng “Kèm theo Quyết "
                            "định số 52/QĐ-… ngày …” trên bảng, hoặc cột “Số QĐ”); hãy chạy lại "
                            "với --decision \"52/QĐ-…\"")
    day = options.date or format_date(facts.date or doc.date) or None
    if not day and not columns.has("decision_date"):
        raise ImportFailure(f"{where}không tìm thấy ngày của quyết định {number or ''}".rstrip()
                            + "; hãy chạy lại với --date dd/mm/yyyy")
    issuer = facts.issuer or doc.issuer
    level = options.level or level_of(issuer, number, vocabulary)
    if not level and not columns.has("level"):
        raise ImportFailure(f"{where}không rõ cấp khen của quyết định {number or ''} (không thấy "
                            f"người ký); hãy chạy lại với --level, một trong: "
                            f"{', '.join(vocabulary.lists['levels'])}")
    year = options.year or facts.school_year or doc.school_year
    award = options.award or _shared_award(local, document, vocabulary)
    table = Table(number, day, level, year, award, forced=bool(options.award),
                  group=group_of(local))
    return table, issuer


def _shared_award(local: list[str], document: list[str], vocabulary: Vocabulary):
    """The title or form the whole list shares: named in the line nearest above the table
    ("Danh sách … đạt danh hiệu Lao động tiên tiến"), or in the only article naming one."""
    for line in reversed(local):
        if CITING.match(folded(line)):
            continue      # "Căn cứ … tiêu chuẩn danh hiệu …" is not this list's title
        terms = terms_in(line, vocabulary)
        if len(terms) == 1:
            return terms[0]
    articles = {term for line in document if line.lower().lstrip().startswith(("điều", "dieu"))
                for term in terms_in(line, vocabulary)}
    return articles.pop() if len(articles) == 1 else None


class Batch:
    """The honour rolls touched by one run: what is new, what is there already, the writes."""

    def __init__(self, root: Path, vocabulary: Vocabulary, people: list[Person], dry_run: bool):
        self.root, self.vocabulary, self.people, self.dry_run = root, vocabulary, people, dry_run
        self.rolls: dict[str, Roll] = {}
        self.ledgers: dict[str, Ledger] = {}
        self.index = People(root, vocabulary, people)
        self.pending: dict[str, list[dict]] = {}
        self.written: list[str] = []
        self.backups: list[str] = []
        self.kept: dict[str, str] = {}        # honour roll → its backup
        self.check = None
        self.check_failed = False

    def place(self, reports: list[Report], failures: list[tuple[str, str]]) -> None:
        """Sort every item of every list into new, already present, or a duplicate row."""
        broken: set[str] = set()
        for report in reports:
            for item in report.rows.items:
                roll = self._roll(item.year, report, failures, broken)
                if roll is None:
                    report.failed = True
                    continue
                if roll.shown not in report.targets:
                    report.targets.append(roll.shown)
                self._place(report, self.ledgers[item.year], item)

    def _roll(self, year: str, report: Report, failures, broken: set[str]) -> Roll | None:
        if year in broken:
            return None
        if year not in self.rolls:
            try:
                self.rolls[year] = roll = open_roll(self.root, year)
            except ImportFailure as failure:
                failures.append((report.file, str(failure)))
                broken.add(year)
                return None
            self.ledgers[year] = Ledger(self.index, self.vocabulary)
            seed(self.ledgers[year], roll.items, roll.shown)
        return self.rolls[year]

    def _place(self, report: Report, ledger: Ledger, item: Item) -> None:
        """New, already in the honour roll, or a repeat of a row read earlier in this run (in
        this list or another file): each row not added is named with the reason."""
        here = f"{item.where[:1].lower()}{item.where[1:]} của {Path(report.file).name}"
        # A name read with doubt from a scan is never taken for one already in the roll.
        found = None if item.award.get("_name_doubt") else ledger.find(item.award)
        if found and found[1]:
            report.present.append((item, found[0]))
            return
        if found:
            report.rows.unread.append((item.where, item.row, f"“{item.name}” trùng với {found[0]} "
                                       "(cùng người, cùng danh hiệu/hình thức, cùng quyết định); "
                                       "bỏ qua dòng này"))
            return
        note = ledger.add(item.award, here)
        if note:
            report.notes.append(note)
        report.added.append(item)
        self.pending.setdefault(item.year, []).append(item.award)

    def write(self, failures: list[tuple[str, str]]) -> None:
        for year, awards in self.pending.items():
            roll = self.rolls[year]
            try:
                if not self.dry_run:
                    save_crops(self.root, year, awards)
                text = verified(roll, appended(roll, awards), awards)
                if self.dry_run:
                    continue
                kept = write_roll(roll, text, self.root)
            except ImportFailure as failure:
                failures.append((roll.shown, str(failure)))
                continue
            except OSError as error:
                failures.append((roll.shown, f"không ghi được tệp ({error.strerror}); chưa ghi gì"))
                continue
            self.written.append(roll.shown)
            if kept:
                self.backups.append(_relative(kept, self.root))
                self.kept[roll.shown] = self.backups[-1]
        if self.written:
            self._check()

    def _check(self) -> None:
        from bangvang import pipeline
        result = pipeline.check(self.root)
        self.check = result.problems
        self.check_failed = bool(result.problems)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


"""`bangvang import entry FILE…`: a writing-contest entry (Word .docx or .txt) → a contest
entry record exemplars/contest/<year>-<slug-of-title>.md.

The entry form's labels are read wherever they are ("Họ và tên: … Lớp: 7A2" on one line,
or in a small table): title ("Tên bài:", else the first heading or bold line), author
("Họ và tên:", "Tác giả:"), class ("Lớp:"), subject ("Viết về:", matched to an exemplar
record), prize ("Giải:"). The rest is the text, as Markdown paragraphs. Private lines
(phone, birth date, address) are never written. A record missing a required field is a
draft (status: draft) with a comment saying what to fill in; no file is ever overwritten.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bangvang.records.data import load_vocabulary
from bangvang.records.loader import ID_PATTERN
from bangvang.problems import Problems
from bangvang.records.text import fold, nfc, slugify
from .honours import quoted, scalar
from .people import class_of, clean_name, load_people, match_person, role_in
from .legacy import convert_docx
from .reading import ImportFailure, ReadLines, read_lines
from .vietnamese import folded, is_upper_line, sentence_case

FOLDER = "exemplars/contest"
LABELS = {
    "title": ("ten bai", "ten bai viet", "ten bai du thi", "ten bai thi", "tieu de", "nhan de",
              "ten tac pham", "ten bai viet du thi"),
    "author": ("ho va ten", "ho ten", "tac gia", "nguoi viet", "ho va ten tac gia",
               "ho ten tac gia", "ho va ten nguoi viet", "ho ten nguoi viet", "nguoi du thi",
               "ho va ten nguoi du thi", "ho ten nguoi du thi", "ho va ten hoc sinh"),
    "class": ("lop", "hoc sinh lop", "lop hoc"),
    "role": ("chuc vu", "nghe nghiep", "chuc danh", "doi tuong"),
    "unit": ("don vi", "to", "to chuyen mon", "don vi cong tac"),
    "subject": ("viet ve", "nhan vat", "viet ve guong", "guong dien hinh", "nhan vat trong bai",
                "viet ve nhan vat", "guong nguoi tot viec tot", "guong"),
    "prize": ("giai", "dat giai", "xep giai", "giai thuong"),
    "consent": ("dong y cong bo", "cong bo", "muc dong y"),
    "private": ("dien thoai", "so dien thoai", "sdt", "dt", "ngay sinh", "nam sinh", "dia chi",
                "email", "cccd", "cmnd", "ho ten cha", "ho ten me", "ho ten phu huynh",
                "sdt phu huynh", "noi o"),
    "other": ("truong", "ma bai", "so bao danh", "ngay viet", "khoi", "cuoc thi"),
}
_ALL = sorted(((w, name) for name, words in LABELS.items() for w in words),
              key=lambda pair: -len(pair[0]))
_LABEL = re.compile(r"(?:^|(?<=\s))(" + "|".join(re.escape(w) for w, _ in _ALL) + r")\s*[:：]")
_FIELD_OF = {w: name for w, name in _ALL}
_BANNER = re.compile(r"^\W*(bai du thi|bai viet du thi|cuoc thi|hoi thi|cong hoa|doc lap|"
                     r"truong |phong |so giao duc|uy ban|lien doi|the le|de tai)|cuoc thi viet")
_END = "." "!" "?" ":" ";" "…" "\"" "”" ")"
REQUIRED = {"title": "tên bài (“Tên bài:”)", "author": "họ tên tác giả (“Họ và tên:”)",
            "role": "tác giả là ai (“Lớp:” hoặc “Chức vụ:”)",
            "subject": "nhân vật được viết về (“Viết về:”)", "year": "năm cuộc thi (--year)"}


def add_entry_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "entry", help="bài dự thi (Word .docx, .txt) → exemplars/contest/",
        description="Chuyển bài dự thi (Word .docx, .txt) thành hồ sơ bài dự thi "
                    "exemplars/contest/<năm>-<tên-bài>.md. Thiếu thông tin bắt buộc thì hồ sơ "
                    "ở dạng bản nháp; không bao giờ ghi đè tệp đã có.")
    parser.add_argument("files", nargs="+", metavar="TỆP", help="một hay nhiều tệp bài dự thi")
    parser.add_argument("--year", type=_year, metavar="NĂM", help="năm của cuộc thi, ví dụ 2025")
    parser.add_argument("--status", choices=("draft", "published"), default=None,
                        help="draft: luôn ghi là bản nháp (mặc định: bản nháp khi còn thiếu "
                             "thông tin)")
    parser.add_argument("--root", default=".", metavar="THƯ_MỤC", help="thư mục dự án (mặc định: thư mục hiện tại)")
    parser.set_defaults(func=run_entry)


def _year(text: str) -> int:
    import argparse
    if not re.fullmatch(r"\d{4}", text.strip()) or not 1945 <= int(text) <= 2200:
        raise argparse.ArgumentTypeError(f"“{text}” không phải một năm; ví dụ --year 2025")
    return int(text)


@dataclass
class Paragraph:
    text: str
    strong: bool = False      # a heading, a bold line or "# …"


@dataclass
class Entry:
    title: str | None = None
    author: str | None = None
    role: str | None = None
    unit: str | None = None
    subject: str | None = None
    subject_id: str | None = None
    prize: str | None = None
    consent: str | None = None
    year: int | None = None
    body: list[str] = field(default_factory=list)
    private: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def missing(self) -> list[str]:
        have = {"title": self.title, "author": self.author, "role": self.role,
                "subject": self.subject, "year": self.year}
        return [label for name, label in REQUIRED.items() if not have[name]]


# --- reading ---------------------------------------------------------------------------

def read_paragraphs(path: Path) -> list[Paragraph]:
    if path.suffix.lower() != ".docx" or not path.is_file():
        lines = read_lines(path)
        out = ReadLines(_text_paragraph(line) for line in lines)
        out.scanned = getattr(lines, "scanned", False)
        out.warnings = list(getattr(lines, "warnings", []))
        legacy = getattr(lines, "legacy", None)      # text converted from TCVN3 / VNI
        out.warnings += legacy.notes() if legacy else []
        out.doubts, out.images = getattr(lines, "doubts", []), getattr(lines, "images", {})
        return out
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
        document = docx.Document(str(path))
        out = ReadLines()
        # Runs in a legacy font (.VnTime, VNI-Times …) → Unicode, said in the entry's notes.
        out.warnings = convert_docx(document, qn).notes()
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                out += [Paragraph(line) for line in _table_lines(block)]
            else:
                out.append(Paragraph(nfc(block.text), _strong(block)))
        return out
    except Exception:   # python-docx raises many kinds of errors on broken packages
        read_lines(path)   # says what is wrong with the file, when it can
        raise ImportFailure("tệp Word bị hỏng, không mở được. Hãy mở bằng Word, Lưu thành (Save "
                            "As) .docx, rồi nhập lại") from None


def _text_paragraph(line: str) -> Paragraph:
    heading = re.match(r"^\s*#{1,6}\s+(.*)$", line) or re.match(r"^\s*\*\*(.+)\*\*\s*$", line)
    return Paragraph(heading.group(1).strip(), True) if heading else Paragraph(line)


def _strong(paragraph) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower().startswith(("heading", "title")):
        return True
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


def _table_lines(table) -> list[str]:
    """An entry form's table: "Họ và tên │ Nguyễn Văn A" read as "Họ và tên: Nguyễn Văn A"."""
    lines = []
    for row in table.rows:
        cells = list(dict.fromkeys(nfc(c.text).strip() for c in row.cells if c.text.strip()))
        if len(cells) == 2 and len(cells[0]) <= 40 and not cells[0].endswith(":"):
            lines.append(f"{cells[0]}: {cells[1]}")
        elif cells:
            lines.append("   ".join(cells))
    return lines


def labels_in(line: str) -> list[tuple[str, str, str]]:
    """(field, label as written, value) for every "Label: value" in a line."""
    plain = line.strip().lstrip("-*•+ \t")
    key = folded(plain)
    matches = [m for m in _LABEL.finditer(key)]
    out = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(plain)
        value = plain[match.end():end].strip(" \t-–,;.")
        out.append((_FIELD_OF[match.group(1)], plain[match.start():match.end()].rstrip(" :："),
                    value))
    return out if matches and matches[0].start() == 0 else []


# --- extraction ------------------------------------------------------------------------

def extract_entry(paragraphs: list[Paragraph], vocabulary, people, year: int | None) -> Entry:
    entry = Entry(year=year)
    kept: list[tuple[int, Paragraph]] = []
    for index, paragraph in enumerate(paragraphs):
        found = labels_in(paragraph.text)
        if not found:
            if paragraph.text.strip():
                kept.append((index, paragraph))
            continue
        for name, label, value in found:
            _label(entry, name, label, value, vocabulary)
    title_at = None
    if entry.title is None:
        title_at = _title_index(kept)
        if title_at is not None:
            entry.title = _title_text(kept[title_at][1].text)
    start = 0 if title_at is None else title_at + 1
    if title_at is None and entry.title:
        start = next((i for i, (_, p) in enumerate(kept) if not _banner(p.text)), len(kept))
    entry.body = _body([p for _, p in kept[start:]], entry.author)
    if entry.year is None:
        entry.year = _year_in([p.text for _, p in kept[:start]] +
                              [p.text for p in paragraphs if labels_in(p.text)])
    _people(entry, people)
    return entry


def _label(entry: Entry, name: str, label: str, value: str, vocabulary) -> None:
    if not value:
        return
    if name == "title" and not entry.title:
        entry.title = _title_text(value)
    elif name == "author" and not entry.author:
        # "Nguyễn Văn A – Lớp 7A2", "Nguyễn Văn A (lớp 7A2)": the class written with the name
        with_class = re.search(r"\s*[-–,(]\s*(?:lớp|lop)\s+(\S+?)\)?\s*$", value, re.I)
        if with_class and class_of(with_class.group(1)):
            entry.unit = class_of(with_class.group(1))
            entry.role = entry.role or "student"
            value = value[:with_class.start()]
        entry.author = clean_name(value)
    elif name == "class":
        entry.unit = class_of(value) or value
        entry.role = entry.role or "student"
    elif name == "role":
        role, rest = role_in(value)
        entry.role = role or entry.role
        if class_of(rest or value):
            entry.role, entry.unit = "student", class_of(rest or value)
        elif rest and not entry.unit:
            entry.unit = rest
        if not role and not class_of(value):
            entry.notes.append(f"“{label}: {value}”: chưa rõ vai trò của tác giả; hãy điền "
                               "`author.role` (student, teacher, staff, manager, parent)")
    elif name == "unit" and not entry.unit:
        entry.unit = value
    elif name == "subject" and not entry.subject:
        entry.subject = clean_name(value)
    elif name == "prize":
        entry.prize = vocabulary.resolve("prizes", value) or vocabulary.resolve(
            "prizes", f"Giải {value}")
        if not entry.prize:
            entry.notes.append(f"giải “{value}” không có trong danh mục; hãy điền `prize`")
    elif name == "consent":
        entry.consent = _consent(value)
    elif name == "private":
        entry.private.append(label)


def _consent(value: str) -> str | None:
    key = " ".join(re.findall(r"[a-z]+", fold(value)))
    if key.startswith(("khong", "an")):
        return "none"
    if "chu cai" in key or "viet tat" in key:
        return "initials"
    if key.startswith(("dong y", "co")):
        return "name"
    return None


def _banner(text: str) -> bool:
    return bool(_BANNER.search(fold(text).strip()))


def _title_index(kept: list[tuple[int, Paragraph]]) -> int | None:
    """The first heading or bold line that is not the contest's banner; in plain text, the
    first short line, not ending a sentence, that has text after it."""
    candidates = [(i, p) for i, (_, p) in enumerate(kept[:20]) if not _banner(p.text)]
    for i, paragraph in candidates:
        if paragraph.strong and len(paragraph.text) <= 150:
            return i
    for i, paragraph in candidates:
        text = paragraph.text.strip()
        if len(text) <= 120 and not text.endswith((".", ",", ";")) and i + 1 < len(kept):
            return i
    return None


def _title_text(text: str) -> str:
    text = " ".join(text.split()).strip(" \"'“”*#")
    return sentence_case(text) if is_upper_line(text) else text


def _body(paragraphs: list[Paragraph], author: str | None) -> list[str]:
    """Markdown paragraphs: hard-wrapped lines joined, the author's signature left out."""
    out: list[str] = []
    joinable = False
    for paragraph in paragraphs:
        text = " ".join(paragraph.text.split())
        if author and fold(text).strip(" .") == fold(author):
            continue
        if joinable and out and text[:1].islower():
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(re.sub(r"^([#>])", r"\\\1", text))
        joinable = not text.endswith(tuple(_END))
    return out


def _year_in(lines: list[str]) -> int | None:
    years = {int(y) for line in lines for y in re.findall(r"\b(?:nam|năm)\s+(\d{4})\b",
                                                            line.lower())}
    years = {y for y in years if 1945 <= y <= 2200}
    return years.pop() if len(years) == 1 else None


HONORIFICS = {"thay", "co", "bac", "chu", "ban", "em", "ong", "ba", "anh", "chi", "me", "bo",
              "thay giao", "co giao"}


def _people(entry: Entry, people) -> None:
    """The subject as an exemplar id when one record has that name ("thầy Đặng Văn Đỗ" is
    Đặng Văn Đỗ)."""
    if entry.subject:
        words = entry.subject.split()
        names = [entry.subject] + [" ".join(words[size:]) for size in (1, 2)
                                   if len(words) > size + 1 and
                                   " ".join(fold(w) for w in words[:size]) in HONORIFICS]
        if any(p.id == entry.subject for p in people):
            entry.subject_id = entry.subject
            return
        for name in names:
            person, same = match_person(name, None, None, None, people)
            if person or same:
                break
        if person:
            entry.subject_id = person.id
        elif len(same) > 1:
            entry.notes.append(f"nhân vật “{entry.subject}” trùng tên với nhiều hồ sơ "
                               f"({', '.join(p.id for p in same)}); hãy ghi mã hồ sơ vào "
                               "`subject` nếu là một trong số đó")


# --- the record ------------------------------------------------------------------------

def entry_id(entry: Entry) -> str:
    """<year>-<slug of the title>, without any word of a student author's name (an id
    becomes a URL, and a student's name is hidden unless the family agreed)."""
    words = slugify(entry.title or "bai-du-thi").split("-")
    if entry.author and entry.role == "student" and entry.consent not in ("name", "full"):
        hidden = {w for w in slugify(entry.author).split("-") if len(w) >= 2} - {"van", "thi"}
        words = [w for w in words if w not in hidden]
    words = [w for w in words if w][:8] or ["bai", "du", "thi"]
    record_id = "-".join([str(entry.year or dt.date.today().year)] + words)[:70].rstrip("-")
    return record_id if ID_PATTERN.match(record_id) else f"{entry.year or 'nhap'}-bai-du-thi"


def render_entry(entry: Entry, source: str, status: str) -> str:
    missing = entry.missing()
    lines = ["---", f"# Nhập từ “{source}” bằng `bangvang import entry`; hãy soát lại rồi xoá "
             "dòng này."]
    if missing:
        lines.append(f"# Chưa tìm thấy: {'; '.join(missing)}. Hãy điền rồi đổi status thành "
                     "published.")
    for note in entry.notes:
        if note.startswith("Đọc từ bản quét"):
            lines.append("# " + " ".join(note.split()))
    lines.append(f"contest_year: {entry.year or ''}".rstrip())
    lines.append(f"title: {quoted(entry.title) if entry.title else ''}".rstrip())
    lines.append("author:")
    lines.append(f"  name: {scalar(entry.author) if entry.author else ''}".rstrip())
    lines.append(f"  role: {entry.role or ''}".rstrip())
    if entry.unit:
        lines.append(f"  unit: {scalar(entry.unit)}")
    if entry.consent:
        lines.append(f"  consent: {entry.consent}")
    subject = entry.subject_id or entry.subject
    lines.append(f"subject: {scalar(subject) if subject else ''}".rstrip())
    if entry.prize:
        lines.append(f"prize: {entry.prize}")
    lines.append(f"status: {status}")
    lines.append("---")
    body = "\n\n".join(entry.body) or "(Chưa có nội dung bài viết.)"
    return "\n".join(lines) + "\n\n" + body + "\n"


def write_new(folder: Path, record_id: str, text: str) -> Path:
    """Write under a name no file has yet: <id>.md, <id>-2.md …, never replacing one."""
    folder.mkdir(parents=True, exist_ok=True)
    number = 1
    while True:
        name = record_id if number == 1 else f"{record_id}-{number}"
        path = folder / f"{name}.md"
        try:
            with open(path, "x", encoding="utf-8", newline="\n") as file:
                file.write(text)
            return path
        except FileExistsError:
            number += 1


def free_id(folder: Path, record_id: str) -> str:
    """The id write_new would give now (<id>, <id>-2 …): a scan's crops are saved under it."""
    number = 1
    while (folder / f"{record_id if number == 1 else f'{record_id}-{number}'}.md").exists():
        number += 1
    return record_id if number == 1 else f"{record_id}-{number}"


def run_entry(args) -> int:
    root = Path(args.root)
    problems = Problems()
    vocabulary = load_vocabulary(root, problems)
    if vocabulary is None:
        print(f"✗ Không đọc được danh mục data/vocabulary.yml của dự án ở “{root}”. Hãy chạy "
              "lệnh trong thư mục dự án (hoặc thêm --root) và chạy `bangvang check`",
              file=sys.stderr)
        return 1
    people = load_people(root)
    failed, written = 0, []
    for name in args.files:
        try:
            written.append(_import_one(Path(name), args, root, vocabulary, people))
        except ImportFailure as failure:
            print(f"✗ {name}: {failure}", file=sys.stderr)
            failed += 1
        except Exception as error:  # never a traceback for the person importing
            print(f"✗ {name}: lỗi không lường trước khi đọc tệp ({type(error).__name__}). Hãy "
                  "mở bằng Word, Lưu thành (Save As) .docx hoặc .txt (UTF-8) rồi nhập lại",
                  file=sys.stderr)
            failed += 1
    bad = _check(root, written) if written else False
    return 1 if failed or bad else 0


def _restore_marks(paragraphs: list[Paragraph], root: Path, source: str) -> list[str]:
    """Marks put back in paragraphs that lost them, where the words leave no doubt
    (diacritics.py); the warnings say where, and what was left for a person."""
    from .diacritics import corrected_lines, model_for, restore_lines
    texts, warnings = restore_lines([p.text for p in paragraphs], model_for(root), source)
    if getattr(paragraphs, "scanned", False):     # marks OCR misread, in known phrases
        texts, fixed = corrected_lines(texts, model_for(root), source)
        warnings += fixed
    for paragraph, text in zip(paragraphs, texts):
        paragraph.text = text
    return warnings


def _import_one(path: Path, args, root: Path, vocabulary, people) -> Path:
    paragraphs = read_paragraphs(path)
    restored = _restore_marks(paragraphs, root, path.name)
    entry = extract_entry(paragraphs, vocabulary, people, args.year)
    entry.notes += restored
    if not entry.body and not entry.title:
        raise ImportFailure("không thấy tên bài hay nội dung bài viết trong tệp")
    missing = entry.missing()
    # Read from a scan: never published unread, the doubts listed in the record.
    entry.notes = list(getattr(paragraphs, "warnings", [])) + entry.notes
    scanned = getattr(paragraphs, "scanned", False) or bool(restored)
    # Nothing imported is published unread: a draft unless the team says it has read it.
    status = "published" if args.status == "published" and not (missing or scanned) else "draft"
    # The crops go under the id the record will have (a second import is "<id>-2").
    record_id = free_id(root / FOLDER, entry_id(entry))
    _save_crops(root, record_id, paragraphs, entry)
    target = write_new(root / FOLDER, record_id, render_entry(entry, path.name, status))
    if getattr(paragraphs, "images", None) and getattr(paragraphs, "doubts", None):
        from .scancrops import save_doubt_list    # under the id written (maybe "…-2")
        save_doubt_list(root, "entries", target.stem, paragraphs.doubts,
                        [p.text for p in paragraphs],
                        {"title": entry.title, "author.name": entry.author,
                         "author.unit": entry.unit, "subject": entry.subject})
    shown = f"{FOLDER}/{target.name}"
    state = "bản nháp, status: draft" if status == "draft" else "sẵn sàng công bố sau khi soát"
    print(f"✓ {path} → {shown} ({state})")
    subject = entry.subject and (f"{entry.subject} (hồ sơ {entry.subject_id})"
                                 if entry.subject_id and entry.subject_id != entry.subject
                                 else entry.subject)
    facts = [f"tên bài: {entry.title or '(chưa có)'}", f"tác giả: {entry.author or '(chưa có)'}"
             + (f" ({entry.unit})" if entry.unit else ""), f"viết về: {subject or '(chưa có)'}",
             f"năm {entry.year or '(chưa có)'}", f"{len(entry.body)} đoạn"]
    print("  " + "; ".join(facts))
    if missing:
        print(f"  ! Chưa tìm thấy: {'; '.join(missing)}. Hãy điền trong {shown} rồi đổi status "
              "thành published")
    if args.status == "published" and missing:
        print("  ! Chưa thể công bố (--status published) khi còn thiếu thông tin: hồ sơ để ở "
              "dạng bản nháp")
    if entry.private:
        print(f"  Bỏ qua thông tin riêng tư: {', '.join(dict.fromkeys(entry.private))} (không "
              "ghi vào hồ sơ)")
    for note in entry.notes:
        print(f"  ? {note}")
    return target


def _save_crops(root: Path, record_id: str, paragraphs, entry: Entry) -> None:
    """An entry read from a scan or photo: its doubtful lines saved as images beside the
    draft (scan-crops/entries/<id>/, never published), the scan's warning naming each."""
    from .scan import scan_warning
    from .scancrops import clear_crops, save_line_crops
    clear_crops(root, "entries", record_id)     # left by a record of this id since removed
    images, doubts = getattr(paragraphs, "images", None), getattr(paragraphs, "doubts", None)
    warnings = getattr(paragraphs, "warnings", None)
    if not images or not doubts or not warnings:
        return
    before = warnings[0]
    save_line_crops(root, "entries", record_id, doubts, images)
    after = scan_warning(doubts, len(images))
    entry.notes = [after if note == before else note for note in entry.notes]


def _check(root: Path, written: list[Path]) -> bool:
    """Check the project with the new records; True when one of them has a problem."""
    from .cli import report_check
    return report_check(root, {f"{FOLDER}/{p.name}" for p in written})

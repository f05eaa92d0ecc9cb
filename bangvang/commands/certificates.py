"""`bangvang giay-khen <năm học>`: print-ready PDF certificates for the award ceremony.

Which awards are printed: those the school issues itself, that is every award of level
`truong` that is either a Giấy khen (form `giay-khen`) or an emulation title (danh hiệu, e.g.
Lao động tiên tiến, Học sinh xuất sắc) recognised at school level. Awards of a higher level
(phường/xã, quận/huyện, tỉnh …) are printed by the body that grants them, and other forms at
school level (a school issues no Bằng khen or Kỷ niệm chương): both are listed as skipped.

Full names: certificates are printed, never published, so they carry the recipient's full name
whatever the consent for the site. The Catalog holds only what may be published, so the honour
roll's own file (and the exemplar record an award line cites) is read again here, but only
after `pipeline.check` has passed on the whole project.

Output: A4 landscape PDF (WeasyPrint: HTML + CSS with a Jinja2 template, autoescape on), one
file per award or one file with one page per award, into `giay-khen/<năm học>/` (git-ignored);
never into site/, a record folder, or outside the project. WeasyPrint and its system libraries
(Pango) load only when this command runs; the font is a Debian font file, embedded.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from bangvang.records import kinds
from bangvang import pipeline
from bangvang.records.fields import Context, check_mapping
from bangvang.records.loader import ID_PATTERN, read_record
from bangvang.problems import Problems
from bangvang.records.text import SCHOOL_YEAR, fold, normalise_number, slugify

SCHOOL_LEVEL = "truong"
GIAY_KHEN = "giay-khen"
DEFAULT_FOLDER = "giay-khen"
# Where certificates may not go: what is published, the records and the tool's own folders.
FORBIDDEN = ("content", "data", "plans", "exemplars", "hooks", "overrides", "schemas", ".build",
             ".git", ".venv")
# Serif font files with Vietnamese glyphs (first complete set wins): regular, bold, italic,
# bold italic. Debian's fonts-liberation2 (Times New Roman metrics), then fonts-dejavu.
FONT_SETS = (
    ("/usr/share/fonts/truetype/liberation2", ("LiberationSerif-Regular.ttf",
     "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf")),
    ("/usr/share/fonts/truetype/dejavu", ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf",
     "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf")),
    ("C:/Windows/Fonts", ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf")),
)
FONT_FACES = (("normal", "normal"), ("bold", "normal"), ("normal", "italic"), ("bold", "italic"))
INSTALL_HINT = ("chạy `make giay-khen NAM_HOC=…` (cài tự động khi có quyền root và apt-get), "
                "hoặc cài các gói Debian libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2")
MAX_REASON = 700   # characters of "Đã có thành tích" that fit on the page at the smallest size
ADMIN_UNITS = ("thành phố", "thị trấn", "thị xã", "phường", "xã", "quận", "huyện", "tỉnh")


class CertificateError(Exception):
    """Something the user must fix; the message is Vietnamese and printed as is."""


@dataclass
class Certificate:
    heading: str            # GIẤY KHEN, or the title's name in capitals
    year: str | None        # school year, on title certificates
    name: str               # full name, always
    role_line: str
    reason: str
    decision_number: str
    decision_date: str
    place_date: str
    file_stem: str
    cut: bool = False       # the reason was too long and was cut
    heading_size: float = 40
    name_size: float = 30
    reason_size: float = 16


# --- the command ------------------------------------------------------------------------------

def add_parser(sub) -> None:
    """`bangvang giay-khen`, registered by cli.build_parser."""
    parser = sub.add_parser("giay-khen", help="in giấy khen (PDF khổ A4 ngang) cho các khen "
                            "thưởng do trường cấp trong một năm học")
    parser.add_argument("school_year", nargs="?", metavar="NĂM_HỌC", help="ví dụ 2024-2025")
    parser.add_argument("--decision", metavar="SỐ", help="chỉ in theo một quyết định, ví dụ "
                        "52/QĐ-THCSHA hoặc 52")
    parser.add_argument("--out", metavar="THƯ_MỤC", help="thư mục ghi, trong dự án (mặc định "
                        f"{DEFAULT_FOLDER}/<năm học>)")
    parser.add_argument("--one-file", action="store_true", help="một tệp PDF, mỗi giấy khen "
                        "một trang")
    parser.set_defaults(func=cmd_giay_khen)


def cmd_giay_khen(args) -> int:
    root = Path(args.root).resolve()
    try:
        year = _school_year(root, args.school_year)
        from bangvang.commands import pdfdoc   # the paper commands' shared steps (it imports us)
        out = pdfdoc.output_folder(root, f"{DEFAULT_FOLDER}/{year}", args.out, "giấy khen")
        result = pipeline.check(root)
        if result.problems.warnings:
            print(result.problems.warning_report(), file=sys.stderr)
        if result.problems:
            print(result.problems.report(), file=sys.stderr)
            print("Chưa in giấy khen nào: hãy sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
            return 1
        catalog = result.catalog
        if year not in catalog.honour_rolls:
            known = ", ".join(sorted(catalog.honour_rolls)) or "chưa có"
            raise CertificateError(f"không có bảng vàng năm học {year} (tệp exemplars/honours/"
                                   f"{year}.yml); các năm học có bảng vàng: {known}")
        awards = read_awards(root, year, catalog.vocabulary)
        printed, skipped = select(awards, catalog.vocabulary, args.decision)
        certificates = [make_certificate(a, catalog.vocabulary, catalog.school, year)
                        for a in printed]
        _name_files(certificates)
        written = render(certificates, catalog.school, out, year, args.one_file, args.decision)
    except CertificateError as error:
        print(f"Lỗi: {error}.", file=sys.stderr)
        return 1
    _report(root, certificates, written, skipped, catalog.school)
    return 0


def _school_year(root: Path, value: str | None) -> str:
    text = (value or "").strip()
    match = SCHOOL_YEAR.match(text)
    if match and int(match.group(2)) == int(match.group(1)) + 1:
        return text
    folder = root / kinds.HONOUR_ROLL.folder
    known = sorted(p.stem for p in folder.glob("*.y*ml")) if folder.is_dir() else []
    hint = f"; các năm học có bảng vàng: {', '.join(known)}" if known else ""
    example = known[-1] if known else "2024-2025"
    if not text:
        raise CertificateError(f"hãy ghi năm học, ví dụ `bangvang giay-khen {example}`{hint}")
    raise CertificateError(f"năm học “{text[:40]}” chưa đúng dạng; hãy viết ví dụ "
                           f"`bangvang giay-khen {example}`{hint}")


# --- the honour roll's own records, with full names ---------------------------------------------

def read_awards(root: Path, year: str, vocabulary) -> list[dict]:
    """Every award line of the year's honour roll, converted, with the recipient's full name,
    role and unit (from the cited exemplar record when the line gives its id)."""
    problems = Problems()
    folder = root / kinds.HONOUR_ROLL.folder
    path = next((folder / f"{year}{e}" for e in kinds.HONOUR_ROLL.endings
                 if (folder / f"{year}{e}").is_file()), None)
    raw = read_record(root, "honour_roll", path, problems) if path else None
    if raw is None:
        raise CertificateError(f"không đọc được bảng vàng năm học {year}")
    ctx = Context(raw.path, vocabulary, problems)
    values = check_mapping(kinds.HONOUR_ROLL.fields, raw.data, ctx)
    awards = []
    for award in values["awards"] or []:
        if award is None:
            continue
        own = _exemplar(root, award["recipient"], vocabulary)
        if own is not None:
            award = {**award, "recipient": own["name"], "role": own["role"],
                     "kind": own["kind"], "unit": award["unit"] or own["unit"]}
        awards.append(award)
    return awards


def _exemplar(root: Path, record_id: str, vocabulary) -> dict | None:
    """The checked fields of exemplars/<id>.md, drafts included, or None."""
    path = root / kinds.EXEMPLAR.folder / f"{record_id}.md"
    if not ID_PATTERN.match(record_id) or not path.is_file():
        return None
    problems = Problems()
    raw = read_record(root, "exemplar", path, problems)
    if raw is None:
        return None
    draft = raw.data.get("status") == "draft"
    return check_mapping(kinds.EXEMPLAR.fields, raw.data, Context(raw.path, vocabulary, problems,
                                                                   draft=draft))


def honour_label(award: dict, vocabulary) -> str:
    return vocabulary.label(*(("titles", award["title"]) if award["title"] else
                              ("forms", award["form"])))


def _decision_key(number: str) -> str:
    return fold(normalise_number(number)).replace(" ", "")


def select(awards: list[dict], vocabulary, decision: str | None) -> tuple[list, list]:
    """(awards the school prints, [(award, why skipped)]), in decision order; --decision
    matches the whole number ("52/QĐ-THCSHA") or its first part ("52")."""
    if decision:
        wanted = _decision_key(decision)
        chosen = [a for a in awards if wanted in (_decision_key(a["decision"]["number"]),
                  _decision_key(a["decision"]["number"]).split("/")[0])]
        if not chosen:
            numbers = sorted({normalise_number(a["decision"]["number"]) for a in awards})
            raise CertificateError(f"không có khen thưởng nào theo quyết định “{decision[:60]}”; "
                                   f"các quyết định trong năm học: {', '.join(numbers)}")
        awards = chosen
    printed, skipped = [], []
    for award in sorted(awards, key=lambda a: (a["decision"]["date"], a["decision"]["number"])):
        honour = honour_label(award, vocabulary)
        if award["level"] != SCHOOL_LEVEL:
            level = vocabulary.label("levels", award["level"])
            skipped.append((award, f"{honour}, cấp {level}"))
        elif award["form"] and award["form"] != GIAY_KHEN:
            skipped.append((award, f"{honour}: trường không cấp hình thức này"))
        else:
            printed.append(award)
    return printed, skipped


# --- what one certificate says ----------------------------------------------------------------

def make_certificate(award: dict, vocabulary, school: dict, year: str) -> Certificate:
    label = honour_label(award, vocabulary)
    heading = label.upper()
    name = award["recipient"]
    reason = award["reason"] or ""
    cut = len(reason) > MAX_REASON
    if cut:
        reason = reason[:MAX_REASON].rsplit(" ", 1)[0] + " …"
    date = award["decision"]["date"]
    return Certificate(
        heading=heading, year=year if award["title"] else None, name=name,
        role_line=role_line(award, vocabulary), reason=reason, cut=cut,
        decision_number=normalise_number(award["decision"]["number"]),
        decision_date="{}/{}/{}".format(*_day_month(date), date.year),
        place_date=place_date(school.get("place"), date),
        file_stem=f"{slugify(name)[:60] or 'nguoi-nhan'}-{slugify(label)[:40]}",
        heading_size=_size(len(heading), ((12, 44), (20, 36), (28, 30), (40, 24)), 20),
        name_size=_size(len(name), ((24, 36), (34, 27), (48, 22), (80, 18)), 15),
        reason_size=_size(len(reason), ((110, 16), (220, 14.5), (420, 13), (560, 12)), 11))


def _size(length: int, steps: tuple, smallest: float) -> float:
    """The font size for a text of `length` characters: the first step it fits."""
    return next((size for limit, size in steps if length <= limit), smallest)


def role_line(award: dict, vocabulary) -> str:
    """"Học sinh lớp 7A2", "Giáo viên Tổ Toán - Tin"; a collective's unit alone."""
    role, unit = award["role"], award["unit"] or ""
    if role == "collective" or award["kind"] == "collective":
        return unit
    label = vocabulary.label("roles", role) if role else ""
    if not unit:
        return label
    if role == "student" and not fold(unit).startswith("lop "):
        unit = f"lớp {unit}"
    if label and fold(unit).startswith(fold(label)):
        return unit
    return f"{label} {unit}".strip()


def _day_month(day: dt.date) -> tuple[str, str]:
    """Days below 10 and the months 1 and 2 are written with a leading zero (Nghị định
    30/2020/NĐ-CP): 05/01, 25/5."""
    return (f"{day.day:02d}" if day.day < 10 else str(day.day),
            f"{day.month:02d}" if day.month < 3 else str(day.month))


def place_name(place: str | None) -> str:
    """The place as documents write it: "phường Hòa An" → "Hòa An", but "Phường 5"."""
    text = " ".join((place or "").split())
    for unit in ADMIN_UNITS:
        if text.lower().startswith(unit + " "):
            rest = text[len(unit) + 1:]
            text = text if rest.isdigit() else rest
            break
    return text[:1].upper() + text[1:]


def place_date(place: str | None, day: dt.date) -> str:
    d, m = _day_month(day)
    where = place_name(place)
    return f"{where}, ngày {d} tháng {m} năm {day.year}" if where else \
        f"Ngày {d} tháng {m} năm {day.year}"


def _name_files(certificates: list[Certificate]) -> None:
    """ASCII file names, unique: the decision number, then a counter, tell twins apart."""
    seen: set[str] = set()
    for c in certificates:
        stem = c.file_stem
        if stem in seen:
            stem = f"{c.file_stem}-{slugify(c.decision_number)}"
        count = 2
        while stem in seen:
            stem, count = f"{c.file_stem}-{count}", count + 1
        seen.add(stem)
        c.file_stem = stem


def school_header(school: dict) -> dict:
    name = " ".join(str(school.get("name") or "").split())
    upper = name.upper()
    issuer = upper if fold(name).startswith("truong ") else f"TRƯỜNG {upper}"
    parent = " ".join(str(school.get("parent_body") or "").split()).upper()
    # `principal` (kinds.SCHOOL) is optional: without it the signature line stays blank.
    principal = " ".join(str(school.get("principal") or "").split())
    return {"name": issuer, "parent": parent, "granter": f"HIỆU TRƯỞNG {issuer}",
            "principal": principal}


# --- rendering --------------------------------------------------------------------------------

def missing_requirements() -> str | None:
    """Why certificates cannot be made on this machine (Vietnamese), or None."""
    try:
        _weasyprint()
        font_files()
    except CertificateError as error:
        return str(error)
    return None


def _weasyprint():
    from PIL import ImageFile
    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        import weasyprint
        # Its image module sets the flag when first imported, which rendering a picture (the
        # Sổ vàng's photos) would do later: import it now, inside this try.
        import weasyprint.images  # noqa: F401
    except ImportError:
        raise CertificateError("chưa cài WeasyPrint (thư viện tạo PDF); hãy chạy `make site` "
                               "hoặc `pip install -r requirements.lock`") from None
    except OSError:
        raise CertificateError(f"WeasyPrint cần thư viện Pango của hệ thống; hãy {INSTALL_HINT}") \
            from None
    finally:
        # Importing WeasyPrint makes Pillow accept truncated images in the whole process; the
        # photo checks (images.py) rely on Pillow refusing them, and certificates have no image.
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    return weasyprint


def font_files() -> list[Path]:
    for folder, names in FONT_SETS:
        paths = [Path(folder) / name for name in names]
        if all(p.is_file() for p in paths):
            return paths
    raise CertificateError(f"không tìm thấy phông chữ có dấu tiếng Việt; hãy {INSTALL_HINT}")


def html_and_css(certificates: list[Certificate], school: dict, fonts: list[Path]) -> tuple:
    env = Environment(loader=PackageLoader("bangvang", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    html = env.get_template("certificate/certificate.html.j2").render(
        certificates=certificates, school=school_header(school))
    css = env.loader.get_source(env, "certificate/certificate.css")[0]
    faces = "".join(f'@font-face {{ font-family: "BV Serif"; src: url("{path.as_uri()}"); '
                    f"font-weight: {weight}; font-style: {style}; }}\n"
                    for path, (weight, style) in zip(fonts, FONT_FACES))
    return html, faces + css


def render(certificates: list[Certificate], school: dict, out: Path, year: str,
           one_file: bool, decision: str | None) -> list[Path]:
    """Write the PDFs (each through a temporary file, then renamed); the paths written."""
    if not certificates:
        return []
    weasyprint = _weasyprint()
    fonts = font_files()
    from weasyprint.text.fonts import FontConfiguration
    allowed = {path.as_uri() for path in fonts}

    class FontsOnly(weasyprint.URLFetcher):
        """Nothing but the font files is ever fetched: record text cannot reach a URL."""
        def fetch(self, url, headers=None):
            if url not in allowed:
                raise ValueError("refused")
            return super().fetch(url, headers)

    html, css = html_and_css(certificates, school, fonts)
    config = FontConfiguration()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        document = weasyprint.HTML(string=html, url_fetcher=FontsOnly()).render(
            stylesheets=[weasyprint.CSS(string=css, font_config=config, url_fetcher=FontsOnly())],
            font_config=config)
        out.mkdir(parents=True, exist_ok=True)
        if one_file:
            suffix = f"-qd-{slugify(decision)}" if decision else ""
            return [_write(document, out / f"giay-khen-{year}{suffix}.pdf")]
        return [_write(document.copy([page]), out / f"{c.file_stem}.pdf")
                for page, c in zip(document.pages, certificates)]
    except OSError as error:
        raise CertificateError(f"không ghi được tệp PDF vào {out} ({error.strerror or error})") \
            from None
    except Exception as error:  # the renderer is a third party's: a message, never a traceback
        raise CertificateError(f"không tạo được tệp PDF ({type(error).__name__}: "
                               f"{str(error)[:200]})") from None


def _write(document, path: Path) -> Path:
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        document.write_pdf(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def _report(root: Path, certificates: list, written: list[Path], skipped: list,
            school: dict) -> None:
    shown = lambda path: path.relative_to(root).as_posix()  # noqa: E731
    if not certificates:
        print("Không có giấy khen nào do trường cấp để in.")
    elif len(written) == 1 and len(certificates) > 1:
        print(f"Đã ghi {len(certificates)} giấy khen (mỗi giấy khen một trang khổ A4 ngang) "
              f"vào {shown(written[0])}.")
    else:
        print(f"Đã ghi {len(certificates)} giấy khen (mỗi giấy khen một tệp PDF khổ A4 ngang) "
              f"vào {shown(written[0].parent)}/.")
    if skipped:
        print(f"Bỏ qua {len(skipped)} khen thưởng không do trường cấp (cơ quan khen thưởng in "
              "giấy khen, bằng khen của mình):")
        for award, why in skipped:
            print(f"  - {award['recipient']}: {why} (quyết định "
                  f"{normalise_number(award['decision']['number'])})")
    if certificates and not school_header(school)["principal"]:
        print("Lưu ý: data/school.yml chưa có tên hiệu trưởng (principal), nên dưới chữ "
              "“HIỆU TRƯỞNG” để trống: hãy ghi tên khi ký.")
    if certificates and not place_name(school.get("place")):
        print("Lưu ý: data/school.yml chưa có địa danh (place), nên dòng ngày tháng không có "
              "địa danh.")
    long = [c.name for c in certificates if c.cut]
    if long:
        print(f"Lưu ý: thành tích quá dài (hơn {MAX_REASON} ký tự) nên đã được cắt trên giấy "
              f"khen của: {', '.join(long)}; hãy rút gọn trong bảng vàng.")

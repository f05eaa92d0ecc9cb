"""`bangvang phieu-dong-y <năm học> [--lop 7A2]`: the consent slip sent home, one A4 page per
child of the year's honour roll, pre-filled with the child's name and class, what the school
would publish (the name as each choice would show it, the photo) and the choices the site
knows (the `consent` list of data/vocabulary.yml, in its order).

Slips carry full names: they go to the family, never online. PDFs (WeasyPrint, as the Giấy
khen) and the team's list of answers (danh-sach.html: who answered what and when, who has not)
are written into the git-ignored `phieu-dong-y/<năm học>/`, never into site/. The answers come
back into data/consent-answers.yml (consent_answers.py says what they do).
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from bangvang import pipeline
from bangvang.checking.people import same_name
from bangvang.commands import consent_answers, pdfdoc
from bangvang.commands.certificates import place_name, school_header
from bangvang.commands.consent_answers import ANSWERS_FILE, Child
from bangvang.commands.pdfdoc import PaperError
from bangvang.problems import Problems
from bangvang.records.data import load_school, load_vocabulary
from bangvang.records.text import initials, slugify

DEFAULT_FOLDER = "phieu-dong-y"
LAW = "Luật Bảo vệ dữ liệu cá nhân năm 2025"


def add_parser(sub) -> None:
    parser = sub.add_parser("phieu-dong-y", help="in phiếu đồng ý công bố thông tin (PDF, mỗi "
                            "học sinh trong bảng vàng một trang) để gửi gia đình")
    parser.add_argument("school_year", nargs="?", metavar="NĂM_HỌC", help="ví dụ 2025-2026")
    parser.add_argument("--lop", metavar="LỚP", help="chỉ in cho một lớp, ví dụ 7A2 (mặc định: "
                        "mọi lớp có học sinh trong bảng vàng năm học đó)")
    parser.add_argument("--chua-tra-loi", action="store_true", help="chỉ in cho học sinh chưa "
                        f"có câu trả lời trong {ANSWERS_FILE}")
    parser.add_argument("--han", metavar="NGÀY", help="hạn gửi lại phiếu, ví dụ 2026-10-15")
    parser.add_argument("--out", metavar="THƯ_MỤC", help="thư mục ghi, trong dự án (mặc định "
                        f"{DEFAULT_FOLDER}/<năm học>)")
    parser.set_defaults(func=cmd_phieu_dong_y)


def cmd_phieu_dong_y(args) -> int:
    root = Path(args.root).resolve()
    try:
        year = pdfdoc.school_year(root, args.school_year, "phieu-dong-y")
        due = _due(args.han)
        out = pdfdoc.output_folder(root, f"{DEFAULT_FOLDER}/{year}", args.out, "phiếu đồng ý")
        catalog = _checked(root)
        if catalog is None:
            return 1
        if year not in catalog.honour_rolls:
            known = ", ".join(sorted(catalog.honour_rolls)) or "chưa có"
            raise PaperError(f"không có bảng vàng năm học {year}; các năm học có bảng vàng: "
                             f"{known}")
        vocabulary = catalog.vocabulary
        children = consent_answers.roll_children(root, year, vocabulary)
        consent_answers.with_answers(
            children, consent_answers.load_answers(root, vocabulary, Problems()), year,
            Problems())
        chosen = _chosen(children, args.lop, args.chua_tra_loi, year)
        written = write_slips(chosen, catalog, year, due, out)
        team = write_team_page(children, catalog, year, out)
    except PaperError as error:
        print(f"Lỗi: {error}.", file=sys.stderr)
        return 1
    _report(root, chosen, written, team, children)
    return 0


def _checked(root: Path):
    result = pipeline.check(root)
    if result.problems.warnings:
        print(result.problems.warning_report(), file=sys.stderr)
    if result.problems:
        print(result.problems.report(), file=sys.stderr)
        print("Chưa in phiếu nào: hãy sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
        return None
    return result.catalog


def _due(text: str | None) -> dt.date | None:
    if not text:
        return None
    from bangvang.records.fields import Context, Date
    problems = Problems()
    from bangvang.records.vocabulary import Vocabulary
    value = Date().convert(text, Context("--han", Vocabulary({}), problems), "han", None)
    if problems or value is None:
        raise PaperError(f"hạn “{text[:30]}” chưa phải một ngày; hãy viết ví dụ --han 2026-10-15 "
                         "hoặc --han 15/10/2026")
    return value


def _chosen(children: list[Child], unit: str | None, unanswered: bool, year: str) -> list:
    if not children:
        raise PaperError(f"bảng vàng năm học {year} không có học sinh nào")
    chosen = children
    if unit:
        chosen = [c for c in children if same_name(c.unit) == same_name(unit.removeprefix("lớp "))]
        if not chosen:
            units = ", ".join(dict.fromkeys(c.unit for c in children))
            raise PaperError(f"bảng vàng năm học {year} không có học sinh lớp “{unit[:20]}”; các "
                             f"lớp có học sinh: {units}")
    if unanswered:
        chosen = [c for c in chosen if c.answer is None]
    return chosen


def choices(child: Child, vocabulary) -> list[dict]:
    """Every consent level, as the slip offers it: its label and what the site would show."""
    shown = {"full": f"{child.name}, lớp {child.unit}, và ảnh của em"
                     + ("" if child.photo else " (khi nhà trường có ảnh)"),
             "name": f"{child.name}, lớp {child.unit} (không có ảnh)",
             "initials": f"{initials(child.name)}, lớp {child.unit} (không có ảnh)",
             "none": "Không ghi tên, không ảnh: chỉ tính vào số lượng khen thưởng"}
    return [{"key": key, "label": vocabulary.label("consent", key), "shows": shown[key],
             "current": key == child.shown}
            for key in sorted(shown, key=lambda k: vocabulary.order("consent", k))]


def slip(child: Child, catalog, year: str, due: dt.date | None, number: int) -> dict:
    school = catalog.school
    return {"name": child.name, "unit": child.unit, "year": year, "number": number,
            "honours": sorted(set(child.honours)), "initials": initials(child.name),
            "choices": choices(child, catalog.vocabulary),
            "current": catalog.vocabulary.label("consent", child.shown),
            "current_key": child.shown,
            "site": school.get("site_url") or "", "due": _date(due) if due else "",
            "place": place_name(school.get("place")), "law": LAW,
            "key": f"{year} · lớp {child.unit} · số {number}"}


def _date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def write_slips(chosen: list[Child], catalog, year: str, due, out: Path) -> list[Path]:
    """One PDF per class, one page per child (printed and handed out by class)."""
    env = pdfdoc.environment()
    css = env.loader.get_source(env, "consent_slip/slip.css")[0]
    by_class: dict[str, list[Child]] = {}
    for child in chosen:
        by_class.setdefault(child.unit, []).append(child)
    written = []
    for unit, group in by_class.items():
        slips = [slip(c, catalog, year, due, n) for n, c in enumerate(group, 1)]
        html = env.get_template("consent_slip/slip.html.j2").render(
            slips=slips, school=school_header(catalog.school))
        document = pdfdoc.render(html, css)
        written.append(pdfdoc.write(document, out / f"lop-{slugify(unit) or 'khac'}.pdf"))
    return written


def write_team_page(children: list[Child], catalog, year: str, out: Path) -> Path:
    """danh-sach.html: per class, each child, the answer and its date, or none yet."""
    html = team_html(children, catalog.vocabulary, catalog.school.get("name") or "", year)
    return pdfdoc.write_text(html, out / "danh-sach.html")


def preview_team_page(root: Path) -> str | None:
    """The same list for the newest honour roll, made when the preview is asked for it
    (/_phieu-dong-y/): read from the files as they are now, never written anywhere. None
    when the project has no roll or its data files do not load."""
    problems = Problems()
    vocabulary = load_vocabulary(root, problems)
    school = load_school(root, problems)
    years = consent_answers.roll_years(root)
    if vocabulary is None or school is None or not years:
        return None
    children = consent_answers.roll_children(root, years[-1], vocabulary)
    consent_answers.with_answers(children, consent_answers.load_answers(root, vocabulary,
                                                                        problems),
                                 years[-1], problems)
    return team_html(children, vocabulary, school.get("name") or "", years[-1])


def team_html(children: list[Child], vocabulary, school: str, year: str) -> str:
    classes: dict[str, list[dict]] = {}
    for child in children:
        answer = child.answer
        classes.setdefault(child.unit, []).append({
            "name": child.name, "shown": vocabulary.label("consent", child.shown),
            "answer": vocabulary.label("consent", answer["consent"]) if answer else "",
            "received": _date(answer["received"]) if answer else "",
            "agrees": answer is None or answer["consent"] == child.shown})
    counts = consent_answers.unanswered_by_class(children)
    return pdfdoc.environment().get_template("consent_slip/team.html.j2").render(
        year=year, school=school, classes=classes, counts=counts,
        answers_file=ANSWERS_FILE, total=len(children),
        missing=sum(m for m, _ in counts.values()))


def _report(root: Path, chosen, written, team, children) -> None:
    shown = lambda path: path.relative_to(root).as_posix()  # noqa: E731
    if not chosen:
        print("Không có phiếu nào cần in: mọi học sinh đã chọn đều có câu trả lời.")
    else:
        print(f"Đã ghi {len(chosen)} phiếu đồng ý (mỗi học sinh một trang A4, mỗi lớp một tệp "
              f"PDF) vào {shown(written[0].parent)}/: " + ", ".join(p.name for p in written) + ".")
    missing = sum(1 for c in children if c.answer is None)
    print(f"Danh sách câu trả lời cho tổ truyền thông (có họ tên đầy đủ, không công bố): "
          f"{shown(team)} — {missing}/{len(children)} học sinh chưa có câu trả lời. Phiếu nhận "
          f"lại: ghi vào {ANSWERS_FILE} (xem hướng dẫn).")

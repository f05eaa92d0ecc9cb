"""One person across the years (people.py): who an award line is, their page, their consent."""
from __future__ import annotations

from bangvang import pipeline
from bangvang.checking.people import Mention, resolve
from bangvang.problems import Problems
from conftest import write


def mention(name, year, unit, role="student", **extra):
    return Mention(name, role, "person", unit, year, extra.pop("consent", None), "x.yml",
                   extra.pop("line", 1), **extra)


def people_of(mentions, exemplars=None):
    problems = Problems()
    identities = resolve(mentions, exemplars or {}, problems)
    groups = sorted(sorted((m.school_year, m.unit) for m in i.mentions) for i in identities)
    return groups, problems


def test_a_student_moving_up_a_class_each_year_is_one_person():
    groups, problems = people_of([mention("Đặng Hải Đăng", "2023-2024", "8A2"),
                                  mention("Đặng Hải Đăng", "2024-2025", "9A1")])
    assert groups == [[("2023-2024", "8A2"), ("2024-2025", "9A1")]]
    assert not problems.warnings


def test_names_that_differ_by_a_tone_or_by_đ_are_different_people():
    groups, _ = people_of([mention("Phạm Văn Ánh", "2023-2024", "7A1"),
                           mention("Phạm Văn Anh", "2023-2024", "7A1"),
                           mention("Dặng Văn Do", "2023-2024", "7A1"),
                           mention("Đặng Văn Đô", "2023-2024", "7A1")])
    assert len(groups) == 4


def test_same_name_in_two_classes_of_one_year_is_two_people_and_a_warning():
    groups, problems = people_of([mention("Nguyễn Văn An", "2023-2024", "7A1", line=4),
                                  mention("Nguyễn Văn An", "2023-2024", "7A3", line=9),
                                  mention("Nguyễn Văn An", "2024-2025", "8A3", line=12)])
    assert groups == [[("2023-2024", "7A1")], [("2023-2024", "7A3"), ("2024-2025", "8A3")]]
    [warning] = problems.warnings
    assert warning.line == 4 and "Nguyễn Văn An" in warning.message
    assert "person: ma-nguoi" in warning.message


def test_classes_that_cannot_be_one_child_are_two_people():
    groups, problems = people_of([mention("Lê Minh", "2023-2024", "9A1"),
                                  mention("Lê Minh", "2025-2026", "9A1")])
    assert len(groups) == 2 and problems.warnings


def test_a_person_id_pins_who_is_who():
    groups, problems = people_of([
        mention("Nguyễn Văn An", "2023-2024", "7A1", pin="an-a"),
        mention("Nguyễn Văn An", "2023-2024", "7A3", pin="an-b"),
        mention("Nguyễn Văn An", "2025-2026", "6A1", pin="an-a")])   # grade makes no sense: pinned
    assert groups == [[("2023-2024", "7A1"), ("2025-2026", "6A1")], [("2023-2024", "7A3")]]
    assert not problems.warnings


def test_teachers_keep_their_identity_across_roles_and_years():
    groups, _ = people_of([mention("Trần Văn Bình", "2023-2024", "Tổ Toán", role="teacher"),
                           mention("Trần Văn Bình", "2025-2026", "Ban Giám hiệu", role="manager"),
                           mention("Trần Văn Bình", "2024-2025", "7A1", role="student")])
    assert len(groups) == 2


def test_a_name_that_is_an_exemplar_s_name_is_that_exemplar():
    problems = Problems()
    [identity] = resolve([mention("Đặng Văn Đỗ", "2024-2025", "Tổ Toán", role="teacher")],
                         {"dang-van-do": ("Đặng Văn Đỗ", "teacher", "person")}, problems)
    assert identity.exemplar == "dang-van-do"


ROLL_2025 = """school_year: "2024-2025"
awards:
  - recipient: Trần Thu Hà
    role: teacher
    unit: Tổ Ngữ văn
    title: lao-dong-tien-tien
    level: truong
    decision: {number: 12/QĐ-THCS, date: 25/05/2025}
    reason: Hoàn thành tốt nhiệm vụ
  - recipient: Trần Thu Hà
    role: teacher
    unit: Tổ Ngữ văn
    form: giay-khen
    level: truong
    decision: {number: 13/QĐ-THCS, date: 26/05/2025}
  - recipient: Võ Thành Công
    role: teacher
    unit: Tổ Toán
    title: lao-dong-tien-tien
    level: truong
    decision: {number: 12/QĐ-THCS, date: 25/05/2025}
    consent: none
"""
ROLL_2024_EXTRA = """  - recipient: Trần Thu Hà
    role: teacher
    unit: Tổ Ngữ văn
    title: lao-dong-tien-tien
    level: truong
    decision: {number: 45/QĐ-THCS, date: 25/05/2024}
  - recipient: Võ Thành Công
    role: teacher
    unit: Tổ Toán
    title: lao-dong-tien-tien
    level: truong
    decision: {number: 45/QĐ-THCS, date: 25/05/2024}
"""


def _school(project):
    write(project, "exemplars/honours/2024-2025.yml", ROLL_2025)
    roll = project / "exemplars/honours/2023-2024.yml"
    write(project, "exemplars/honours/2023-2024.yml", roll.read_text("utf-8") + ROLL_2024_EXTRA)
    result = pipeline.run(project)
    assert not result.problems, result.problems.report()
    return result


def test_a_recipient_has_a_page_with_every_award_school_year_by_school_year(project):
    result = _school(project)
    page = result.output.pages["nguoi/tran-thu-ha.md"]
    assert page.title == "Trần Thu Hà" and page.kind == "Người được khen thưởng"
    html = page.html
    assert html.index("Năm học 2024-2025") < html.index("Năm học 2023-2024")
    assert html.count("Lao động tiên tiến") == 2 and "Giấy khen" in html
    assert "12/QĐ-THCS ngày 25/05/2025" in html and "Hoàn thành tốt nhiệm vụ" in html
    # Every honour-roll row of hers links to the page.
    roll = result.output.pages["bang-vang/2024-2025.md"].html
    assert roll.count('href="../../nguoi/tran-thu-ha/"') == 2
    assert "/nguoi/tran-thu-ha/" in result.urls
    assert "Trần Thu Hà" in result.output.pages["nguoi/index.md"].html


def test_consent_withheld_on_one_line_hides_the_person_on_every_line(project):
    result = _school(project)
    assert "nguoi/vo-thanh-cong.md" not in result.output.pages
    for page in result.output.pages.values():
        assert "Võ Thành Công" not in page.html, page.source
    awards = [a for a in result.catalog.awards() if a.person.role == "teacher"
              and not a.person.listed]
    assert len(awards) == 2   # 2023-2024's line gave no consent: the person's decides


def test_withdrawn_consent_hides_the_person_everywhere_and_the_address_still_answers(project):
    from conftest import run_bangvang
    from sitecheck import all_text
    first = run_bangvang(project, "build")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "/guong-dien-hinh/dang-van-do/" in (project / "data/published-urls.txt").read_text()
    exemplar = project / "exemplars/dang-van-do.md"
    exemplar.write_text(exemplar.read_text("utf-8").replace("unit: Tổ Toán",
                                                            "unit: Tổ Toán\nconsent: none"), "utf-8")
    second = run_bangvang(project, "build")
    assert second.returncode == 0, second.stdout + second.stderr   # not blocked
    assert "/guong-dien-hinh/dang-van-do/" in second.stderr + second.stdout   # said, not silent
    page = (project / "site/guong-dien-hinh/dang-van-do/index.html").read_text("utf-8")
    assert "Nội dung không còn được công bố" in page and 'content="noindex' in page
    # Nothing of him in any file of the site: pages, search index, feeds, data.
    for path, text in all_text(project / "site"):
        if path.startswith("assets/"):
            continue   # the theme's and the search box's own files (a hint says "dang van do")
        assert "Đặng Văn Đỗ" not in text and "dang van do" not in text.lower(), path
    entry = (project / "site/cuoc-thi-viet").rglob("bai-1/index.html")
    assert "Đỗ" not in next(entry).read_text("utf-8").split("<article")[1].split("</article>")[0]


PEOPLE_FILE = """people:
  - id: gv-tran-thu-ha
    name: Trần Thu Hà
    role: teacher
    unit: Tổ Ngữ văn
"""


def test_a_school_s_list_of_people_gives_stable_ids_and_catches_unknown_ones(project):
    write(project, "data/people.yml", PEOPLE_FILE)
    result = _school(project)
    assert "nguoi/gv-tran-thu-ha.md" in result.output.pages      # the school's own id
    assert "nguoi/tran-thu-ha.md" not in result.output.pages
    roll = project / "exemplars/honours/2024-2025.yml"
    write(project, "exemplars/honours/2024-2025.yml", roll.read_text("utf-8").replace(
        "  - recipient: Võ Thành Công\n", "  - recipient: Võ Thành Công\n    person: gv-vo-cong\n"))
    problems = [str(p) for p in pipeline.run(project).problems]
    assert any(p.startswith("exemplars/honours/2024-2025.yml:16: person:")
               and "gv-vo-cong" in p and "data/people.yml" in p for p in problems), problems


def test_the_open_data_has_one_row_per_person_across_the_years(project):
    import json
    result = _school(project)
    people = json.loads(result.output.files["du-lieu/nguoi.json"])
    rows = people if isinstance(people, list) else next(v for v in people.values()
                                                        if isinstance(v, list))
    assert [r["ma"] for r in rows if r["ho_ten"] == "Trần Thu Hà"] == ["tran-thu-ha"]
    awards = json.loads(result.output.files["du-lieu/khen-thuong.json"])
    awards = awards if isinstance(awards, list) else next(v for v in awards.values()
                                                          if isinstance(v, list))
    assert {a["ma_nguoi"] for a in awards if a.get("ho_ten") == "Trần Thu Hà"} == {"tran-thu-ha"}


def test_a_school_full_of_namesakes_shows_a_few_and_lists_all_in_a_file(tmp_path):
    # 1,500 students have hundreds of namesakes: a build shows five, counts the rest and
    # writes every warning to a file it names, so that other warnings are not lost.
    given = ["An", "Bình", "Chi", "Dũng", "Đức", "Hà", "Hương", "Hường", "Khánh", "Lan"]
    mentions = []
    for number, name in enumerate(given):
        mentions += [mention(f"Nguyễn Thị {name}", "2023-2024", "6A1", line=number * 2 + 1),
                     mention(f"Nguyễn Thị {name}", "2023-2024", "8A2", line=number * 2 + 2)]
    _groups, problems = people_of(mentions)
    problems.warn("school.yml", 3, "site_url", "địa chỉ trang web chưa ghi")
    listing = tmp_path / ".build" / "canh-bao.txt"
    report = problems.warning_report(listing).splitlines()
    assert len(report) == 5 + 1 + 1
    assert any("school.yml:3" in line for line in report)          # not lost among them
    assert "… và 5 cảnh báo khác cùng loại" in report[-1] and str(listing) in report[-1]
    written = listing.read_text("utf-8").splitlines()
    assert len(written) == 11 and all(f"Nguyễn Thị {name}" in "\n".join(written) for name in given)
    few = Problems()
    few.warn("a.yml", 1, None, "một cảnh báo")
    assert few.warning_report(listing) == "Cảnh báo: a.yml:1: một cảnh báo"
    assert not listing.exists()                                    # no stale list left behind

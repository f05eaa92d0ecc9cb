"""Initiatives (sáng kiến): records in initiatives/, checked with Vietnamese messages, their
authors resolved to people whose consent is decided once, pages (the initiative, /sang-kien/,
the year pages, the author's own page), open data, plan targets computed from them, `bangvang
new sang-kien` and `bangvang import initiatives`."""
from __future__ import annotations

import csv
import io

import pytest

from bangvang.commands import cli
from bangvang import pipeline
from bangvang.checking import privacy
from bangvang.checking.validate import build_catalog
from conftest import REPO, run_bangvang, write

BASE = """---
title: Góc học tập xanh
authors:
  - name: dang-van-do
  - name: Trần Thị Mơ
    unit: Tổ Văn
school_year: "2023-2024"
field: ngu-van
level: truong
decision: {number: "12/QĐ-THCS", date: 20/05/2024}
applied: true
applied_scope: Toàn trường
campaign: day-tot-hoc-tot
summary: Mỗi lớp một góc học tập có cây xanh và sách.
---
## Cách làm

Mỗi lớp tự trang trí một góc học tập.
"""


@pytest.fixture
def hidden_authors():
    """An author whose consent hides their name is named in their own record's `authors`
    field, which privacy.PERSON_NAME_FIELDS lists so that the scan leaves it to consent (as for
    award recipients); the tests of lowered consent say they rely on it."""
    assert privacy.PERSON_NAME_FIELDS["initiative"] == {"authors[].name"}


def built(project, text=BASE, name="2023-2024-goc-hoc-tap-xanh"):
    write(project, f"initiatives/{name}.md", text)
    result = pipeline.run(project)
    assert not result.problems, result.problems.report()
    return result


def test_an_initiative_has_its_page_and_links_its_authors_pages(project):
    result = built(project)
    pages = result.output.pages
    page = pages["sang-kien/2023-2024-goc-hoc-tap-xanh.md"]
    assert page.title == "Góc học tập xanh" and (page.kind, page.year) == ("Sáng kiến",
                                                                           "2023-2024")
    html = page.html
    assert '<a href="../../guong-dien-hinh/dang-van-do/">Đặng Văn Đỗ</a>' in html
    assert '<a href="../../nguoi/tran-thi-mo/">Trần Thị Mơ</a>' in html
    for fact in ("Ngữ văn", "Cấp trường", "12/QĐ-THCS ngày 20/05/2024", "Đã áp dụng có hiệu quả: Toàn trường",
                 'href="../../phong-trao/day-tot-hoc-tot/"'):
        assert fact in html, fact
    assert "<h2 id=\"cach-lam\">Cách làm</h2>" in html
    # The authors' pages list it: the exemplar's, and the new person page of the other author.
    assert "Góc học tập xanh" in pages["guong-dien-hinh/dang-van-do.md"].html
    person = pages["nguoi/tran-thi-mo.md"]
    assert "Góc học tập xanh" in person.html and "2023-2024" in person.html
    # The index (by school year) and the year page.
    assert '<h2 id="nam-hoc-2023-2024">Năm học 2023-2024 (1)</h2>' in pages["sang-kien/index.md"].html
    assert '<h2 id="sang-kien">Sáng kiến</h2>' in pages["nam-hoc/2023-2024.md"].html
    assert "/sang-kien/2023-2024-goc-hoc-tap-xanh/" in result.urls
    preview = result.shares.meta("sang-kien/2023-2024-goc-hoc-tap-xanh/")
    assert preview["description"] == "Mỗi lớp một góc học tập có cây xanh và sách."


def test_an_author_is_one_person_with_one_consent_across_records(project, hidden_authors):
    # Trần Thị Mơ lowers her consent on a second initiative: both pages then show initials,
    # she has no page of her own, and her name is in no page and no data file.
    second = BASE.replace("Góc học tập xanh", "Thư viện lớp").replace(
        "    unit: Tổ Văn\n", "    unit: Tổ Văn\n    consent: initials\n").replace(
        "  - name: dang-van-do\n", "")
    write(project, "initiatives/2023-2024-thu-vien-lop.md", second)
    result = built(project)
    for source in ("sang-kien/2023-2024-goc-hoc-tap-xanh.md", "sang-kien/2023-2024-thu-vien-lop.md"):
        assert "T.T.M." in result.output.pages[source].html
    everything = "".join(p.html for p in result.output.pages.values()) + "".join(
        data.decode("utf-8", "replace") for path, data in result.output.files.items()
        if path.endswith((".csv", ".json")))
    assert "Trần Thị Mơ" not in everything and "nguoi/tran-thi-mo.md" not in result.output.pages


def test_an_author_who_is_not_listed_is_counted_not_named(project, hidden_authors):
    text = BASE.replace("    unit: Tổ Văn\n", "    unit: Tổ Văn\n    consent: none\n")
    html = built(project, text).output.pages["sang-kien/2023-2024-goc-hoc-tap-xanh.md"].html
    assert "Đặng Văn Đỗ</a> và 1 tác giả không công bố tên" in html
    assert "Trần Thị Mơ" not in html


def test_an_exemplars_consent_can_only_be_lowered_by_an_initiative(project, hidden_authors):
    text = BASE.replace("  - name: dang-van-do\n", "  - name: dang-van-do\n    consent: initials\n")
    result = built(project, text)
    html = result.output.pages["sang-kien/2023-2024-goc-hoc-tap-xanh.md"].html
    assert "Đ.V.Đ." in html and "guong-dien-hinh/dang-van-do/" not in html


def test_a_draft_is_checked_and_not_published(project):
    write(project, "initiatives/nhap.md", "---\ntitle: Chưa xong\nstatus: draft\n---\n")
    result = pipeline.run(project)
    assert not result.problems, result.problems.report()
    assert not any(s.startswith("sang-kien/nhap") for s in result.output.pages)
    assert "Chưa có sáng kiến nào được đăng." in result.output.pages["sang-kien/index.md"].html


def test_mistakes_are_vietnamese_messages_with_file_line_and_field(project):
    text = BASE.replace("level: truong", "level: cap-truong").replace(
        "  - name: dang-van-do\n", "  - name: dang-van-dho\n").replace(
        "summary: Mỗi lớp một góc học tập có cây xanh và sách.\n", "")
    write(project, "initiatives/loi.md", text)
    catalog, problems = build_catalog(project)
    assert catalog is None
    messages = [str(p) for p in problems.items]
    assert any(m.startswith("initiatives/loi.md:9: level:") and "initiative_levels" in m
               and "có phải ý bạn là “truong”" in m for m in messages), messages
    assert any(m.startswith("initiatives/loi.md:") and "summary" in m and "thiếu" in m
               for m in messages), messages


def test_an_author_written_as_an_id_must_be_an_exemplar(project):
    write(project, "initiatives/loi.md", BASE.replace("name: dang-van-do", "name: dang-van-dho"))
    catalog, problems = build_catalog(project)
    [problem] = problems.items
    assert (problem.file, problem.line, problem.field) == ("initiatives/loi.md", 4,
                                                           "authors[1].name")
    assert "trông như mã gương điển hình" in problem.message


def test_a_school_vocabulary_from_before_initiatives_still_loads(project):
    vocabulary = project / "data/vocabulary.yml"
    text = vocabulary.read_text("utf-8")
    vocabulary.write_text(text[:text.index("# Cấp công nhận sáng kiến")], "utf-8")
    assert not pipeline.run(project).problems              # no initiative: nothing to say
    write(project, "initiatives/a.md", BASE.replace("field: ngu-van\n", ""))
    catalog, problems = build_catalog(project)
    [problem] = problems.items
    assert problem.field == "level" and "chưa có danh mục initiative_levels" in problem.message


def test_the_open_data_has_initiatives_and_their_authors(project):
    files = built(project).output.files
    [row] = csv.DictReader(io.StringIO(files["du-lieu/sang-kien.csv"].decode("utf-8-sig")))
    assert {k: row[k] for k in ("ma", "tac_gia", "ma_cap", "cap", "linh_vuc", "da_ap_dung",
                                "ngay_quyet_dinh", "ma_phong_trao", "dia_chi")} == {
        "ma": "2023-2024-goc-hoc-tap-xanh", "tac_gia": "Đặng Văn Đỗ; Trần Thị Mơ",
        "ma_cap": "truong", "cap": "Cấp trường", "linh_vuc": "Ngữ văn", "da_ap_dung": "true",
        "ngay_quyet_dinh": "2024-05-20", "ma_phong_trao": "day-tot-hoc-tot",
        "dia_chi": "/sang-kien/2023-2024-goc-hoc-tap-xanh/"}
    authors = list(csv.DictReader(io.StringIO(
        files["du-lieu/sang-kien-tac-gia.csv"].decode("utf-8-sig"))))
    assert [(a["stt"], a["ma_nguoi"], a["ma_guong"]) for a in authors] == [
        ("1", "dang-van-do", "dang-van-do"), ("2", "tran-thi-mo", "")]
    people = files["du-lieu/nguoi.csv"].decode("utf-8-sig")
    assert "\r\ntran-thi-mo,Trần Thị Mơ," in people     # the foreign key has its row


def test_plan_targets_can_be_computed_from_initiatives(project):
    plan = project / "plans/2023-2024-ke-hoach.md"
    text = plan.read_text("utf-8")
    targets = ("targets:\n"
               "  - {text: Sáng kiến, value: 1, computed: so-sang-kien}\n"
               "  - {text: Sáng kiến cấp quận, value: 1, computed: \"so-sang-kien:huyen\"}\n"
               "  - {text: Áp dụng, value: 70, unit: \"%\", computed: ty-le-sang-kien-ap-dung}\n"
               "  - {text: Có sáng kiến, value: 15, unit: \"%\", computed: ty-le-co-sang-kien}\n")
    old = next(line for line in text.split("\n") if line.startswith("targets:"))
    plan.write_text(text.replace(old + "\n", targets), "utf-8")
    school = project / "data/school.yml"
    school.write_text(school.read_text("utf-8") + "staff_counts:\n"
                      "  - {school_year: \"2023-2024\", count: 10}\n", "utf-8")
    result = built(project)
    checks = result.index.stats.plan_targets["2023-2024-ke-hoach"]
    assert [(c.value, c.state) for c in checks][-4:] == [
        (1, "met"), (0, "not_met"), (100.0, "met"), (20.0, "met")]
    assert "(2/10)" in checks[-1].how
    chart = result.index.stats.initiatives
    assert [(b.label, b.value, b.detail) for b in chart.bars] == [("2023-2024", 1, (1,))]


def test_applied_is_yes_partly_or_no_and_partly_counts_as_applied(project):
    """The council records an initiative as applied fully, partly or not yet; the page says
    which, the open data keeps `da_ap_dung` (true for full or partial use) and adds the level,
    and the "applied" target counts a partial use, saying so."""
    write(project, "initiatives/2023-2024-mot-phan.md", BASE.replace(
        "applied: true", "applied: partly").replace("Góc học tập xanh", "Góc đọc sách"))
    write(project, "initiatives/2023-2024-chua.md", BASE.replace(
        "applied: true", "applied: no").replace("Góc học tập xanh", "Vườn rau"))
    plan = project / "plans/2023-2024-ke-hoach.md"
    text = plan.read_text("utf-8")
    old = next(line for line in text.split("\n") if line.startswith("targets:"))
    plan.write_text(text.replace(old, "targets:\n  - {text: Áp dụng, value: 70, unit: \"%\", "
                                      "computed: ty-le-sang-kien-ap-dung}"), "utf-8")
    result = built(project)
    html = result.output.pages["sang-kien/2023-2024-mot-phan.md"].html
    assert "Áp dụng một phần: Toàn trường" in html
    assert "Chưa áp dụng" in result.output.pages["sang-kien/2023-2024-chua.md"].html
    rows = {r["ma"]: r for r in csv.DictReader(io.StringIO(
        result.output.files["du-lieu/sang-kien.csv"].decode("utf-8-sig")))}
    assert [(rows[k]["da_ap_dung"], rows[k]["ma_muc_ap_dung"], rows[k]["muc_ap_dung"])
            for k in ("2023-2024-goc-hoc-tap-xanh", "2023-2024-mot-phan", "2023-2024-chua")
            ] == [("true", "yes", "đã áp dụng có hiệu quả"), ("true", "partly", "áp dụng một phần"),
                  ("false", "no", "chưa áp dụng")]
    [check] = result.index.stats.plan_targets["2023-2024-ke-hoach"]
    assert (round(check.value), check.state) == (67, "not_met")
    assert "(2/3, trong đó 1 áp dụng một phần)" in check.how


def test_a_wrong_applied_value_lists_the_choices_with_their_meaning(project):
    write(project, "initiatives/loi.md", BASE.replace("applied: true", "applied: roi"))
    catalog, problems = build_catalog(project)
    [problem] = problems.items
    assert (problem.line, problem.field) == (11, "applied")
    assert "yes (đã áp dụng có hiệu quả); partly (áp dụng một phần); no" in problem.message


def test_a_computed_target_names_the_initiative_levels_it_knows(project):
    plan = project / "plans/2023-2024-ke-hoach.md"
    text = plan.read_text("utf-8")
    old = next(line for line in text.split("\n") if line.startswith("targets:"))
    plan.write_text(text.replace(old, "targets:\n  - {text: X, value: 1, computed: "
                                      "\"so-sang-kien:xa\"}"), "utf-8")
    catalog, problems = build_catalog(project)
    assert any("initiative_levels" in p.message and "ví dụ toan-quoc" in p.message
               for p in problems.items), problems.report()


def test_a_rule_may_ask_for_an_initiative_the_same_year(project):
    write(project, "data/rules.yml", "rules:\n  - title: chien-si-thi-dua-co-so\n"
          "    requires: chien-si-thi-dua-co-so\n    times: 1\n    consecutive: true\n"
          "    initiative: true\n")
    # dang-van-do is Chiến sĩ thi đua cơ sở in 2023-2024 (tests/fixtures/mini-school).
    warned = [str(w) for w in pipeline.run(project).problems.warnings if "sáng kiến" in str(w)]
    assert len(warned) == 1 and warned[0].startswith("exemplars/honours/2023-2024.yml:3: title:")
    assert "cần có sáng kiến được công nhận trong năm học 2023-2024" in warned[0]
    other_year = BASE.replace('school_year: "2023-2024"', 'school_year: "2024-2025"')
    assert any("sáng kiến" in str(w) for w in built(project, other_year).problems.warnings)
    assert not any("sáng kiến" in str(w) for w in built(project).problems.warnings)


def test_new_writes_a_draft_that_checks(project):
    result = run_bangvang(project, "new", "sang-kien", "2024-2025-thu")
    assert result.returncode == 0, result.stderr
    text = (project / "initiatives/2024-2025-thu.md").read_text("utf-8")
    assert "status: draft" in text and "authors:" in text
    assert run_bangvang(project, "check").returncode == 0


def test_rename_updates_an_author_written_as_an_exemplar_id(project, capsys):
    write(project, "initiatives/2023-2024-goc-hoc-tap-xanh.md", BASE)
    code = cli.main(["--root", str(project), "rename", "dang-van-do", "thay-dang-van-do"])
    assert code == 0, capsys.readouterr()
    text = (project / "initiatives/2023-2024-goc-hoc-tap-xanh.md").read_text("utf-8")
    assert "  - name: thay-dang-van-do\n" in text


LIST = ("DANH SÁCH SÁNG KIẾN ĐƯỢC CÔNG NHẬN NĂM HỌC 2023-2024\n"
        "(Kèm theo Quyết định số 12/QĐ-THCS ngày 20/5/2024 của Hiệu trưởng)\n"
        "STT,Tên sáng kiến,Tác giả,Tổ,Lĩnh vực,Phạm vi áp dụng,Ngày sinh\n"
        "1,Dạy Toán bằng trò chơi,\"Nguyễn Văn Bình; Lê Thu Hà\",Tổ Toán,Ngữ văn,Khối 6,01/01/1980\n"
        "2,Góc đọc sách lớp học,Trần Thị Lan,Tổ Văn,Môn lạ,,02/02/1985\n"
        "3,,Phạm Văn Cường,,,,\n")


def test_import_turns_a_councils_list_into_draft_records_once(project, tmp_path):
    source = tmp_path / "danh-sach.csv"
    source.write_text(LIST, "utf-8")
    result = run_bangvang(project, "import", "initiatives", str(source), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert not (project / "initiatives").exists()
    result = run_bangvang(project, "import", "initiatives", str(source))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Không đọc các cột thông tin riêng: Ngày sinh" in out
    assert "Dòng 6: thiếu tên sáng kiến" in out and "“Môn lạ”" in out
    made = sorted(p.name for p in (project / "initiatives").iterdir())
    assert made == ["2023-2024-day-toan-bang-tro-choi.md", "2023-2024-goc-doc-sach-lop-hoc.md"]
    text = (project / "initiatives/2023-2024-day-toan-bang-tro-choi.md").read_text("utf-8")
    for line in ('  - name: "Nguyễn Văn Bình"', '  - name: "Lê Thu Hà"', "field: ngu-van",
                 'decision: {number: "12/QĐ-THCS", date: 20/05/2024}', "applied: yes",
                 "status: draft", "level: truong"):
        assert line in text, line
    assert "01/01/1980" not in text and "1980" not in text
    assert "hồ sơ vừa nhập hợp lệ" in out.lower()
    again = run_bangvang(project, "import", "initiatives", str(source))
    assert again.stdout.count("đã có initiatives/") == 2
    assert len(list((project / "initiatives").iterdir())) == 2


def test_import_refuses_a_file_without_a_list_and_a_wrong_option(project, tmp_path):
    source = tmp_path / "khac.csv"
    source.write_text("Họ và tên,Lớp\nAn,6A\n", "utf-8")
    result = run_bangvang(project, "import", "initiatives", str(source))
    assert result.returncode == 1 and "không thấy bảng danh sách sáng kiến" in result.stderr
    result = run_bangvang(project, "import", "initiatives", str(source), "--level", "xa-lo")
    assert result.returncode == 1 and "--level “xa-lo”" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_demo_school_has_initiatives_on_every_page_kind(demo_root):
    site = demo_root / "site"
    index = (site / "sang-kien/index.html").read_text("utf-8")
    assert "Kho học liệu số môn Toán THCS" in index
    exemplar = (site / "guong-dien-hinh/thay-dang-van-duc/index.html").read_text("utf-8")
    assert "Ngân hàng bài tập Toán trực tuyến có lời giải bằng video" in exemplar
    assert (site / "du-lieu/sang-kien.csv").is_file()
    assert not (site / "sang-kien/2025-2026-thu-vien-than-thien").exists()   # a draft
    assert "sang-kien/" in (REPO / "mkdocs.yml").read_text("utf-8")


def test_the_preview_shows_an_edited_initiative_text_first(project):
    from bangvang.commands import preview
    write(project, "initiatives/2023-2024-goc-hoc-tap-xanh.md", BASE)
    result = pipeline.generate(project, preview=True)
    assert not result.problems, result.problems.report()
    path = project / "initiatives/2023-2024-goc-hoc-tap-xanh.md"
    path.write_text(BASE + "\nCả trường cùng làm từ tháng 9.\n", "utf-8")
    page = "sang-kien/2023-2024-goc-hoc-tap-xanh.md"
    assert preview.quick_update(result, project, [path]) == [page]
    assert "Cả trường cùng làm từ tháng 9." in result.output.pages[page].html


def test_an_initiative_is_announced_in_the_honours_feed(project):
    """Feeds iterate the kinds (Kind.feed): a recognised initiative is an entry of the feed of
    who the school has honoured, dated by its decision, and the feed's title says so."""
    feed = built(project).output.files["guong-va-bang-vang.xml"].decode("utf-8")
    entry = feed[feed.index("<title>Góc học tập xanh</title>"):]
    entry = entry[:entry.index("</entry>")]
    assert "/sang-kien/2023-2024-goc-hoc-tap-xanh/" in entry
    assert "<updated>2024-05-20T00:00:00+07:00</updated>" in entry
    assert '<category term="Sáng kiến" />' in entry
    assert "<title>Gương điển hình, bảng vàng và sáng kiến – " in feed

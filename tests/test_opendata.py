"""Open data at /du-lieu/ (bangvang/exports/opendata.py), as a district reviewer and the school's team
would notice it: a valid Frictionless Data Package whose rows are the site's records, readable
by Excel, with nothing consent hides, and names that never change once published. Also the
“Trích dẫn” blocks and the JSON-LD (bangvang/exports/jsonld.py) of the pages."""
from __future__ import annotations

import csv
import io
import json
import pickle
import re
import shutil
from pathlib import Path

import pytest
from lxml import html

from bangvang.exports import opendata, opendata_kept
from bangvang import pipeline
from bangvang.pages import urls
from bangvang.pages.sections import Index
from conftest import make_project, run_bangvang, write
from sitecheck import page, scripts_mentioning, unsafe_markup

DATA = "du-lieu"


def rows(site: Path, name: str) -> list[dict]:
    """Rows of a CSV file of the site's open data, as Excel would read them."""
    data = (site / DATA / f"{name}.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), f"{name}.csv has no byte-order mark for Excel"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture(scope="module")
def demo(demo_root):
    """The built demo and the Catalog it was built from (same records, in process)."""
    result = pipeline.check(demo_root)
    assert not result.problems, result.problems.report()
    return demo_root / "site", result.catalog


# ------------------------------------------------------------- the package is valid

def test_the_demo_data_package_is_valid_with_its_foreign_keys(demo):
    frictionless = pytest.importorskip("frictionless")
    site, _ = demo
    package = json.loads((site / DATA / "datapackage.json").read_text("utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    names = {r["name"] for r in package["resources"]}
    assert {"khen-thuong", "khen-thuong-json", "khen-thuong-2023-2024", "nguoi", "guong",
            "chi-tieu", "bai-du-thi", "phong-trao", "ke-hoach", "bang-vang"} <= names
    schema = json.loads((site / DATA / "luoc-do/khen-thuong.json").read_text("utf-8"))
    assert {"fields": "ma_nguoi", "reference": {"resource": "nguoi", "fields": "ma"}} \
        in schema["foreignKeys"]
    assert all(f["description"] for f in schema["fields"])
    report = frictionless.validate(str(site / DATA / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "type", "note"])[:10]


def test_a_row_pointing_at_nothing_is_caught_by_the_foreign_keys(demo, tmp_path):
    """The package's foreign keys are real checks: a link to a campaign that is not in the
    campaigns table makes the package invalid."""
    frictionless = pytest.importorskip("frictionless")
    site, _ = demo
    folder = shutil.copytree(site / DATA, tmp_path / DATA)
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    package["resources"] = [r for r in package["resources"]
                            if r["name"] in ("phong-trao", "guong", "nguoi", "guong-phong-trao")]
    (folder / "datapackage.json").write_text(json.dumps(package), "utf-8")
    assert frictionless.validate(str(folder / "datapackage.json")).valid
    links = (folder / "guong-phong-trao.csv").read_text("utf-8-sig").splitlines()
    header, row = links[0].split(","), links[1].split(",")
    row[header.index("ma_phong_trao")] = "phong-trao-khong-co"
    links[1] = ",".join(row)
    (folder / "guong-phong-trao.csv").write_text("\ufeff" + "\r\n".join(links) + "\r\n", "utf-8")
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}


# ------------------------------------------------------- the rows are the records

def test_the_rows_are_the_records_of_the_catalog_year_by_year(demo):
    site, catalog = demo
    assert catalog.honour_rolls
    for year, roll in catalog.honour_rolls.items():
        listed = [a for a in roll.awards if a.person.listed]
        assert len(rows(site, f"khen-thuong-{year}")) == len(listed)
        [count] = rows(site, f"bang-vang-{year}")
        assert int(count["so_luot_khen_thuong"]) == len(roll.awards)
        assert int(count["so_luot_khong_cong_bo_ten"]) == len(roll.awards) - len(listed)
    assert len(rows(site, "khen-thuong")) == sum(a.person.listed for a in catalog.awards())
    assert {r["ma"] for r in rows(site, "guong")} == set(catalog.exemplars)
    assert len(rows(site, "chi-tieu")) == sum(len(p.targets) for p in catalog.plans.values())
    assert {r["ma"] for r in rows(site, "bai-du-thi")} == set(catalog.contest_entries)
    # Targets carry the result and verdict the plan page shows, computed ones included.
    checks = Index.of(catalog, {}).stats.plan_targets
    targets = rows(site, "chi-tieu")
    assert [(r["ma_ke_hoach"], r["ma_danh_gia"]) for r in targets] == \
        [(r["ma_ke_hoach"], checks[r["ma_ke_hoach"]][int(r["stt"]) - 1].state) for r in targets]
    computed = [r for r in targets if r["tinh_tu_ho_so"]]
    assert computed and all(r["ket_qua"] and r["danh_gia"] for r in computed)
    # The JSON twin holds the same rows, typed.
    awards = json.loads((site / DATA / "khen-thuong.json").read_text("utf-8"))
    assert [a["so_quyet_dinh"] for a in awards] == \
        [r["so_quyet_dinh"] for r in rows(site, "khen-thuong")]
    assert isinstance(awards[0]["stt"], int) and re.match(r"^\d{4}-\d\d-\d\d$",
                                                          awards[0]["ngay_quyet_dinh"])


def test_the_data_page_lists_every_table_with_its_columns_and_working_links(demo):
    site, _ = demo
    document = page(site, "du-lieu/")
    text = document.text_content()
    for resource in opendata.RESOURCES:
        assert document.get_element_by_id(resource.name) is not None
        for column in resource.columns:
            assert column.name in text and column.description in text
    assert f"Khen thưởng: {len(rows(site, 'khen-thuong'))} dòng" in " ".join(text.split())
    assert "Creative Commons Ghi công 4.0" in text and " KB)" in text
    links = [a.get("href") for a in document.iter("a") if a.get("href", "").endswith(
        (".csv", ".json"))]
    assert len(links) > 2 * len(opendata.RESOURCES)
    assert all((site / DATA / link).is_file() for link in links), links
    # Reviewers find it from every page's navigation.
    home = (site / "index.html").read_text("utf-8")
    assert 'href="du-lieu/"' in home and "Dữ liệu mở" in home


# ------------------------------------------------------------- what consent hides

def test_no_hidden_person_is_in_the_data_and_initials_stay_initials(tmp_path):
    root = make_project(tmp_path / "school")
    result = pipeline.check(root)
    assert not result.problems, result.problems.report()
    data = {p: b.decode("utf-8") for p, b in result.output.files.items()
            if p.startswith(DATA) and not p.endswith(".zip")}
    assert len(data) > 20
    hidden = [p for p, text in data.items() if "Lê Văn Ân" in text or "Le Van An" in text]
    assert hidden == []
    people = {r["ho_ten"] for r in csv.DictReader(io.StringIO(data[f"{DATA}/nguoi.csv"][1:]))}
    assert people == {"Đặng Văn Đỗ", "N.T.A.", "T.V.B."}
    assert "Nguyễn Thị An" not in "".join(data.values())
    assert "Trần Văn Bê" not in "".join(data.values())
    # The hidden person's award is counted, not listed, and leaves no gap in the numbering.
    awards = list(csv.DictReader(io.StringIO(data[f"{DATA}/khen-thuong.csv"][1:])))
    assert [a["stt"] for a in awards] == ["1", "2"]
    assert "46/QĐ-THCS" in awards[1]["so_quyet_dinh"]
    rolls = list(csv.DictReader(io.StringIO(data[f"{DATA}/bang-vang.csv"][1:])))
    assert rolls[0]["so_luot_khen_thuong"] == "3" and rolls[0]["so_luot_khong_cong_bo_ten"] == "1"


def test_a_cell_excel_would_run_as_a_formula_is_written_as_text(tmp_path):
    root = make_project(tmp_path / "school")
    path = root / "exemplars/dang-van-do.md"
    path.write_text(path.read_text("utf-8").replace(
        "summary: Thầy giúp học sinh nghèo.", 'summary: "=HYPERLINK(\\"https://x.example\\")"'),
        "utf-8")
    result = pipeline.check(root)
    assert not result.problems, result.problems.report()
    table = result.output.files[f"{DATA}/guong.csv"].decode("utf-8-sig")
    [row] = [r for r in csv.DictReader(io.StringIO(table)) if r["ma"] == "dang-van-do"]
    assert row["tom_tat"] == "'=HYPERLINK(\"https://x.example\")"
    exemplars = json.loads(result.output.files[f"{DATA}/guong.json"])
    assert [e["tom_tat"] for e in exemplars if e["ma"] == "dang-van-do"] == \
        ['=HYPERLINK("https://x.example")']


# --------------------------------------------------------- published names stay

def test_a_renamed_column_is_refused_by_check_with_a_vietnamese_message(tmp_path, monkeypatch):
    root = make_project(tmp_path / "school")
    result = pipeline.check(root)
    assert opendata.record_published(root, set(result.output.files)) > 0
    recorded = (root / opendata.PUBLISHED_FILE).read_text("utf-8")
    assert "khen-thuong: nam_hoc, stt, ma_nguoi, ho_ten" in recorded
    assert "du-lieu/khen-thuong-2023-2024.csv" in recorded.split("\n")
    awards = opendata.BY_NAME["khen-thuong"]
    renamed = tuple(opendata.Column("ho_va_ten", c.type, c.description, c.get)
                    if c.name == "ho_ten" else c for c in awards.columns)
    monkeypatch.setitem(opendata.BY_NAME, "khen-thuong",
                        opendata.Resource(**{**awards.__dict__, "columns": renamed}))
    report = pipeline.check(root).problems.report()
    assert opendata.PUBLISHED_FILE in report
    assert "cột “ho_ten” của bảng dữ liệu “khen-thuong” đã được công bố" in report
    assert "không được đổi hay bỏ" in report


def test_check_refuses_when_a_published_column_or_table_is_gone(tmp_path):
    root = make_project(tmp_path / "school")
    write(root, opendata.PUBLISHED_FILE, "# đã công bố\nkhen-thuong: nam_hoc, ho_ten_cu\n"
          "bang-diem: nam_hoc\n")
    result = run_bangvang(root, "check")
    assert result.returncode == 1
    assert f"{opendata.PUBLISHED_FILE}, dòng 2" in result.stderr or \
        f"{opendata.PUBLISHED_FILE}:2" in result.stderr, result.stderr
    assert "cột “ho_ten_cu”" in result.stderr and "bảng dữ liệu “bang-diem”" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_published_school_year_file_is_still_written_when_its_year_is_empty(tmp_path):
    root = make_project(tmp_path / "school")
    write(root, opendata.PUBLISHED_FILE, "du-lieu/khen-thuong-2019-2020.csv\n")
    result = pipeline.check(root)
    assert not result.problems, result.problems.report()
    table = result.output.files[f"{DATA}/khen-thuong-2019-2020.csv"].decode("utf-8-sig")
    assert table.splitlines() == [",".join(c.name for c in
                                           opendata.BY_NAME["khen-thuong"].columns)]


def test_a_second_pass_in_one_process_shows_the_edit_and_only_it(tmp_path):
    """The preview makes a pass per edit in one process; tables whose rows did not change
    are kept from the last pass (opendata._MADE): an edited summary must still show."""
    root = make_project(tmp_path / "school")
    first = pipeline.check(root).output.files
    path = root / "exemplars/dang-van-do.md"
    path.write_text(path.read_text("utf-8").replace(
        "summary: Thầy giúp học sinh nghèo.", "summary: Thầy zqmoi giúp học sinh."), "utf-8")
    second = pipeline.check(root).output.files
    opendata.forget()
    (root / opendata_kept.CACHE).unlink()
    fresh = pipeline.check(root).output.files
    data = [p for p in fresh if p.startswith(DATA)]
    assert all(second[p] == fresh[p] for p in data)
    changed = {p for p in data if first[p] != second[p]}
    assert f"{DATA}/guong.csv" in changed and f"{DATA}/khen-thuong.csv" not in changed
    assert "zqmoi" in second[f"{DATA}/guong.csv"].decode("utf-8")


def _edit_summary(root: Path, word: str) -> None:
    path = root / "exemplars/dang-van-do.md"
    path.write_text(path.read_text("utf-8").replace(
        "summary: Thầy giúp học sinh nghèo.", f"summary: Thầy {word} giúp học sinh."), "utf-8")


def _data(files: dict) -> dict:
    return {p: data for p, data in files.items() if p.startswith(DATA)}


def test_tables_kept_by_the_last_command_are_those_it_would_write(tmp_path, monkeypatch):
    """A later command (another process) takes the tables of the last one from .build/cache/
    when their rows are the same, and writes again only the table an edit changed: the files
    are those a pass without any kept table writes."""
    root = make_project(tmp_path / "school")
    pipeline.check(root)
    assert (root / opendata_kept.CACHE).is_file()
    opendata.forget()                       # as a new process starts
    _edit_summary(root, "zqkept")
    written = []
    real = opendata._lines
    monkeypatch.setattr(opendata, "_lines", lambda resource, rows: (
        written.append(resource.name), real(resource, rows))[1])
    kept = _data(pipeline.check(root).output.files)
    assert written == ["guong"]             # only the exemplars' table holds the summary
    assert "zqkept" in kept[f"{DATA}/guong.csv"].decode("utf-8")
    opendata.forget()
    (root / opendata_kept.CACHE).unlink()
    assert kept == _data(pipeline.check(root).output.files)


def test_kept_tables_of_another_version_or_not_plain_are_not_used(tmp_path, monkeypatch):
    root = make_project(tmp_path / "school")
    pipeline.check(root)
    cache = root / opendata_kept.CACHE
    saved = pickle.loads(cache.read_bytes())
    made = []
    real = opendata._lines
    monkeypatch.setattr(opendata, "_lines", lambda resource, rows: (
        made.append(resource.name), real(resource, rows))[1])
    cache.write_bytes(pickle.dumps({**saved, "code": "another"}))
    opendata.forget()
    pipeline.check(root)
    assert "guong" in made                  # another Bảng vàng's tables: written again
    made.clear()
    key, files, *rest = saved["made"]["guong"]
    other = (key, {path: bytearray(data) for path, data in files.items()}, *rest)
    cache.write_bytes(pickle.dumps({**saved, "made": {**saved["made"], "guong": other}}))
    opendata.forget()
    assert not pipeline.check(root).problems
    assert "guong" in made                  # a class in the file (even a harmless one): not read


def test_a_later_command_writes_anew_only_the_rows_an_edit_changed(tmp_path, monkeypatch):
    """Each row's lines are kept in .build/cache/ (opendata_kept.row_lines): the command
    after a summary edit makes the lines of that exemplar's row alone, and its tables are
    those of a pass without anything kept; lines in the file that are not text are not
    used."""
    root = make_project(tmp_path / "school")
    opendata.forget()                       # nothing kept from another test's project
    pipeline.check(root)
    assert (root / opendata_kept.LINES_CACHE).is_file()
    opendata.forget()                       # as a new process starts
    _edit_summary(root, "zqdong")
    cells = []
    real = opendata._cell
    monkeypatch.setattr(opendata, "_cell", lambda value: (cells.append(value), real(value))[1])
    kept = _data(pipeline.check(root).output.files)
    assert any("zqdong" in str(value) for value in cells)
    columns = len(next(r for r in opendata.tables() if r.name == "guong").columns)
    assert len(cells) == columns            # one row's cells, of the one table changed
    opendata.forget()
    (root / opendata_kept.CACHE).unlink()
    (root / opendata_kept.LINES_CACHE).unlink()
    assert kept == _data(pipeline.check(root).output.files)
    saved = pickle.loads((root / opendata_kept.LINES_CACHE).read_bytes())
    saved["lines"]["guong"] = {key: (1, 2) for key in saved["lines"]["guong"]}
    (root / opendata_kept.LINES_CACHE).write_bytes(pickle.dumps(saved))
    (root / opendata_kept.CACHE).unlink()
    opendata.forget()
    assert _data(pipeline.check(root).output.files) == kept
    opendata.forget()


def test_a_rows_lines_are_kept_by_its_values_and_their_types():
    """Each row's lines are kept between passes (opendata_kept.row_lines): a row written
    again is the row's values as written, never another row's that compares equal
    (True == 1)."""
    from types import SimpleNamespace
    resource = SimpleNamespace(name="bang-thu", columns=[SimpleNamespace(name="gia_tri")])
    opendata.forget()
    first = opendata._lines(resource, [[True], [1], ["=1+1"]])
    again = opendata._lines(resource, [[1], [True], ["=1+1"]])
    assert [csv for csv, _json in first] == ["true\r\n", "1\r\n", "'=1+1\r\n"]
    assert again == [first[1], first[0], first[2]]
    assert again[0][1] == '{"gia_tri": 1}' and again[1][1] == '{"gia_tri": true}'
    opendata.forget()


def test_the_licence_is_the_schools_choice(tmp_path):
    root = make_project(tmp_path / "school")
    school = root / "data/school.yml"
    school.write_text(school.read_text("utf-8") + "data_licence: CC0-1.0\n", "utf-8")
    result = pipeline.check(root)
    package = json.loads(result.output.files[f"{DATA}/datapackage.json"])
    assert package["licenses"][0]["name"] == "CC0-1.0"
    school.write_text(school.read_text("utf-8").replace("CC0-1.0", "tu-do"), "utf-8")
    report = pipeline.check(root).problems.report()
    assert "data/school.yml" in report and "CC-BY-4.0" in report


# ------------------------------------------------------- citations and JSON-LD

def test_exemplar_plan_and_honour_roll_pages_can_be_cited(demo):
    site, catalog = demo
    exemplar = next(e for e in catalog.exemplars.values() if e.person.consent == "full")
    plan = next(iter(catalog.plans.values()))
    year = next(iter(catalog.honour_rolls))
    for path in (f"guong-dien-hinh/{exemplar.id}/", f"ke-hoach/{plan.id}/", f"bang-vang/{year}/"):
        [block] = page(site, path).cssselect(".bv-cite pre")
        citation = block.text_content()
        assert catalog.school["name"] in citation
        assert citation.endswith(f"https://bangvang.example.edu.vn/{path}"), citation


def _scripts(document) -> list:
    return [json.loads(s.text) for s in document.xpath('//script[@type="application/ld+json"]')]


def test_search_engines_get_json_ld_but_never_for_a_hidden_or_initialled_person(demo):
    site, catalog = demo
    full = next(e for e in catalog.exemplars.values()
                if e.person.consent == "full" and e.person.kind == "person")
    [person] = _scripts(page(site, f"guong-dien-hinh/{full.id}/"))
    assert person["@type"] == "Person" and person["name"] == full.person.name
    assert person["award"] and person["url"].endswith(f"/guong-dien-hinh/{full.id}/")
    initialled = next(e for e in catalog.exemplars.values() if e.person.consent == "initials")
    assert _scripts(page(site, f"guong-dien-hinh/{initialled.id}/")) == []
    [dataset] = _scripts(page(site, "du-lieu/"))
    assert dataset["@type"] == "Dataset" and dataset["license"].startswith("https://")
    assert any(d["contentUrl"].endswith("/du-lieu/khen-thuong.csv")
               for d in dataset["distribution"])
    post = catalog.news[0]
    [article] = _scripts(page(site, post.url))
    assert article["@type"] == "Article" and article["headline"] == post.title


HOSTILE = "</script><script>alert(1)</script><!--"


def test_a_hostile_title_cannot_close_the_json_ld_script(tmp_path):
    """Record text inside a script element: escaped by json.dumps and \\u003c, never cut by
    the sanitiser, never able to end the element. Front matter cannot set JSON-LD either."""
    root = make_project(tmp_path / "school")
    entry = root / "exemplars/contest/bai-1.md"
    entry.write_text(entry.read_text("utf-8").replace(
        "title: Người thầy của em", f"title: '{HOSTILE} & <b>'"), "utf-8")
    path = root / "exemplars/dang-van-do.md"
    path.write_text(path.read_text("utf-8").replace(
        "summary: Thầy giúp học sinh nghèo.", f"summary: '{HOSTILE}'"), "utf-8")
    about = root / "content/gioi-thieu.md"
    about.write_text("---\nbv_jsonld: '<script>alert(2)</script>'\n---\n"
                     + about.read_text("utf-8"), "utf-8")
    result = run_bangvang(root, "build")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    for path, expected in (("cuoc-thi-viet/2024/bai-1/", f"{HOSTILE} & <b>"),
                           ("guong-dien-hinh/dang-van-do/", HOSTILE)):
        text = (root / "site" / path / "index.html").read_text("utf-8")
        [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
        assert "<" not in script and ">" not in script and "&" not in script
        assert "\\u003c/script\\u003e" in script
        data = json.loads(script)
        assert expected in (data.get("headline"), data.get("description"))
        assert scripts_mentioning(text) == []      # no script but the JSON data island
        document = html.fromstring(text)
        for island in document.xpath('//script[@type="application/ld+json"]'):
            island.drop_tree()
        assert unsafe_markup(document) == []
    about_page = (root / "site/gioi-thieu/index.html").read_text("utf-8")
    assert "alert(2)" not in about_page


# ------------------------------------------------ whose data, old ids, one download

def test_every_table_and_the_package_say_which_school_published_them(demo):
    site, catalog = demo
    package = json.loads((site / DATA / "datapackage.json").read_text("utf-8"))
    assert (package["ma_truong"], package["ten_truong"]) == ("79000701", catalog.school["name"])
    for resource in opendata.tables():
        for row in rows(site, resource.name):
            assert (row["ma_truong"], row["ten_truong"]) == ("79000701", catalog.school["name"])
    basis = rows(site, "ke-hoach-can-cu")
    assert {"ma_ke_hoach": "2023-2024-ke-hoach-thi-dua-khen-thuong", "so_ky_hieu": "85/KH-PGDĐT",
            "ngay_ban_hanh": "2023-08-25"}.items() <= basis[0].items() or any(
        r["so_ky_hieu"] == "85/KH-PGDĐT" and r["ngay_ban_hanh"] == "2023-08-25" for r in basis)


def test_the_zip_holds_the_package_and_unpacked_it_validates(demo, tmp_path):
    import zipfile
    frictionless = pytest.importorskip("frictionless")
    site, _ = demo
    with zipfile.ZipFile(site / DATA / "du-lieu.zip") as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    assert {r["path"] for r in package["resources"]} <= names
    assert "luoc-do/khen-thuong.json" in names
    assert frictionless.validate(str(tmp_path / "datapackage.json")).valid


def test_a_renamed_exemplar_keeps_its_old_id_beside_the_new_one(project):
    # Published once (an id no reader ever saw needs no alias): its page is on the record.
    page_url = "/" + urls.record_url(pipeline.check(project).catalog.exemplars["dang-van-do"])
    write(project, "data/published-urls.txt", f"/\n{page_url}\n")
    result = run_bangvang(project, "rename", "dang-van-do", "dang-van-do-to-toan")
    assert result.returncode == 0, result.stdout + result.stderr
    checked = pipeline.check(project)
    assert not checked.problems, checked.problems.report()
    people = list(csv.DictReader(io.StringIO(
        checked.output.files[f"{DATA}/nguoi.csv"].decode("utf-8-sig"))))
    row = next(r for r in people if r["ho_ten"] == "Đặng Văn Đỗ")
    assert (row["ma"], row["ma_cu"]) == ("dang-van-do-to-toan", "dang-van-do")
    exemplars = list(csv.DictReader(io.StringIO(
        checked.output.files[f"{DATA}/guong.csv"].decode("utf-8-sig"))))
    assert next(r for r in exemplars if r["ma"] == "dang-van-do-to-toan")["ma_cu"] == "dang-van-do"

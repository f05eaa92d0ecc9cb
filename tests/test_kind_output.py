"""A kind declares its output too (docs/architecture.md, "A kind declares its output"): a kind
declared here, for the test only, with its model and no code of its own, gets its index and
record pages, its list on the year pages, its open-data table, its counts and its share
description from the declaration alone.

And what "one load stage, one export stage" asked besides: a record's address spelled in one
place, the preview's page cache keyed by what a page reads, the preview known from MkDocs'
`on_startup`, data/school.yml read once per pass."""
from __future__ import annotations

import csv
import importlib.util
import io
import json
import logging
import re
from dataclasses import dataclass

import pytest

from bangvang.commands import cli
from bangvang.records import kinds, loader
from bangvang.pages import memo, pages, urls
from bangvang import pipeline
from bangvang.exports import share
from bangvang.records.fields import Ref, SchoolYear, Text
from bangvang.records.model import ContestEntry, PublicPerson
from conftest import REPO, run_bangvang, write


@dataclass
class Visit:
    id: str
    title: str
    school_year: str
    summary: str
    campaign: str | None
    body: str
    file: str
    body_line: int = 1


VISIT = kinds.Kind("visit", "chuyến tham quan", "visits", (".md",), {
    "title": Text("Tên chuyến tham quan", required=True),
    "school_year": SchoolYear("Năm học", required=True),
    "summary": Text("Một câu giới thiệu", required=True),
    "campaign": Ref("campaign", "Mã phong trào"),
    "status": kinds.STATUS,
}, "tham-quan", "visit.md", "visit", "tham-quan/{id}", ("visits", "tham-quan/"), model=Visit,
    section="Tham quan", count="{n} chuyến tham quan", home_count="chuyến tham quan",
    about="Các chuyến tham quan của {school}.", data_name="tham-quan",
    data_about="Các chuyến tham quan.",
    columns=(kinds.Column("ten", "title"), kinds.Column("nam_hoc", "school_year"),
             kinds.Column("ma_phong_trao", "campaign")))

TRIP = ("---\ntitle: Về nguồn ở Côn Sơn\nschool_year: \"2023-2024\"\n"
        "summary: Học sinh khối 8 thăm khu di tích Côn Sơn.\ncampaign: day-tot-hoc-tot\n---\n"
        "Chuyến đi hai ngày.\n")


@pytest.fixture
def with_visits(monkeypatch, project):
    monkeypatch.setitem(kinds.KINDS, VISIT.name, VISIT)
    monkeypatch.setitem(loader.LOCATIONS, VISIT.name, (VISIT.folder, VISIT.endings))
    write(project, "visits/con-son.md", TRIP)
    return project


def test_a_declared_kind_gets_its_pages_and_year_list_from_its_declaration(with_visits):
    result = pipeline.run(with_visits)
    assert not result.problems, result.problems.report()
    made = result.output.pages
    index, page = made["tham-quan/index.md"], made["tham-quan/con-son.md"]
    assert index.in_nav and index.title == "Tham quan"
    assert '<h2 id="nam-hoc-2023-2024">Năm học 2023-2024 (1)</h2>' in index.html
    assert '<a href="con-son/">Về nguồn ở Côn Sơn</a>: Học sinh khối 8' in index.html
    # The generic record template: title, summary, its year's page, its text.
    assert page.title == "Về nguồn ở Côn Sơn" and (page.kind, page.year) == ("Tham quan",
                                                                             "2023-2024")
    assert "<strong>Học sinh khối 8 thăm khu di tích Côn Sơn.</strong>" in page.html
    assert 'href="../../nam-hoc/2023-2024/"' in page.html and "Chuyến đi hai ngày." in page.html
    year = made["nam-hoc/2023-2024.md"].html
    assert '<h2 id="tham-quan">Tham quan</h2>' in year
    assert 'href="../../tham-quan/con-son/">Về nguồn ở Côn Sơn</a>' in year
    home = made["index.md"].html
    assert '<a href="tham-quan/"><strong>1</strong> chuyến tham quan</a>' in home
    assert "/tham-quan/con-son/" in result.urls and "/tham-quan/" in result.urls


def test_a_declared_kind_gets_its_open_data_table(with_visits):
    result = pipeline.run(with_visits)
    files = result.output.files
    rows = list(csv.DictReader(io.StringIO(files["du-lieu/tham-quan.csv"].decode("utf-8-sig"))))
    assert rows == [{"ma": "con-son", "ten": "Về nguồn ở Côn Sơn", "nam_hoc": "2023-2024",
                     "ma_phong_trao": "day-tot-hoc-tot", "dia_chi": "/tham-quan/con-son/",
                     # every table says whose it is (opendata_tables.SCHOOL_COLUMNS)
                     "ma_truong": "", "ten_truong": "Trường THCS Thử Nghiệm"}]
    assert "du-lieu/tham-quan-2023-2024.json" in files
    schema = json.loads(files["du-lieu/luoc-do/tham-quan.json"])
    assert schema["primaryKey"] == ["ma"]
    assert schema["foreignKeys"] == [{"fields": "ma_phong_trao", "reference": {
        "resource": "phong-trao", "fields": "ma"}}]
    described = {f["name"]: f["description"] for f in schema["fields"]}
    assert described["ten"] == "Tên chuyến tham quan"     # the field's own help
    package = json.loads(files["du-lieu/datapackage.json"])
    assert "tham-quan" in {r["name"] for r in package["resources"]}


def test_a_declared_kind_is_counted_and_described(with_visits):
    result = pipeline.run(with_visits)
    assert "1 chuyến tham quan" in cli.counted(result.catalog)
    preview = result.shares.meta("tham-quan/con-son/")
    assert preview["description"] == "Học sinh khối 8 thăm khu di tích Côn Sơn."
    index = result.shares.meta("tham-quan/")
    assert index["description"] == "Các chuyến tham quan của Trường THCS Thử Nghiệm."
    assert index["image_alt"] == "Tham quan: Tham quan"
    check = run_bangvang(with_visits, "check")
    assert check.returncode == 0 and "1 chuyến tham quan" in check.stdout, check.stderr


def test_a_declared_kind_gets_json_ld_and_feed_entries_from_its_declaration(monkeypatch,
                                                                             with_visits):
    """JSON-LD and feeds iterate the registry: declaring a schema.org type and a feed is all
    a kind needs; a plan (declared CreativeWork) gets its JSON-LD the same way."""
    import dataclasses
    import json
    visit = dataclasses.replace(VISIT, schema_type="Event", feed="honours")
    monkeypatch.setitem(kinds.KINDS, VISIT.name, visit)
    monkeypatch.setitem(kinds.ALL_KINDS, VISIT.name, visit)
    result = pipeline.run(with_visits)
    data = json.loads(result.jsonld["/tham-quan/con-son/"].split(">", 1)[1].rsplit("<", 1)[0])
    assert (data["@type"], data["name"], data["description"]) == (
        "Event", "Về nguồn ở Côn Sơn", "Học sinh khối 8 thăm khu di tích Côn Sơn.")
    feed = result.output.files["guong-va-bang-vang.xml"].decode("utf-8")
    assert "<title>Về nguồn ở Côn Sơn</title>" in feed and "và tham quan –" in feed
    plan = next(u for u in result.jsonld if u.startswith("/ke-hoach/") and u != "/ke-hoach/")
    assert '"@type": "CreativeWork"' in result.jsonld[plan]


def test_a_declared_kinds_draft_shows_only_in_the_preview(with_visits):
    write(with_visits, "visits/nhap.md", TRIP.replace("Côn Sơn", "Yên Tử").replace(
        "---\nChuyến", "status: draft\n---\nChuyến"))
    shown = pipeline.run(with_visits, preview=True)
    assert "tham-quan/nhap.md" in shown.output.pages and "tham-quan/nhap.md" in shown.drafts
    assert "tham-quan/nhap.md" not in pipeline.run(with_visits).output.pages


def test_a_records_address_is_spelled_in_one_place(project):
    """A contest entry's address needs its year: the declaration says where it comes from
    (kinds.Kind.url_fields), for a Catalog record and for a record as written alike."""
    entry = ContestEntry("bai-1", 2024, "Bài", PublicPerson("A", "student", None, None),
                         None, "X", None, None, "")
    kind = kinds.CONTEST_ENTRY
    assert kind.url_params("bai-1", entry) == kind.url_params("bai-1", {"contest_year": 2024}) \
        == {"id": "bai-1", "year": "2024"}
    assert urls.record_url(entry) == "cuoc-thi-viet/2024/bai-1/"
    # Nothing else spells it: no address of a contest entry is made from its values by hand.
    spelled = []
    for path in [*(REPO / "bangvang").glob("*.py"), *(REPO / "bangvang/templates").rglob("*.j2")]:
        text = path.read_text("utf-8")
        spelled += [f"{path.name}: {m}" for m in re.findall(
            r"""url\w*\(\s*(?:kind\.url|['"]contest_entry['"])[^)]*year=""", text)]
    assert spelled == [], spelled


def test_the_preview_renders_again_only_the_pages_that_read_what_changed(project, monkeypatch):
    monkeypatch.setattr(memo, "RENDERED", {})
    rendered = []
    original = pages.Renderer._render

    def counting(self, template, url, source, *rest):
        rendered.append(source)
        return original(self, template, url, source, *rest)
    monkeypatch.setattr(pages.Renderer, "_render", counting)
    first = pipeline.run(project, preview=True)
    assert not first.problems and len(rendered) == len(first.output.pages)
    rendered.clear()
    pipeline.run(project, preview=True)
    assert rendered == []                         # nothing changed: every page reused
    campaign = project / "plans/campaigns/day-tot-hoc-tot.md"
    campaign.write_text(campaign.read_text("utf-8").replace("name: ", "name: Mới ", 1), "utf-8")
    again = pipeline.run(project, preview=True)
    # The exemplar page shows the campaign's name (read through `catalog.campaigns`); the
    # contest entry's page reads nothing of campaigns and is reused as it was.
    assert "guong-dien-hinh/dang-van-do.md" in rendered
    assert "Mới " in again.output.pages["guong-dien-hinh/dang-van-do.md"].html
    assert "cuoc-thi-viet/2024/bai-1.md" not in rendered
    rendered.clear()
    vocabulary = project / "data/vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text("utf-8").replace(
        "teacher: {label: Giáo viên}", "teacher: {label: Thầy cô}"), "utf-8")
    relabelled = pipeline.run(project, preview=True)
    # Pages that show the label of a teacher's role, and only those, are made again.
    shows = {s for s, p in relabelled.output.pages.items() if "Thầy cô" in p.html}
    assert shows and shows <= set(rendered)
    assert "cuoc-thi-viet/2024/bai-1.md" not in rendered   # a student's entry


def _hooks():
    spec = importlib.util.spec_from_file_location("bangvang_hooks_test",
                                                  REPO / "hooks/bangvang_hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_preview_is_known_from_mkdocs_on_startup_not_the_environment(monkeypatch):
    monkeypatch.delenv("BANGVANG_PREVIEW", raising=False)
    hooks = _hooks()
    assert not hooks._previewing()
    hooks.on_startup(command="serve", dirty=True)
    assert hooks._previewing()
    hooks.on_shutdown()
    assert not hooks._previewing()
    hooks.on_startup(command="build", dirty=False)
    monkeypatch.setenv("BANGVANG_PREVIEW", "1")   # no longer read anywhere
    assert not hooks._previewing()
    sources = [*(REPO / "bangvang").rglob("*.py"), *(REPO / "hooks").glob("*.py")]
    assert not [p for p in sources if "BANGVANG_PREVIEW" in p.read_text("utf-8")]


def test_the_schools_file_is_read_once_per_pass(project, monkeypatch):
    reads = []
    original = loader.read_project_bytes

    def counting(root, relative, *rest):
        reads.append(relative)
        return original(root, relative, *rest)
    monkeypatch.setattr(loader, "read_project_bytes", counting)
    result = pipeline.run(project)
    assert not result.problems and result.shares is not None   # site_url was used
    assert reads.count("data/school.yml") == 1
    assert share.site_address(result.catalog.school, result.problems) == \
        "https://thcs-thu-nghiem.example.edu.vn/"


class _Config(dict):
    """What on_config reads of MkDocs' config: its file, docs folder and keys."""

    def __init__(self, project):
        super().__init__()
        self.config_file_path = str(project / "mkdocs.yml")
        self.docs_dir = str(project / "content")
        self.site_url, self.extra = None, {}


def test_the_preview_shows_a_few_namesake_warnings_and_names_the_file_with_all(
        project, monkeypatch, caplog):
    """The preview prints its warnings on each pass, grouped as `bangvang build` does: a real
    school's hundreds of namesakes would otherwise bury every other warning."""
    hooks = _hooks()
    real = pipeline.generate

    def with_namesakes(root, **options):
        result = real(root, **options)
        for n in range(40):
            result.problems.warn("exemplars/honours/2023-2024.yml", n + 1, "recipient",
                                 f"tên “Nguyễn Văn A{n}” … là 2 người", group="trùng tên")
        result.problems.warn("data/school.yml", 2, "site_url", "chưa ghi địa chỉ")
        return result
    monkeypatch.setattr(hooks.pipeline, "generate", with_namesakes)
    hooks.on_startup(command="serve", dirty=True)
    try:
        with caplog.at_level(logging.INFO, logger="mkdocs.bangvang"):
            hooks.on_config(_Config(project))
    finally:
        hooks.on_shutdown()
    said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Cảnh báo")]
    listing = project / ".build" / pipeline.WARNINGS_FILE
    assert len([line for line in said if "Nguyễn Văn A" in line]) == 5
    assert any("data/school.yml:2" in line for line in said)
    assert any("35 cảnh báo khác" in line and str(listing) in line for line in said)
    assert listing.read_text("utf-8").count("Nguyễn Văn A") == 40

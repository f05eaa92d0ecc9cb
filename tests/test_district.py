"""A district's portal (bangvang/district/) built the way a Phòng GDĐT would: six generated
schools built with `bangvang build`, served by a web server on 127.0.0.1, one of them not
answering and one publishing an invalid table; `bangvang district build` over them.

Checked as a district reviewer would notice: each school's page shows its own figures, the
statistics equal the schools' own tables, the merged Data Package is valid for frictionless
and says whose each row is, the district plan lists the school plans that cite it and the
schools that have none, a school that stops answering keeps its last good copy with its date,
a second build asks each unchanged school once.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import random
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from lxml import html

import realschool
from conftest import make_project, run_bangvang, write

DISTRICT_PLAN = ("85/KH-PGDĐT", "25/08/2024", "2024-08-25")
ISSUER = "Phòng Giáo dục và Đào tạo huyện Bình Sơn"
DISTRICT_SITE = "https://pgd-binhson.example.edu.vn/"
# code, name, level, cluster, cites the district plan, seed
SCHOOLS = [
    ("79000101", "Trường THCS Hòa An", "THCS", "Cụm 1", True, 11),
    ("79000102", "Trường Tiểu học Lê Lợi", "TH", "Cụm 1", True, 12),
    ("79000103", "Trường THCS Nguyễn Du", "THCS", "Cụm 2", True, 13),
    ("79000104", "Trường Mầm non Hoa Sen", "MN", "Cụm 2", False, 14),
    ("79000105", "Trường THCS Trần Phú", "THCS", "Cụm 2", True, 15),   # will not answer
    ("79000106", "Trường Tiểu học Kim Đồng", "TH", "Cụm 1", True, 16),  # invalid table
]
UNREACHABLE, INVALID = "79000105", "79000106"
# A student of the third school published with her full name (consent: name).
STUDENT = "Đặng Thị Thùy Dương"


def school_project(base: Path, code: str, name: str, seed: int, cites: bool,
                   student: str | None = None) -> Path:
    """A small school: a campaign, 3 exemplars, an honour roll of 2024-2025 with 8 students
    (default consent: initials) and the exemplars' awards, a plan citing the district's."""
    rng = random.Random(seed)
    root = make_project(base / code, records=None)
    slug = code[-3:]
    write(root, "data/school.yml", f"name: {name}\ncode: \"{code}\"\n"
          f"site_url: https://truong-{slug}.example.edu.vn/\ndistrict_site: {DISTRICT_SITE}\n")
    write(root, "plans/campaigns/nguoi-tot-viec-tot.md", "---\nname: Người tốt, việc tốt\n"
          "level: truong\nperiod: {from: 05/09/2024}\nsummary: Phong trào.\n---\nMô tả.\n")
    awards = []
    for index in range(3):
        person = realschool.name(rng)
        write(root, f"exemplars/gv-{slug}-{index}.md", f"---\nname: {person}\nrole: teacher\n"
              f"unit: Tổ Toán\nschool_year: \"2024-2025\"\ncampaigns: [nguoi-tot-viec-tot]\n"
              f"consent: name\nsummary: Giúp học sinh khó khăn.\n---\nCâu chuyện.\n")
        awards.append(f"  - recipient: gv-{slug}-{index}\n    title: lao-dong-tien-tien\n"
                      f"    level: truong\n    decision: {{number: \"40/QĐ-{slug}\", "
                      f"date: 25/05/2025}}\n")
    # Two initiatives: one by the first teacher, applied; one by the first two, applied
    # partly (odd seed) or not yet.
    initiatives = [((f"gv-{slug}-0",), "yes"),
                   ((f"gv-{slug}-0", f"gv-{slug}-1"), "partly" if seed % 2 else "no")]
    for index, (authors, applied) in enumerate(initiatives):
        names = "".join(f"  - name: {a}\n" for a in authors)
        write(root, f"initiatives/2024-2025-sang-kien-{index}.md", f"---\ntitle: Sáng kiến "
              f"{index}\nauthors:\n{names}school_year: \"2024-2025\"\nlevel: truong\n"
              f"applied: {applied}\nsummary: Cách làm mới.\n---\nMô tả.\n")
    students = realschool.students(8, seed)
    lines = realschool.roll_lines(students, "2024-2025", f"41/QĐ-{slug}", "25/05/2025")
    if student:
        lines += (f"  - recipient: {student}\n    role: student\n    unit: \"7A2\"\n"
                  "    consent: name\n    title: hoc-sinh-xuat-sac\n    level: truong\n"
                  f"    decision: {{number: \"41/QĐ-{slug}\", date: 25/05/2025}}\n")
    write(root, "exemplars/honours/2024-2025.yml", "school_year: \"2024-2025\"\nawards:\n"
          + "".join(awards) + lines)
    basis = (f"basis:\n  - {{number: \"{DISTRICT_PLAN[0]}\", date: {DISTRICT_PLAN[1]}, issuer: "
             f"\"Phòng GD&ĐT huyện Bình Sơn\", title: về thi đua năm học 2024-2025}}\n"
             if cites else "")
    write(root, f"plans/2024-2025-ke-hoach-{slug}.md", f"---\nnumber: {slug}/KH-TRUONG\n"
          f"issued: 05/09/2024\nissuer: {name}\ntitle: Kế hoạch thi đua năm học 2024-2025\n"
          f"school_year: \"2024-2025\"\n{basis}targets:\n  - text: Mỗi lớp có sổ việc tốt\n"
          f"    result: {{achieved: {'true' if seed % 2 else 'false'}}}\n---\nNội dung.\n")
    return root


class _Counting(SimpleHTTPRequestHandler):
    """Serves the schools' sites; counts requests per school; a school may stop answering.
    ETag and Last-Modified come from SimpleHTTPRequestHandler's If-Modified-Since support."""
    hits: dict[str, int] = {}
    down: set[str] = set()

    def do_GET(self):
        code = self.path.strip("/").split("/", 1)[0]
        type(self).hits[code] = type(self).hits.get(code, 0) + 1
        if code in type(self).down:
            self.send_error(503, "Service Unavailable")
            return
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The six schools built and served under http://127.0.0.1:PORT/<code>/."""
    base = tmp_path_factory.mktemp("district-schools")
    web = base / "web"
    for code, name, _level, _cluster, cites, seed in SCHOOLS:
        root = school_project(base / "projects", code, name, seed, cites,
                              STUDENT if code == "79000103" else None)
        result = run_bangvang(root, "build")
        assert result.returncode == 0, result.stdout + result.stderr
        shutil.copytree(root / "site", web / code)
    # An invalid table: a date the Table Schema cannot read.
    table = web / INVALID / "du-lieu" / "khen-thuong.csv"
    text = table.read_text("utf-8-sig").replace("2025-05-25", "25/05/2025", 1)
    table.write_text("\ufeff" + text, "utf-8", newline="")
    handler = type("Handler", (_Counting,), {"hits": {}, "down": set()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(web)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", handler, web
    server.shutdown()


def district_yml(url: str) -> str:
    schools = "".join(f"  - {{code: \"{code}\", name: \"{name}\", level: {level}, cluster: "
                      f"\"{cluster}\", site: \"{url}{code}/\", staff: {40 + int(code[-1])}}}\n"
                      for code, name, level, cluster, _cites, _seed in SCHOOLS)
    return (f"name: {ISSUER}\nshort_name: Phòng GDĐT Bình Sơn\nschool_year: \"2024-2025\"\n"
            f"timeout: 10\nschools:\n{schools}plans:\n  - id: 2024-2025-thi-dua\n"
            f"    number: \"{DISTRICT_PLAN[0]}\"\n    issued: {DISTRICT_PLAN[1]}\n"
            f"    title: về công tác thi đua, khen thưởng năm học 2024-2025\n"
            f"    school_year: \"2024-2025\"\n"
            f"  - {{number: 86/KH-PGDĐT, issued: 01/09/2024, title: về Cuộc thi viết, "
            f"school_year: \"2024-2025\"}}\n")


# The district's own award decision: people of three schools, each line saying its school.
DECISION = """\
number: 120/QĐ-PGDĐT
date: 28/05/2025
title: về việc tặng Giấy khen năm học 2024-2025
school_year: "2024-2025"
level: huyen
form: giay-khen
awards:
  - {school: "79000101", recipient: Lê Thị Hồng Nhung, role: teacher, unit: Tổ Văn,
     reason: Dạy giỏi cấp huyện, private: {phone: "0912 345 678"}}
  - {school: "79000103", recipient: Phạm Gia Bảo Ngọc, role: student, unit: "8A1",
     reason: Giải Nhất học sinh giỏi môn Văn}
  - {school: "79000102", recipient: Võ Minh Thư, role: student, unit: "5A", consent: name}
  - {school: "79000102", recipient: Hoàng Quốc Việt, role: teacher, consent: none}
  - {school: "79000101", recipient: Đỗ Văn Chưa Duyệt, role: teacher, status: draft}
"""
# A second decision where the family of Võ Minh Thư lowered consent to initials: lowered
# everywhere, the first decision included.
SECOND_DECISION = """\
number: 121/QĐ-PGDĐT
date: 29/05/2025
title: về việc khen học sinh giỏi năm học 2024-2025
school_year: "2024-2025"
level: huyen
form: giay-khen
awards:
  - {school: "79000102", recipient: Võ Minh Thư, role: student, unit: "5A", consent: initials}
"""
POST = """\
---
date: 2025-06-02
title: Tổng kết năm học 2024-2025 của ngành
---
Cô Lê Thị Hồng Nhung được tặng Giấy khen. <script>alert(1)</script>

[Xem](javascript:alert(1)) và ![ảnh](http://tracker.example/x.gif)
"""


@pytest.fixture(scope="module")
def district(served, tmp_path_factory):
    """The district project built twice: first with every school answering (so the one
    that later fails has a good copy), then with one school down."""
    url, handler, _web = served
    root = tmp_path_factory.mktemp("district") / "pgd"
    result = run_bangvang(root.parent, "district", "new", "pgd", "--ten", ISSUER)
    assert result.returncode == 0, result.stderr
    write(root, "data/district.yml", district_yml(url))
    write(root, "khen-thuong/2024-2025-giay-khen-phong.yml", DECISION)
    write(root, "khen-thuong/2024-2025-hoc-sinh-gioi.yml", SECOND_DECISION)
    write(root, "content/tin-tuc/posts/tong-ket.md", POST)
    # The scaffold's draft campaign published: the schools' campaign of the same name.
    sample = root / "plans/campaigns/nguoi-tot-viec-tot.md"
    sample.write_text(sample.read_text("utf-8").replace("status: draft", "status: active"),
                      "utf-8")
    first = run_bangvang(root, "district", "build")
    assert first.returncode == 0, first.stdout + first.stderr
    handler.down.add(UNREACHABLE)
    handler.hits.clear()
    second = run_bangvang(root, "district", "build")
    assert second.returncode == 0, second.stdout + second.stderr
    return root, first, second, dict(handler.hits)


def csv_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def test_an_unchanged_school_costs_one_request_and_a_silent_one_keeps_its_copy(district):
    root, first, second, hits = district
    for code, *_ in SCHOOLS:
        if code not in (UNREACHABLE, INVALID):
            assert hits[code] == 1, (code, hits)     # datapackage.json answered 304
    assert "Trường THCS Trần Phú (79000105): không lấy được bản mới, giữ bản lấy ngày" \
        in second.stdout
    page = (root / "site/truong/79000105/index.html").read_text("utf-8")
    assert "lần này không lấy được bản mới, đang hiện bản lấy ngày" in page
    home = html.fromstring((root / "site/index.html").read_text("utf-8"))
    assert "Trường THCS Trần Phú" in home.text_content()


def test_an_invalid_school_is_reported_by_file_line_and_column_and_left_out(district):
    root, first, second, _hits = district
    for output in (first.stdout, second.stdout):
        assert "Trường Tiểu học Kim Đồng (79000106): chưa đưa lên cổng lần này" in output
        assert "du-lieu/khen-thuong.csv, dòng 2, cột ngay_quyet_dinh: “25/05/2025” không phải " \
               "ngày" in output
    assert not (root / "site/truong/79000106").exists()
    merged = csv_rows(root / "site/du-lieu/khen-thuong.csv")
    assert merged and INVALID not in {r["ma_truong"] for r in merged}


def test_statistics_per_school_equal_the_schools_own_tables(district, served):
    root, *_ = district
    _url, _handler, web = served
    stats = {(r["ma_truong"], r["nam_hoc"]): r
             for r in csv_rows(root / "site/du-lieu/thong-ke-truong.csv")}
    for code, *_ in SCHOOLS:
        if code == INVALID:
            assert not any(k[0] == code for k in stats)
            continue
        own = web / code / "du-lieu"
        for roll in csv_rows(own / "bang-vang.csv"):
            row = stats[(code, roll["nam_hoc"])]
            assert row["so_luot_khen_thuong"] == roll["so_luot_khen_thuong"]
            exemplars = [g for g in csv_rows(own / "guong.csv") if g["nam_hoc"] == roll["nam_hoc"]]
            assert int(row["so_guong"]) == len(exemplars) == 3
            met = [t for t in csv_rows(own / "chi-tieu.csv") if t["ma_danh_gia"] == "met"]
            assert int(row["chi_tieu_dat"]) == len(met)
            page = html.fromstring((root / f"site/truong/{code}/index.html").read_text("utf-8"))
            figures = {d.findtext("dt"): d.findtext("dd") for d in page.cssselect(".pg-figures div")}
            assert figures["Lượt khen thưởng"] == roll["so_luot_khen_thuong"]
    clusters = {(r["cum"], r["nam_hoc"]): r for r in csv_rows(root / "site/du-lieu/thong-ke-cum.csv")}
    for cluster in ("Cụm 1", "Cụm 2"):
        members = [r for k, r in stats.items() if r["cum"] == cluster and k[1] == "2024-2025"]
        assert int(clusters[(cluster, "2024-2025")]["so_luot_khen_thuong"]) == sum(
            int(r["so_luot_khen_thuong"]) for r in members)


def test_the_merged_package_is_valid_and_every_row_says_its_school(district):
    frictionless = pytest.importorskip("frictionless")
    root, *_ = district
    package = root / "site/du-lieu/datapackage.json"
    report = frictionless.validate(str(package))
    assert report.valid, [(t.name, e.message) for t in report.tasks for e in t.errors][:5]
    people = csv_rows(root / "site/du-lieu/nguoi.csv")
    assert {r["ma_truong"] for r in people} == {c for c, *_ in SCHOOLS if c != INVALID}
    names = {r["ma_truong"]: r["ten_truong"] for r in people}
    assert names["79000103"] == "Trường THCS Nguyễn Du"
    assert any(r["ho_ten"] == STUDENT and r["ma_truong"] == "79000103" for r in people)
    year = csv_rows(root / "site/du-lieu/khen-thuong-2024-2025.csv")
    assert len(year) == len(csv_rows(root / "site/du-lieu/khen-thuong.csv"))
    entries = json.loads(package.read_text("utf-8"))["resources"]
    assert {"khen-thuong", "khen-thuong-2024-2025", "thong-ke-truong"} <= {e["name"] for e in entries}


def test_the_district_plan_lists_the_school_plans_citing_it_and_the_schools_without(district,
                                                                                   served):
    root, *_ = district
    url, _handler, web = served
    page = html.fromstring((root / "site/ke-hoach/2024-2025-thi-dua/index.html").read_text("utf-8"))
    citing = [li.text_content() for li in page.cssselect(".pg-citing li")]
    missing = [li.text_content() for li in page.cssselect(".pg-missing li")]
    cited_by = {name for code, name, _l, _c, cites, _s in SCHOOLS if cites and code != INVALID}
    assert {c.split(":")[0] for c in citing} == cited_by
    assert missing == ["Trường Mầm non Hoa Sen (Cụm 2)"]
    # Each links to the plan's page on the school's own site, which exists there.
    links = [a.get("href") for a in page.cssselect(".pg-citing a")]
    assert f"{url}79000101/ke-hoach/2024-2025-ke-hoach-101/" in links and len(links) == 4
    for link in links:
        assert (web / link[len(url):] / "index.html").is_file(), link


def test_a_wrong_district_file_says_file_line_and_field(tmp_path):
    write(tmp_path, "data/district.yml", "name: Phòng\nschools:\n  - code: \"1\"\n"
          "    name: Trường A\n    level: THPT\n    cluster: Cụm 1\n    site: http://truong.vn/\n")
    result = run_bangvang(tmp_path, "district", "build")
    assert result.returncode == 1
    assert "data/district.yml:5: schools[1].level:" in result.stderr
    assert "data/district.yml:7: schools[1].site:" in result.stderr and "https://" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "site").exists()


def test_a_school_collected_as_a_folder_of_the_project_is_read_from_it(served, tmp_path):
    _url, _handler, web = served
    root = tmp_path / "pgd"
    shutil.copytree(web / "79000102", root / "truong" / "le-loi")
    write(root, "data/district.yml", f"name: {ISSUER}\nschool_year: \"2024-2025\"\nschools:\n"
          "  - {code: \"79000102\", name: \"Trường Tiểu học Lê Lợi\", level: TH, "
          "cluster: \"Cụm 1\", site: truong/le-loi}\n")
    result = run_bangvang(root, "district", "build")
    assert result.returncode == 0, result.stdout + result.stderr
    page = html.fromstring((root / "site/truong/79000102/index.html").read_text("utf-8"))
    # The copy's own address (its package's homepage) makes the links into the school's site.
    assert "https://truong-102.example.edu.vn/" in [a.get("href") for a in page.iter("a")]
    assert len(csv_rows(root / "site/du-lieu/guong.csv")) == 3


class _Slow(SimpleHTTPRequestHandler):
    """A school's server that answers after the district's time limit."""

    def do_GET(self):
        threading.Event().wait(2.5)
        try:
            super().do_GET()
        except ConnectionError:    # the district stopped waiting, as it should
            pass

    def log_message(self, *args):
        pass


def test_a_school_slower_than_the_time_limit_is_reported_not_waited_for(served, tmp_path):
    _url, _handler, web = served
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Slow, directory=str(web)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        write(tmp_path, "data/district.yml", f"name: {ISSUER}\ntimeout: 1\nschools:\n"
              f"  - {{code: \"79000101\", name: \"Trường THCS Hòa An\", level: THCS, "
              f"cluster: \"Cụm 1\", site: \"{url}79000101/\"}}\n")
        result = run_bangvang(tmp_path, "district", "build")
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Trường THCS Hòa An (79000101): chưa đưa lên cổng lần này" in result.stdout
    assert "không trả lời kịp trong thời gian cho phép" in result.stdout
    assert "chưa có bản nào lấy được trước đây" in result.stdout


def test_a_folder_without_district_file_says_how_to_start(tmp_path):
    result = run_bangvang(tmp_path, "district", "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "data/district.yml: không tìm thấy tệp này" in result.stderr
    assert "bangvang district new" in result.stderr


def test_the_districts_award_list_says_each_school_and_keeps_consent(district):
    root, first, *_ = district
    page = html.fromstring((root / "site/khen-thuong/2024-2025-giay-khen-phong/index.html")
                           .read_text("utf-8"))
    rows = [[td.text_content().strip() for td in tr.cssselect("td")]
            for tr in page.cssselect(".pg-awards tbody tr")]
    assert [(r[0], r[1]) for r in rows] == [
        ("Trường THCS Hòa An", "Lê Thị Hồng Nhung"),
        ("Trường THCS Nguyễn Du", "P.G.B.N."),            # a student: initials by default
        ("Trường Tiểu học Lê Lợi", "V.M.T.")]             # lowered by the second decision
    assert "Giấy khen (Quận, huyện)" in rows[0][3]
    site_text = "".join(p.read_text("utf-8", "replace") for p in (root / "site").rglob("*")
                        if p.is_file() and p.suffix in (".html", ".csv", ".json"))
    for never in ("Phạm Gia Bảo Ngọc", "Võ Minh Thư", "Hoàng Quốc Việt", "Đỗ Văn Chưa Duyệt",
                  "0912 345 678"):
        assert never not in site_text, never
    # The scaffold's example decision is a draft: warned about, not published.
    assert not (root / "site/khen-thuong/2024-2025-giay-khen").exists()
    table = csv_rows(root / "site/du-lieu/khen-thuong-phong.csv")
    assert [(r["ma_truong"], r["ho_ten"], r["so_quyet_dinh"]) for r in table] == [
        ("79000102", "V.M.T.", "121/QĐ-PGDĐT"), ("79000101", "Lê Thị Hồng Nhung", "120/QĐ-PGDĐT"),
        ("79000103", "P.G.B.N.", "120/QĐ-PGDĐT"), ("79000102", "V.M.T.", "120/QĐ-PGDĐT")]
    home = html.fromstring((root / "site/index.html").read_text("utf-8"))
    nav = [a.get("href") for a in home.cssselect("header nav a")]
    assert "khen-thuong/index.html" in nav and "tin-tuc/index.html" in nav


def test_the_districts_news_is_published_through_the_sanitiser_and_indexed(district):
    root, *_ = district
    post = (root / "site/tin-tuc/tong-ket-nam-hoc-2024-2025-cua-nganh/index.html").read_text("utf-8")
    assert "Cô Lê Thị Hồng Nhung được tặng Giấy khen." in post
    assert "<script>alert" not in post and "javascript:" not in post
    assert "tracker.example" not in post and "data-pagefind-body" in post
    listing = html.fromstring((root / "site/tin-tuc/index.html").read_text("utf-8"))
    assert [a.text_content() for a in listing.cssselect(".pg-news a")] == [
        "Tổng kết năm học 2024-2025 của ngành"]     # the scaffold's draft post is not there
    assert (root / "site/pagefind/pagefind.js").is_file()


def _own_project(tmp_path: Path, decision: str, post: str | None = None) -> Path:
    from bangvang.district.samples import VOCABULARY
    write(tmp_path, "data/district.yml", f"name: {ISSUER}\nschools:\n  - {{code: \"79000101\", "
          "name: Trường THCS Hòa An, level: THCS, cluster: Cụm 1, site: truong/hoa-an}\n")
    write(tmp_path, "data/vocabulary.yml", VOCABULARY)
    write(tmp_path, "khen-thuong/giay-khen.yml", decision)
    if post:
        write(tmp_path, "content/tin-tuc/posts/tin.md", post)
    return tmp_path


def test_an_award_line_of_a_school_not_in_the_district_says_file_line_and_field(tmp_path):
    root = _own_project(tmp_path, DECISION.replace('"79000103"', '"79000999"'))
    result = run_bangvang(root, "district", "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("khen-thuong/giay-khen.yml:10: awards[2].school: mã trường “79000999” không có "
            "trong data/district.yml") in result.stderr
    assert not (root / "site").exists()


def test_a_district_post_spelling_a_student_shown_by_initials_is_refused(tmp_path):
    decision = DECISION.split("  - {school: \"79000102\"")[0].replace('"79000103"', '"79000101"')
    post = "---\ndate: 2025-06-02\ntitle: Tin\n---\nChúc mừng em\nPham Gia Bao Ngoc lớp 8A1.\n"
    root = _own_project(tmp_path, decision, post)
    result = run_bangvang(root, "district", "build")
    assert result.returncode == 1, result.stdout
    assert "content/tin-tuc/posts/tin.md:6: có tên “Pham Gia Bao Ngoc”" in result.stderr
    assert not (root / "site").exists()


def test_initiatives_against_15_and_70_percent_follow_the_schools_own_tables(district, served):
    root, *_ = district
    _url, _handler, web = served
    stats = {(r["ma_truong"], r["nam_hoc"]): r
             for r in csv_rows(root / "site/du-lieu/thong-ke-truong.csv")}
    page = html.fromstring((root / "site/thong-ke/index.html").read_text("utf-8"))
    shown = {tr.cssselect("td")[0].text_content(): [td.text_content() for td in tr.cssselect("td")]
             for tr in page.cssselect(".pg-initiatives tbody tr")}
    for code, name, _level, _cluster, _cites, seed in SCHOOLS:
        if code == INVALID:
            continue
        own = web / code / "du-lieu"
        initiatives = csv_rows(own / "sang-kien.csv")
        applied = [i for i in initiatives if i["da_ap_dung"] == "true"]
        authors = {a["ma_nguoi"] for a in csv_rows(own / "sang-kien-tac-gia.csv")}
        staff = 40 + int(code[-1])
        assert (len(initiatives), len(applied), len(authors)) == (2, 1 + seed % 2, 2)
        row = stats[(code, "2024-2025")]
        assert int(row["so_sang_kien_ap_dung"]) == len(applied)
        assert int(row["so_nguoi_co_sang_kien"]) == len(authors)
        assert float(row["ty_le_co_sang_kien"]) == round(100 * len(authors) / staff, 1)
        assert float(row["ty_le_sang_kien_ap_dung"]) == round(100 * len(applied) / 2, 1)
        cells = shown[name]
        assert cells[3].endswith("Đạt" if len(applied) == 2 else "Chưa đạt")   # 100 % or 50 %
        assert cells[5].endswith("Chưa đạt")                 # 2 of 41–46 people: under 15 %
    clusters = {(r["cum"], r["nam_hoc"]): r for r in csv_rows(root / "site/du-lieu/thong-ke-cum.csv")}
    members = [r for k, r in stats.items() if r["cum"] == "Cụm 1" and k[1] == "2024-2025"]
    cluster = clusters[("Cụm 1", "2024-2025")]
    assert float(cluster["ty_le_sang_kien_ap_dung"]) == round(100 * sum(
        int(r["so_sang_kien_ap_dung"]) for r in members) / sum(int(r["so_sang_kien"])
                                                               for r in members), 1)


def test_a_school_plans_basis_links_to_the_district_plan_page_which_exists(district, served):
    root, *_ = district
    _url, _handler, web = served
    # The address both sides compute from the plan's number and date (district/address.py).
    path = "ke-hoach/85-kh-pgddt-2024-08-25/"
    school_plan = html.fromstring((web / "79000101/ke-hoach/2024-2025-ke-hoach-101/index.html")
                                  .read_text("utf-8"))
    links = [a.get("href") for a in school_plan.cssselect("a.district-plan")]
    assert links == [DISTRICT_SITE + path]
    # On the district's site: the plan's page is under its own id, the computed address sends
    # the reader there; a plan without id is at the computed address itself.
    moved = html.fromstring((root / "site" / path / "index.html").read_text("utf-8"))
    target = moved.cssselect("link[rel=canonical]")[0].get("href")
    assert (root / "site" / path / target).resolve() == \
        (root / "site/ke-hoach/2024-2025-thi-dua/index.html").resolve()
    assert "Kế hoạch số 86/KH-PGDĐT" in (
        root / "site/ke-hoach/86-kh-pgddt-2024-09-01/index.html").read_text("utf-8")
    # A school without the district's address keeps the number as text.
    assert "district-plan" not in (web / "79000104/ke-hoach/2024-2025-ke-hoach-104/index.html"
                                   ).read_text("utf-8")


def test_a_warm_build_keeps_unchanged_files_and_index_and_rewrites_a_hand_edit(served, tmp_path):
    _url, _handler, web = served
    root = tmp_path / "pgd"
    shutil.copytree(web / "79000101", root / "truong" / "hoa-an")
    write(root, "data/district.yml", f"name: {ISSUER}\nschool_year: \"2024-2025\"\nschools:\n"
          "  - {code: \"79000101\", name: \"Trường THCS Hòa An\", level: THCS, "
          "cluster: \"Cụm 1\", site: truong/hoa-an}\n")
    assert run_bangvang(root, "district", "build").returncode == 0
    table, index = root / "site/du-lieu/guong.csv", root / "site/pagefind/pagefind.js"
    before = (table.stat().st_ino, index.stat().st_ino, table.read_bytes())
    second = run_bangvang(root, "district", "build")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "và cả chỉ mục tìm kiếm" in second.stdout
    assert (table.stat().st_ino, index.stat().st_ino) == before[:2]    # linked, not rewritten
    table.write_bytes(before[2] + b"sua,tay\r\n")                        # site/ edited by hand
    assert run_bangvang(root, "district", "build").returncode == 0
    assert table.read_bytes() == before[2] and table.stat().st_ino != before[0]


def test_the_districts_campaign_lists_the_schools_exemplars_under_its_name(district, served):
    root, *_ = district
    url, _handler, web = served
    page = html.fromstring((root / "site/phong-trao/nguoi-tot-viec-tot/index.html")
                           .read_text("utf-8"))
    rows = page.cssselect(".pg-campaign-exemplars tbody tr")
    schools = {tr.cssselect("td")[1].text_content() for tr in rows}
    assert schools == {name for code, name, *_ in SCHOOLS if code != INVALID}
    assert len(rows) == 3 * len(schools)           # each school's three exemplars
    links = [a.get("href") for a in page.cssselect(".pg-campaign-exemplars td:nth-child(1) a")]
    assert len(links) == len(rows)                 # each to the story on the school's site
    for link in links:
        assert (web / link[len(url):] / "index.html").is_file(), link
    assert "data-pagefind-body" in html.tostring(page, encoding="unicode")
    listing = (root / "site/phong-trao/index.html").read_text("utf-8")
    assert "Người tốt, việc tốt" in listing and "Đang triển khai" in listing

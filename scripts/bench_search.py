"""Benchmark: Pagefind (this site's search) against Material's lunr search_index.json.

    .venv/bin/python scripts/bench_search.py                 # 500 and 5,000 records
    .venv/bin/python scripts/bench_search.py --sizes 200 2000 --write-docs

For each size N, a synthetic school with N exemplars (Vietnamese names, many with Đ, stories
of a few paragraphs: deed sentences from templates plus filler drawn with the word
frequencies of the repository's own stories), 6 campaigns and an honour roll per school year
is generated into a temporary folder and built with `bangvang build` (which runs Pagefind).
Reported:
- the time Pagefind takes to index the built site, and the size of its index folder;
- the bytes Chromium downloads for a first search (opening the search box, typing a name
  without accents, showing the first 10 results) and then for a second, different search,
  counted with Playwright's network events (requests of Pagefind's web worker included);
- for the same pages built with Material's `search` plugin: search/search_index.json, which
  Material downloads whole before the first search (raw and gzip-compressed), and nothing
  more for a second search.
Needs Debian's Chromium at /usr/bin/chromium. --write-docs puts the table into docs/search.md.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
from bangvang.exports import search  # noqa: E402
from bangvang.records.text import fold  # noqa: E402
import realschool  # noqa: E402  (a real school's names and classes, shared with the tests)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PROJECT_FILES = ("mkdocs.yml", "hooks", "overrides", "content", "data/vocabulary.yml")
DOCS = REPO / "docs" / "search.md"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đinh", "Đoàn", "Trịnh", "Mai", "Lương", "Tạ"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thu", "Ngọc", "Quốc", "Gia", "Hoài", "Thanh", "Đình", "Hữu",
          "Bảo", "Khánh", "Phương"]
GIVEN = ["An", "Anh", "Ánh", "Bình", "Cường", "Dũng", "Dương", "Đạt", "Đông", "Đức", "Giang", "Hà",
         "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khang", "Lan", "Linh", "Long", "Mai",
         "Minh", "Nam", "Nga", "Ngọc", "Phong", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Thắng",
         "Thu", "Trang", "Trung", "Tuấn", "Việt", "Yến", "Đào", "Đô", "Diệp", "Đường"]
TEAMS = ["Tổ Toán - Tin", "Tổ Ngữ văn", "Tổ Ngoại ngữ", "Tổ Khoa học tự nhiên", "Tổ Sử - Địa - GDCD",
         "Tổ Nghệ thuật - Thể chất", "Văn phòng", "Thư viện"]
CAMPAIGNS = {
    "day-tot-hoc-tot": "Dạy tốt - Học tốt",
    "nguoi-tot-viec-tot": "Người tốt, việc tốt",
    "doi-moi-sang-tao": "Đổi mới, sáng tạo trong dạy và học",
    "truong-hoc-than-thien": "Xây dựng trường học thân thiện, học sinh tích cực",
    "ke-chuyen-dao-duc": "Kể chuyện đạo đức Hồ Chí Minh",
    "ao-am-cho-em": "Áo ấm cho em vùng cao",
}
DEEDS = [
    "{who} nhặt được chiếc ví có {money} đồng trên đường đến trường và nhờ thầy cô tìm trả người mất.",
    "{who} kèm cặp {n} bạn học yếu môn {subject} suốt học kỳ, cả nhóm đều tiến bộ rõ rệt.",
    "{who} tham gia quyên góp sách vở, áo ấm gửi học sinh vùng cao ở {place}.",
    "{who} đạt giải {prize} cuộc thi học sinh giỏi môn {subject} cấp thành phố.",
    "Trong đợt mưa lớn, {who} giúp các em nhỏ qua đoạn đường ngập trước cổng trường.",
    "{who} có sáng kiến dạy học theo dự án môn {subject}, được tổ chuyên môn áp dụng rộng rãi.",
    "{who} tổ chức câu lạc bộ {club} cho học sinh vào mỗi chiều thứ Sáu.",
    "{who} chăm sóc vườn trường, trồng thêm {n} cây xanh quanh sân chơi.",
    "{who} đưa đón bạn khuyết tật đến lớp đều đặn trong {n} tháng liền.",
    "{who} dành dụm tiền tiết kiệm để ủng hộ quỹ khuyến học của phường {place}.",
]
SUBJECTS = ["Toán", "Ngữ văn", "Tiếng Anh", "Vật lý", "Hóa học", "Sinh học", "Lịch sử", "Địa lý", "Tin học"]
PLACES = ["Hòa An", "Đông Hà", "Điện Biên", "Đắk Lắk", "Sơn La", "Hà Giang", "Đồng Tháp", "Bình Sơn"]
# Places of a real school's stories: none is also a person's name (Hà Giang is a province and
# a girl's name: a hidden student's name in every story that mentions the province).
REAL_PLACES = ["Điện Biên", "Đắk Lắk", "Sơn La", "Đồng Tháp", "Cà Mau", "Lai Châu"]
CLUBS = ["đọc sách", "bóng rổ", "robot", "tiếng Anh", "cờ vua", "vẽ tranh", "đàn ca"]
TITLES = {"teacher": "lao-dong-tien-tien", "staff": "lao-dong-tien-tien", "student": "hoc-sinh-xuat-sac"}


def vocabulary() -> tuple[list[str], list[int]]:
    """Words of the repository's own Vietnamese texts (record bodies, news) with their counts:
    filler drawn from them gives the synthetic stories a realistic spread of words."""
    import collections
    import re
    counts: collections.Counter = collections.Counter()
    for pattern in ("exemplars/**/*.md", "plans/**/*.md", "content/tin-tuc/posts/*.md"):
        for file in REPO.glob(pattern):
            text = file.read_text("utf-8")
            body = text.split("---", 2)[2] if text.startswith("---") else text
            counts.update(re.findall(r"[^\W\d_]+", body.lower()))
    if not counts:
        counts.update(" ".join(DEEDS).lower().split())
    words = sorted(counts, key=lambda w: -counts[w])
    return words, [counts[w] for w in words]


def _copy_project(target: Path) -> None:
    target.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("posts"))
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def _paragraph(rng: random.Random, who: str, words: list[str], weights: list[int],
               places: list[str] = PLACES) -> str:
    """A few deed sentences from the templates, then filler with real word frequencies."""
    sentences = [rng.choice(DEEDS).format(
        who=who, money=rng.choice(["200.000", "1.500.000", "3 triệu"]), n=rng.randint(2, 12),
        subject=rng.choice(SUBJECTS), place=rng.choice(places), prize=rng.choice(["Nhất", "Nhì", "Ba"]),
        club=rng.choice(CLUBS)) for _ in range(rng.randint(2, 4))]
    for _ in range(2):  # filler with the word frequencies of real stories
        filler = rng.choices(words, weights, k=rng.randint(8, 16))
        sentences.append(" ".join(filler).capitalize() + ".")
    return " ".join(sentences)


def _to_length(rng: random.Random, paragraphs: list[str], who: str, words: list[str],
               weights: list[int], low: int, high: int, places: list[str] = PLACES) -> list[str]:
    """More paragraphs until the story has between low and high words, the last one cut."""
    wanted = rng.randint(low, high)
    while sum(len(p.split()) for p in paragraphs) < wanted:
        paragraphs.append(_paragraph(rng, who, words, weights, places))
    extra = sum(len(p.split()) for p in paragraphs) - wanted
    if extra:
        last = paragraphs[-1].split()
        paragraphs[-1] = " ".join(last[:len(last) - extra]).rstrip(".,") + "."
    return paragraphs


# Honours for awards_each: titles by role, a certificate of merit (form) for parents.
HONOURS = {"teacher": [("title", "lao-dong-tien-tien"), ("title", "chien-si-thi-dua-co-so")],
           "staff": [("title", "lao-dong-tien-tien"), ("title", "chien-si-thi-dua-co-so")],
           "student": [("title", "hoc-sinh-xuat-sac"), ("title", "hoc-sinh-tieu-bieu"),
                       ("title", "chau-ngoan-bac-ho")],
           "parent": [("form", "giay-khen")]}


def generate(target: Path, n: int, seed: int = 1, story_words: tuple[int, int] | None = None,
             awards_each: int | None = None, real_school: bool = False) -> dict:
    """A synthetic school with n exemplars; returns two names to search for.

    By default stories have 2 to 4 paragraphs and 4 in 10 teachers, staff and students have
    one award. story_words=(low, high) makes every story that many words long; awards_each=k
    gives every exemplar k-1 to k+1 awards in different school years (scripts/bench_build.py).
    real_school=True makes it look like a real school (the build benchmark): names as frequent
    as in Vietnam and classes from tests/realschool.py, everyone at their default consent (no
    `consent:`: students shown by initials, so the hidden-name scan has work), `site_url` set
    (share cards are drawn), a people file (data/people.yml: the staff list, cited by name on
    the honour rolls) and as many name-only student award lines as exemplars, half of them.
    """
    rng = random.Random(seed)
    words, weights = vocabulary()
    _copy_project(target)
    school = "name: Trường THCS Thử Tải\nshort_name: THCS Thử Tải\nintro: Trường thử để đo tìm kiếm.\n"
    if real_school:
        school += "site_url: https://thcs-thu-tai.example.edu.vn/\naddress: Số 1 đường Thử Tải\n"
    (target / "data/school.yml").write_text(school, "utf-8")
    campaigns = target / "plans/campaigns"
    campaigns.mkdir(parents=True)
    for id, name in CAMPAIGNS.items():
        (campaigns / f"{id}.md").write_text(
            f"---\nname: {name}\nlevel: truong\nperiod: {{from: 05/09/2020}}\n"
            f"summary: Phong trào {name} của nhà trường.\n---\nMô tả phong trào {name}.\n", "utf-8")
    years = [f"{y}-{y + 1}" for y in range(2020, 2025)]
    folder = target / "exemplars"
    (folder / "honours").mkdir(parents=True)
    awards = {y: [] for y in years}
    names = []
    for i in range(n):
        role = rng.choice(["teacher", "teacher", "staff", "student", "student", "student", "parent"])
        if real_school:
            name, unit = realschool.name(rng), (rng.choice(realschool.CLASSES)
                                                if role in ("student", "parent") else rng.choice(TEAMS))
        else:
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            unit = (f"{rng.randint(6, 9)}A{rng.randint(1, 5)}" if role in ("student", "parent")
                    else rng.choice(TEAMS))
        year = rng.choice(years)
        campaign_ids = rng.sample(sorted(CAMPAIGNS), rng.randint(0, 2))
        who = {"teacher": "Thầy", "staff": "Cô", "student": "Em", "parent": "Phụ huynh"}[role] + \
            " " + name.split()[-1]
        places = REAL_PLACES if real_school else PLACES
        paragraphs = [_paragraph(rng, who, words, weights, places)
                      for _ in range(rng.randint(2, 4))]
        if story_words:
            paragraphs = _to_length(rng, paragraphs, who, words, weights, *story_words,
                                    places=places)
        id = f"nguoi-{i:05d}"
        consent = "" if real_school else "consent: name\n"   # real: each role's default
        summary = paragraphs[0].split(".")[0] + "."
        (folder / f"{id}.md").write_text(
            f"---\nname: {name}\nrole: {role}\nunit: {unit}\nschool_year: \"{year}\"\n"
            f"campaigns: [{', '.join(campaign_ids)}]\n{consent}summary: \"{summary}\"\n---\n"
            + "\n\n".join(paragraphs) + "\n", "utf-8")
        names.append(name)
        campaign = campaign_ids[0] if campaign_ids else None
        if awards_each is not None:
            count = min(len(years), max(0, awards_each + rng.randint(-1, 1)))
            for award_year in rng.sample(years, count):
                awards[award_year].append((id, *rng.choice(HONOURS[role]), campaign))
        elif role in TITLES and rng.random() < 0.4:
            awards[year].append((id, "title", TITLES[role], campaign))
    extra = _people_and_students(target, rng, n, years) if real_school else {}
    for year, items in awards.items():
        lines = [f'school_year: "{year}"', "awards:"]
        end = int(year[-4:])
        for id, field, honour, campaign in items:
            lines += [f"  - recipient: {id}", f"    {field}: {honour}", "    level: truong",
                      f"    decision: {{number: 45/QĐ-THCS, date: 25/05/{end}}}"]
            if campaign:
                lines.append(f"    campaign: {campaign}")
        (folder / "honours" / f"{year}.yml").write_text(
            "\n".join(lines) + "\n" + extra.get(year, ""), "utf-8")
    first = names[0]
    second = next((x for x in names[1:] if x.startswith("Đ") and x != first), names[1])
    return {"first": fold(first), "second": fold(second)}


def _people_and_students(target: Path, rng: random.Random, n: int,
                         years: list[str]) -> dict[str, str]:
    """data/people.yml (a staff list of n/20 people with stable ids) and, per school year,
    award lines (YAML) citing them and n/2 students by name alone, at default consent."""
    staff, names = [], set()
    while len(staff) < max(2, n // 20):
        name = realschool.name(rng)
        if name in names:
            continue   # two staff of one name would be cited by id (`person:`), not by name
        names.add(name)
        staff.append((f"cb-{len(staff):04d}", name, rng.choice(["teacher", "staff"]),
                      rng.choice(TEAMS)))
    (target / "data/people.yml").write_text("people:\n" + "".join(
        f"  - {{id: {id}, name: {name}, role: {role}, unit: \"{unit}\"}}\n"
        for id, name, role, unit in staff), "utf-8")
    extra = {}
    students = realschool.students(max(2, n // 2), seed=rng.randint(0, 10**6))
    for index, year in enumerate(years):
        end = int(year[-4:])
        lines = [f"  - recipient: {name}\n    role: {role}\n    unit: \"{unit}\"\n"
                 f"    title: lao-dong-tien-tien\n    level: truong\n"
                 f"    decision: {{number: \"46/QĐ-THCS\", date: 25/05/{end}}}\n"
                 for _id, name, role, unit in staff[index::2]]
        lines.append(realschool.roll_lines(students[index::len(years)], year, "47/QĐ-THCS",
                                           f"25/05/{end}"))
        extra[year] = "".join(lines)
    return extra


def _run(args: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "PYTHONUTF8": "1", "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    if done.returncode != 0:
        sys.exit(f"lệnh {' '.join(args)} lỗi:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - start


def build_lunr(root: Path) -> Path:
    """The same pages with Material's search plugin switched on, into lunr-site/."""
    config = (root / "mkdocs.yml").read_text("utf-8")
    config = config.replace("\nplugins:\n", "\nplugins:\n  - search\n", 1)
    (root / "mkdocs-lunr.yml").write_text(config, "utf-8")
    _run([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs-lunr.yml", "-d", "lunr-site"], root)
    return root / "lunr-site" / "search" / "search_index.json"


class _CountingHandler(SimpleHTTPRequestHandler):
    sent: list = []

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        data = source.read()
        type(self).sent.append((self.path, len(data)))
        outputfile.write(data)


def _body_size(request) -> int:
    """Body bytes of a finished request; Chromium gives 0 for a worker's own script, whose
    size is then read from its Content-Length."""
    size = request.sizes()["responseBodySize"]
    response = request.response()
    if not size and response is not None:
        size = int(response.headers.get("content-length") or 0)
    return size


def measure_downloads(site: Path, queries: tuple[str, str]) -> tuple[int, int, int, int, int]:
    """Bytes Chromium downloads for a first and a second search (Playwright network events)."""
    from playwright.sync_api import sync_playwright

    handler = type("Handler", (_CountingHandler,), {"sent": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    seen: list[tuple[str, int]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.on("requestfinished", lambda r: seen.append((r.url, _body_size(r))))
            page = context.new_page()
            page.goto(url, wait_until="networkidle")
            figures = []
            for step, query in enumerate(queries):
                before, served_before = len(seen), len(handler.sent)
                if step == 0:
                    page.click("[data-bv-search-open]")
                box = page.locator(".bv-search__input")
                box.fill(query)
                page.wait_for_function(
                    "q => document.querySelector('dialog.bv-search').getAttribute('data-done') === q + '||'",
                    arg=query, timeout=60000)
                page.wait_for_load_state("networkidle")
                figures.append((sum(size for _, size in seen[before:]), len(seen) - before,
                                sum(size for _, size in handler.sent[served_before:])))
                shown = page.locator(".bv-search__result").count()
                if not shown:
                    sys.exit(f"không có kết quả cho “{query}”")
            browser.close()
    finally:
        server.shutdown()
    (first, first_requests, first_served), (second, second_requests, second_served) = figures
    for measured, served in ((first, first_served), (second, second_served)):
        if abs(measured - served) > max(2048, served // 50):
            print(f"  (chú ý: Playwright đếm {measured} byte, máy chủ gửi {served} byte)")
    return first, first_requests, second, second_requests, first_served


def human(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def bench(n: int, base: Path) -> dict:
    root = base / f"school-{n}"
    queries = generate(root, n)
    print(f"N = {n}: dựng trang web …", flush=True)
    build_seconds = _run([sys.executable, "-m", "bangvang", "--root", str(root), "build"], root)
    site = root / "site"
    pages = sum(1 for _ in site.rglob("index.html"))
    figures = search.build_index(site)
    data_bytes = sum(f.stat().st_size for f in (site / "pagefind").rglob("*.pf_*"))
    print(f"N = {n}: đo tải về trong Chromium ({queries['first']!r}, rồi {queries['second']!r}) …", flush=True)
    first, first_requests, second, second_requests, _ = measure_downloads(
        site, (queries["first"], queries["second"]))
    print(f"N = {n}: dựng bản có search_index.json của Material …", flush=True)
    lunr = build_lunr(root)
    raw = lunr.read_bytes()
    return {"n": n, "pages": pages, "indexed": figures.pages, "build": build_seconds,
            "index_seconds": figures.seconds, "index_bytes": figures.bytes, "index_files": figures.files,
            "data_bytes": data_bytes, "first": first, "first_requests": first_requests,
            "second": second, "second_requests": second_requests, "queries": queries,
            "lunr": len(raw), "lunr_gzip": len(gzip.compress(raw, 6))}


def table(rows: list[dict]) -> str:
    head = ["", *[f"{r['n']:,} hồ sơ".replace(",", ".") for r in rows]]
    lines = [
        ("Trang HTML của site / trang trong chỉ mục", [f"{r['pages']} / {r['indexed']}" for r in rows]),
        ("Dựng cả site (`bangvang build`, có Pagefind)", [f"{r['build']:.1f} s" for r in rows]),
        ("Pagefind: thời gian tạo chỉ mục", [f"{r['index_seconds']:.1f} s" for r in rows]),
        ("Pagefind: cả thư mục pagefind/ (số tệp)", [f"{human(r['index_bytes'])} ({r['index_files']})" for r in rows]),
        ("Pagefind: riêng dữ liệu chỉ mục (*.pf_*)", [human(r["data_bytes"]) for r in rows]),
        ("Pagefind: tải về cho lần tìm đầu (số yêu cầu)", [f"{human(r['first'])} ({r['first_requests']})" for r in rows]),
        ("Pagefind: tải thêm cho lần tìm thứ hai", [f"{human(r['second'])} ({r['second_requests']})" for r in rows]),
        ("Material: search_index.json (tải trọn trước lần tìm đầu)", [human(r["lunr"]) for r in rows]),
        ("Material: search_index.json nén gzip", [human(r["lunr_gzip"]) for r in rows]),
        ("Material: tải thêm cho lần tìm thứ hai", ["0 B" for _ in rows]),
    ]
    out = ["| " + " | ".join(head) + " |", "|---" + "|---:" * len(rows) + "|"]
    out += ["| " + label + " | " + " | ".join(values) + " |" for label, values in lines]
    queries = "; ".join(f"{r['n']}: “{r['queries']['first']}”, rồi “{r['queries']['second']}”" for r in rows)
    return "\n".join(out) + f"\n\nCâu tìm (gõ không dấu): {queries}.\n"


def write_docs(text: str) -> None:
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    doc = DOCS.read_text("utf-8")
    if start not in doc or end not in doc:
        sys.exit(f"{DOCS} thiếu hai dấu {start} … {end}")
    before, rest = doc.split(start, 1)
    after = rest.split(end, 1)[1]
    stamp = time.strftime("%d/%m/%Y")
    DOCS.write_text(f"{before}{start}\n\nĐo ngày {stamp} (Pagefind 1.5.2, MkDocs 1.6.1, Material 9.8.1, "
                    f"Chromium {_chromium_version()}):\n\n{text}\n{end}{after}", "utf-8")
    print(f"đã ghi bảng số đo vào {DOCS.relative_to(REPO)}")


def _chromium_version() -> str:
    try:
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
        return out.split()[1]
    except (OSError, IndexError):
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000], help="số hồ sơ (mặc định 500 5000)")
    parser.add_argument("--write-docs", action="store_true", help="ghi bảng vào docs/search.md")
    parser.add_argument("--keep", action="store_true", help="giữ lại thư mục tạm để xem")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"cần Chromium ở {CHROMIUM} (make browser)")
    base = Path(tempfile.mkdtemp(prefix="bangvang-bench-"))
    try:
        rows = [bench(n, base) for n in args.sizes]
    finally:
        if args.keep:
            print(f"thư mục tạm: {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    text = table(rows)
    print()
    print(text)
    if args.write_docs:
        write_docs(text)


if __name__ == "__main__":
    main()

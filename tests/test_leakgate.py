"""The last gate (leakgate.py) and withdrawal (privacy_scan.py), as the school would see them:
a hidden name that reaches any file of the staging site stops the build and names the file,
site/ untouched; a teacher who withdraws consent is taken off every output without blocking
the build."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from bangvang.checking import leakgate, longtext
from bangvang.checking.privacy import HiddenNames
from conftest import make_project, run_bangvang, write
from sitecheck import all_text


def _hidden() -> HiddenNames:
    names = HiddenNames()
    names.add("Nguyễn Văn An", "exemplars/hs-an.md")
    names.allow(["Trần Thị Bình"])
    return names


def _site(tmp_path: Path, pages: dict[str, str]) -> tuple[Path, Path]:
    """A staging site of `pages` (path → text) and where its gate keeps its verdicts."""
    site = tmp_path / "site"
    for name, text in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, "utf-8")
    return site, tmp_path / ".build/cache/kiem-tra-cuoi.json"


def test_the_gate_reads_every_kind_of_output_file(tmp_path):
    site = tmp_path / "site"
    files = {
        "trang/index.html": "<p>Em Nguy&ecirc;̃n V<b>ă</b>n\nAn đạt giải.</p>",
        "du-lieu/a.json": json.dumps({"ho_ten": "Nguyễn Văn An"}),            # \\u escapes
        "du-lieu/a.csv": "ma,ho_ten\n1,NGUYỄN VĂN AN\n",
        "tin-tuc.xml": "<feed><title>Khen em Nguyen Van An</title></feed>",
        "nguyen-van-an/index.html": "<p>Trang.</p>",                           # the address
        "sach/index.html": "<p>Cô Trần Thị Bình và em N.V.A.</p>",            # clean
        # What a shared link shows (Zalo, Facebook), an alt text in capitals, unquoted
        "chia-se/index.html": '<head><meta property="og:description" content="Em Nguyễn '
                              'Văn An"></head><body><p>Em N.V.A.</p></body>',
        "anh/index.html": "<p><IMG SRC=a.png ALT=Nguy&#7877;n&#32;V&#259;n&#32;An></p>",
        "nhan/index.html": '<input title="Nguyễn Văn" placeholder="An">',   # clean: two fields
    }
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, "utf-8")
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(b"<loc>/nguyen-van-an/</loc>"))
    (site / "pagefind/fragment").mkdir(parents=True)
    (site / "pagefind/fragment/vi_1.pf_fragment").write_bytes(gzip.compress(
        b"pagefind_dcd" + json.dumps({"content": "Em Nguyễn Văn An"}).encode()))
    found = dict(leakgate.leaks(site, _hidden()))
    assert set(found) == {"trang/index.html", "du-lieu/a.json", "du-lieu/a.csv", "tin-tuc.xml",
                          "nguyen-van-an/index.html", "sitemap.xml.gz",
                          "pagefind/fragment/vi_1.pf_fragment", "chia-se/index.html",
                          "anh/index.html"}
    # An address published before the name was hidden cannot be taken back: its content is
    # read, its path is not.
    online = frozenset({"/nguyen-van-an/"})
    assert "nguyen-van-an/index.html" not in dict(leakgate.leaks(site, _hidden(), online))


def test_a_rebuild_reads_again_only_what_changed_and_a_new_hidden_name_where_it_is(tmp_path):
    """The gate keeps its clean verdicts between builds: a file with the same bytes is not
    read again, an edited one is, and a teacher who becomes hidden has every file that holds
    her name read again (the others keep their verdicts)."""
    pages = {f"trang-{i}/index.html": f"<p>Cô Trần Thị Bình, trang {i}.</p>" for i in range(20)}
    site, cache = _site(tmp_path, pages)
    leakgate.leaks.reused = 0   # a counter of the module: other tests of this worker add to it
    assert leakgate.leaks(site, _hidden(), cache=cache) == [] and leakgate.leaks.reused == 0
    leakgate.leaks.reused = 0
    (site / "trang-3/index.html").write_text("<p>Em Nguyễn Văn An.</p>", "utf-8")
    assert leakgate.leaks(site, _hidden(), cache=cache) == [("trang-3/index.html",
                                                               "Nguyễn Văn An")]
    assert leakgate.leaks.reused == 19
    leakgate.leaks.reused = 0
    (site / "trang-3/index.html").write_text("<p>Trang 3.</p>", "utf-8")
    assert leakgate.leaks(site, _hidden(), cache=cache) == []
    bình_hidden = _hidden()
    bình_hidden.add("Trần Thị Bình", "exemplars/gv-binh.md")
    bình_hidden.allow([])
    leakgate.leaks.reused = 0
    assert len(leakgate.leaks(site, bình_hidden, cache=cache)) == 19
    assert leakgate.leaks.reused == 1   # "Trang 3." does not hold "Thị Bình"
    message = leakgate.check_site(site, _hidden(), cache=cache)
    assert "20 tệp" in message and "không tệp nào" in message


def test_a_kept_file_is_not_read_again_but_one_changed_in_place_is(tmp_path, monkeypatch):
    """A rebuild hard-links the pages it keeps from the previous site: the very file judged
    clean is not read again. A file changed in place, even to the same size, is."""
    import os
    old, cache = tmp_path / "site", tmp_path / ".build/cache/kiem-tra-cuoi.json"
    clean = "<p>Em N.V.A. đạt giải.</p>"
    leak = "<p>Em Nguyễn Văn An.....</p>"
    assert len(clean.encode()) == len(leak.encode())
    for i in range(3):
        (old / f"trang-{i}").mkdir(parents=True)
        (old / f"trang-{i}/index.html").write_text(clean, "utf-8")
    assert leakgate.leaks(old, _hidden(), cache=cache) == []
    new = tmp_path / "moi"
    for i in range(3):
        (new / f"trang-{i}").mkdir(parents=True)
        os.link(old / f"trang-{i}/index.html", new / f"trang-{i}/index.html")
    read = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: (self.suffix == ".html" and read.append(
        self.name)) or original(self))
    leakgate.leaks.reused = 0
    assert leakgate.leaks(new, _hidden(), cache=cache) == [] and read == []
    assert leakgate.leaks.reused == 3
    page = new / "trang-1/index.html"
    before = page.stat().st_mtime_ns
    with open(page, "r+b") as file:   # in place: the same inode and size
        file.write(leak.encode())
    os.utime(page, ns=(before + 1, before + 1))   # a clock a nanosecond on
    assert leakgate.leaks(new, _hidden(), cache=cache) == [("trang-1/index.html",
                                                            "Nguyễn Văn An")]


def test_one_more_hidden_student_reads_again_only_the_files_with_her_last_two_words(tmp_path):
    """The commonest edit, a student added to the roll (hidden by default): files that do
    not hold her last two words one space apart ("Thị Hoa", in text or in an address) keep
    their verdicts, even those with her given name in other words ("Lớp Hoa ngữ", "Phạm
    Thị Hoa" would be read: "Thị Hoa"); those that hold them are read again, and she is found
    wherever she is named, in text or in a link's address. (A given name nobody had before
    reads every file again.)"""
    site, cache = tmp_path / "site", tmp_path / ".build/cache/kiem-tra-cuoi.json"
    pages = {f"trang-{i}/index.html": f"<p>Cô Trần Thị Bình, trang {i}.</p>" for i in range(10)}
    pages.update({"lop/index.html": "<p>Em L&ecirc; Thị <b>Hoa</b> đạt giải.</p>",
                  "lien-ket/index.html": '<p><a href="/hs/le-thi-hoa/">Trang</a></p>',
                  "hoa-ngu/index.html": "<p>Lớp Hoa ngữ, cô Hoa.</p>",
                  "hoa-hong/index.html": '<p><a href="/anh/hoa-hong/">Hoa hồng</a></p>',
                  "gv/index.html": "<p>Cô Phạm Thị Hoa dạy Văn.</p>"})
    for name, text in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, "utf-8")
    def names() -> HiddenNames:   # a teacher named Hoa is known: her given name is too
        known = _hidden()
        known.allow(["Trần Thị Bình", "Phạm Thị Hoa"])
        return known
    assert leakgate.leaks(site, names(), cache=cache) == []
    with_hoa = names()
    with_hoa.add("Lê Thị Hoa", "exemplars/honours/2024-2025.yml")
    leakgate.leaks.reused = 0
    assert leakgate.leaks(site, with_hoa, cache=cache) == [
        ("lien-ket/index.html", "le-thi-hoa"), ("lop/index.html", "Lê Thị Hoa")]
    assert leakgate.leaks.reused == 12   # "Hoa ngữ", "cô Hoa", "hoa-hong" kept theirs
    leakgate.leaks.reused = 0   # the next build, the files as they were: the same answer
    assert len(leakgate.leaks(site, with_hoa, cache=cache)) == 2
    with_hoa.add("Đỗ Thanh Hoa", "")   # another Hoa: her "Thanh Hoa" is in no file
    leakgate.leaks.reused = 0
    assert len(leakgate.leaks(site, with_hoa, cache=cache)) == 2 and leakgate.leaks.reused == 13
    with_khai = names()   # a given name no verdict knew: every file is read again
    with_khai.add("Lê Văn Khải", "")
    leakgate.leaks.reused = 0
    assert leakgate.leaks(site, with_khai, cache=cache) == [] and leakgate.leaks.reused == 0


def test_a_file_read_again_for_a_new_student_is_judged_against_her_alone(tmp_path,
                                                                          monkeypatch):
    """A file whose verdict held for everybody before and that holds a new student's last
    two words is judged again against her alone (the roll's big pages and tables, at every
    student added); the verdict it then gets is whole: a second student whose last two words
    it also holds has it read again, and found."""
    pages = {f"trang-{i}/index.html": f"<p>Trang {i}.</p>" for i in range(5)}
    pages["gv/index.html"] = "<p>Cô Phạm Thị Hoa dạy Văn; cô Thanh Hoa dạy Sử.</p>"
    site, cache = _site(tmp_path, pages)

    def names(*students: str) -> HiddenNames:
        known = _hidden()
        for student in students:
            known.add(student, "exemplars/honours/2024-2025.yml")
        known.allow(["Trần Thị Bình", "Phạm Thị Hoa", "Vũ Thanh Hoa"])
        return known
    assert leakgate.leaks(site, names(), cache=cache) == []
    rules = []
    spells = HiddenNames.spells
    monkeypatch.setattr(HiddenNames, "spells", lambda self, *a, **k: (
        rules.append(sorted(" ".join(p.words) for p in self.people.values())),
        spells(self, *a, **k))[1])
    leakgate.leaks.reused = 0
    assert leakgate.leaks(site, names("Lê Thị Hoa"), cache=cache) == []   # "Phạm Thị Hoa"
    assert rules == [["Lê Thị Hoa"]] and leakgate.leaks.reused == 5
    rules.clear()
    assert leakgate.leaks(site, names("Lê Thị Hoa", "Đỗ Thanh Hoa"), cache=cache) == [
        ("gv/index.html", "Thanh Hoa")]
    assert rules == [["Đỗ Thanh Hoa"]]


def test_a_published_name_gone_reads_again_only_the_files_that_hold_it(tmp_path):
    """A teacher taken off the records (or a student off the roll, with the initials
    published for her): files that hold none of her name's words in a row keep their
    verdicts; a page that still names her is read again, and where her name had spared a
    hidden student's of the same words, that is now a hidden name."""
    pages = {f"trang-{i}/index.html": f"<p>Cô Trần Thị Bình, trang {i}.</p>" for i in range(6)}
    pages["tin/index.html"] = "<p>Cô Nguyễn Minh Thư dạy Toán.</p>"
    site, cache = _site(tmp_path, pages)

    def names(*published: str) -> HiddenNames:
        known = _hidden()
        known.add("Nguyễn Minh Thư", "exemplars/honours/2024-2025.yml")   # a student
        known.allow(["Trần Thị Bình", *published])
        return known
    assert leakgate.leaks(site, names("Nguyễn Minh Thư", "Hồ Văn Khoa"), cache=cache) == []
    leakgate.leaks.reused = 0
    assert leakgate.leaks(site, names("Nguyễn Minh Thư"), cache=cache) == []   # Khoa gone
    assert leakgate.leaks.reused == 7
    leakgate.leaks.reused = 0
    assert leakgate.leaks(site, names(), cache=cache) == [("tin/index.html", "Nguyễn Minh Thư")]
    assert leakgate.leaks.reused == 6


def test_a_rename_reads_again_only_the_pages_whose_owner_changed(tmp_path):
    """In a hidden person's own pages their given name is theirs in any case ("văn an"):
    after a rename gives them another page, that page is read again and refused; every
    other page keeps its verdict (a rename changes whose pages are whose, nothing else)."""
    pages = {f"trang-{i}/index.html": f"<p>Trang {i}.</p>" for i in range(10)}
    pages["hs-moi/index.html"] = "<p>Bạn văn an học giỏi.</p>"
    site, cache = _site(tmp_path, pages)

    def an_at(page: str) -> HiddenNames:
        names = HiddenNames()
        names.add("Nguyễn Văn An", page)
        return names
    assert leakgate.leaks(site, an_at("/hs-an/"), cache=cache) == []
    leakgate.leaks.reused = 0
    assert leakgate.leaks(site, an_at("/hs-moi/"), cache=cache) == [("hs-moi/index.html",
                                                                     "văn an")]
    assert leakgate.leaks.reused == 10


def test_verdicts_hold_when_addresses_are_published_and_not_when_one_is_taken_back(tmp_path):
    """A first build records its addresses after the gate: the next build's gate keeps the
    verdicts. A path that was spared because its address was online is read again once that
    address is gone from the list."""
    site, cache = tmp_path / "site", tmp_path / ".build/cache/kiem-tra-cuoi.json"
    (site / "nguyen-van-an").mkdir(parents=True)
    (site / "nguyen-van-an/index.html").write_text("<p>Trang.</p>", "utf-8")
    for i in range(5):
        (site / f"trang-{i}").mkdir()
        (site / f"trang-{i}/index.html").write_text(f"<p>Trang {i}.</p>", "utf-8")
    online = frozenset({"/nguyen-van-an/"})
    leakgate.leaks.reused = 0
    assert leakgate.leaks(site, _hidden(), online, cache=cache) == []
    leakgate.leaks.reused = 0
    more = online | {f"/trang-{i}/" for i in range(5)}
    assert leakgate.leaks(site, _hidden(), more, cache=cache) == []
    assert leakgate.leaks.reused == 6
    leakgate.leaks.reused = 0
    assert leakgate.leaks(site, _hidden(), frozenset(), cache=cache) == [
        ("nguyen-van-an/index.html", "nguyen-van-an")]
    assert leakgate.leaks.reused == 0


def test_a_hidden_name_from_outside_the_records_stops_the_build_and_keeps_the_site(tmp_path):
    root = make_project(tmp_path / "school")
    first = run_bangvang(root, "build")
    assert first.returncode == 0, first.stdout + first.stderr
    before = (root / "site/index.html").read_bytes()
    # The theme's footer (overrides/, which `check` does not read as record text) names the
    # student the mini school publishes under no name at all.
    footer = root / "overrides/partials/copyright.html"
    footer.write_text(footer.read_text("utf-8") + "\n<span>Lớp của em Lê Văn Ân</span>\n",
                      "utf-8")
    second = run_bangvang(root, "build", "--force")
    assert second.returncode == 1, second.stdout + second.stderr
    assert "index.html" in second.stderr and "Lê Văn Ân" in second.stderr
    assert "Traceback" not in second.stderr
    assert (root / "site/index.html").read_bytes() == before
    assert not list(root.glob(".site-new-*"))


SIGNED = "signer: {name: Đặng Văn Đỗ, title: HIỆU TRƯỞNG}"


def test_a_teacher_who_withdraws_is_taken_off_every_output_without_blocking(tmp_path):
    root = make_project(tmp_path / "school")
    plan = root / "plans/2023-2024-ke-hoach.md"
    plan.write_text(plan.read_text("utf-8").replace(
        'signer: {name: Nguyễn Văn Bình, title: "KT. HIỆU TRƯỞNG\\nPHÓ HIỆU TRƯỞNG"}', SIGNED),
        "utf-8")
    story = root / "exemplars/hs-2024-nhat-vi.md"
    story.write_text(story.read_text("utf-8").replace(
        "Câu chuyện.", "Em mang ví đến thầy Đặng Văn Đỗ để trả lại."), "utf-8")
    write(root, "content/tin-tuc/posts/thay-do.md", "---\ndate: 2024-05-20\ntitle: Thầy dạy "
          "bù\n---\nThầy Đặng Văn Đỗ dạy bù cho lớp 7A.\n")
    first = run_bangvang(root, "build")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Đặng Văn Đỗ" in (root / "site/ke-hoach/2023-2024-ke-hoach/index.html").read_text()
    assert "Đặng Văn Đỗ" in (root / "site/tin-tuc/thay-day-bu/index.html").read_text()

    teacher = root / "exemplars/dang-van-do.md"
    teacher.write_text(teacher.read_text("utf-8").replace("unit:", "consent: initials\nunit:"),
                       "utf-8")
    second = run_bangvang(root, "build")
    out = second.stdout + second.stderr
    assert second.returncode == 0, out                                  # never blocks
    assert "exemplars/hs-2024-nhat-vi.md" in out and "plans/2023-2024-ke-hoach.md" in out
    plan_page = (root / "site/ke-hoach/2023-2024-ke-hoach/index.html").read_text("utf-8")
    assert "Đ.V.Đ." in plan_page and "HIỆU TRƯỞNG" in plan_page
    for page in ("guong-dien-hinh/hs-2024-nhat-vi", "tin-tuc/thay-day-bu"):
        withheld = (root / f"site/{page}/index.html").read_text("utf-8")
        assert "không còn được công bố" in withheld, page
    assert "content/tin-tuc/posts/thay-do.md" in out
    for path, text in all_text(root / "site"):
        if not path.startswith("assets/"):
            assert "Đặng Văn Đỗ" not in text and "dang van do" not in text.lower(), path

    # Text written now with his name is refused, as any new text naming a hidden person.
    write(root, "exemplars/gv-moi.md", "---\nname: Phạm Thị Hoa\nrole: teacher\n"
          "school_year: \"2023-2024\"\nsummary: Cô cùng thầy Đặng Văn Đỗ dạy bù.\n---\nChuyện.\n")
    third = run_bangvang(root, "check")
    assert third.returncode == 1 and "exemplars/gv-moi.md:5: summary:" in third.stdout + \
        third.stderr


def test_an_initiative_online_that_names_a_withdrawn_author_is_withheld(tmp_path):
    root = make_project(tmp_path / "school")
    write(root, "initiatives/2023-2024-goc-doc-sach.md", "---\ntitle: Góc đọc sách\nauthors:\n"
          "  - name: dang-van-do\nschool_year: \"2023-2024\"\nlevel: truong\n"
          "decision: {number: \"27/QĐ-THCS\", date: 15/05/2024}\napplied: true\n"
          "summary: Góc đọc sách.\n---\nThầy Đặng Văn Đỗ lập góc đọc sách.\n")
    first = run_bangvang(root, "build")
    assert first.returncode == 0, first.stdout + first.stderr
    teacher = root / "exemplars/dang-van-do.md"
    teacher.write_text(teacher.read_text("utf-8").replace("unit:", "consent: initials\nunit:"),
                       "utf-8")
    second = run_bangvang(root, "build")
    assert second.returncode == 0, second.stdout + second.stderr
    page = (root / "site/sang-kien/2023-2024-goc-doc-sach/index.html").read_text("utf-8")
    assert "không còn được công bố" in page
    for path, text in all_text(root / "site"):
        if not path.startswith("assets/"):
            assert "Đặng Văn Đỗ" not in text, path


def test_a_long_text_judged_in_pieces_gets_the_whole_texts_verdict(tmp_path, monkeypatch):
    """Open data tables run to megabytes: the gate judges them in pieces and keeps each clean
    piece's verdict (one award line edited reads one piece again). A piece's verdict must be
    the whole text's: names cut by a piece's bounds, a family name or a place word just
    before one, a published name around one, a text with no marks at all, pieces too short
    to hold what the rule reads around a name."""
    import random
    monkeypatch.setattr(longtext, "PIECES_FROM", 0)
    monkeypatch.setattr(longtext, "CUT", 1)
    hidden = HiddenNames()
    for name in ("Nguyễn Văn An", "Lê Thị Thu Hà", "Phạm Minh Thư"):
        hidden.add(name, "")
    hidden.allow(["Trần Văn An", "Đỗ Lê Thị Thu Hà"])
    rng = random.Random(2025)
    names = ["Nguyễn Văn An", "Văn An", "Thu Hà", "Minh Thư", "Trần Văn An", "Đỗ Lê Thị Thu Hà",
             "phường Thu Hà", "Phạm Minh Thư", "Minh thư", "minh thu", "Nguyen Van An",
             "Anh Minh Thư", "Em Thu Hà"]
    filler = ["lớp", "7A3", "học", "sinh", "giỏi", "năm", "2024-2025", "Trần", "Lê", ".", ",",
              "Thu", "Văn", "Minh", "xuất", "sắc", "\n", "\n<p>", "</p>\n"]
    judged, pieced = {False: 0, True: 0}, 0
    for round_ in range(300):
        monkeypatch.setattr(longtext, "PIECE", rng.choice((60, 200, 400)))
        accented = rng.random() > 0.2
        words = [rng.choice(names if rng.random() < 0.003 else filler) for _ in range(600)]
        text = " ".join(words if accented else [w.encode("ascii", "ignore").decode() or "x"
                                                for w in words])
        whole = bool(hidden.spells(text, "/du-lieu/khen-thuong.json"))
        pieced += len(longtext._cuts(text)) > 4
        cache = tmp_path / f"v{round_ % 3}.json"
        for _ in range(2):   # judged, then from the kept pieces' verdicts
            verdicts = leakgate.Verdicts(cache, hidden, frozenset())
            pieces = bool(longtext.spells(text, hidden, "/du-lieu/khen-thuong.json",
                                          "du-lieu/khen-thuong.json", set(), verdicts))
            assert pieces == whole, text
            verdicts.save()
        judged[whole] += 1
    assert judged[True] > 30 and judged[False] > 30, judged   # both kinds of text were tried
    assert pieced > 250


def test_a_piece_read_with_more_than_its_neighbours_is_judged_again_each_time(tmp_path,
                                                                              monkeypatch):
    """A piece whose neighbours hold too little text for what the rule reads around a name
    is judged with pieces further away, so its verdict is not kept: an edit two pieces away
    that makes its name a hidden one ("phường Thu Hà", a place, becomes "lớp Thu Hà") is
    found."""
    monkeypatch.setattr(longtext, "PIECES_FROM", 0)
    monkeypatch.setattr(longtext, "PIECE", 1)
    monkeypatch.setattr(longtext, "CUT", 0)   # every line a piece
    hidden = HiddenNames()
    hidden.add("Lê Thị Thu Hà", "")
    cache = tmp_path / "v.json"

    def judged(before: str) -> bool:
        text = f"Danh sách năm học 2024-2025\nĐịa chỉ: {before}\n\u200b\nThu Hà, lớp 7A3\nhết\n"
        verdicts = leakgate.Verdicts(cache, hidden, frozenset())
        found = longtext.spells(text, hidden, "/du-lieu/a.csv", "du-lieu/a.csv", set(), verdicts)
        verdicts.save()
        assert bool(found) == bool(hidden.spells(text, "/du-lieu/a.csv"))
        return bool(found)
    assert not judged("phường") and not judged("phường")
    assert judged("lớp")


def test_a_kept_piece_is_judged_again_when_the_whole_text_loses_its_marks(tmp_path,
                                                                         monkeypatch):
    """In a text with marks, "Thu Ha" is not the hidden "Thu Hà"; in a text without any,
    it is. The only marked word is taken out of a piece far from it: the piece with "Thu
    Ha", unchanged, with unchanged neighbours, is judged again."""
    monkeypatch.setattr(longtext, "PIECES_FROM", 0)
    monkeypatch.setattr(longtext, "PIECE", 1)
    monkeypatch.setattr(longtext, "CUT", 0)
    hidden = HiddenNames()
    hidden.add("Lê Thị Thu Hà", "")
    cache = tmp_path / "v.json"

    def judged(first: str) -> bool:
        lines = [first, "Danh sach nam hoc 2024-2025 cua truong", "Lop 7A3 co ban",
                 "in dam " * 100, "Em Thu Ha lop 7A3 dat giai nhi mon Van cap huyen",
                 "het danh sach " * 60, "."]   # the name's neighbours hold its window
        text = "\n".join(lines) + "\n"
        verdicts = leakgate.Verdicts(cache, hidden, frozenset())
        found = longtext.spells(text, hidden, "/du-lieu/a.csv", "du-lieu/a.csv", set(), verdicts)
        verdicts.save()
        assert bool(found) == bool(hidden.spells(text, "/du-lieu/a.csv"))
        return bool(found)
    assert not judged("Trường THCS Thử Tải") and not judged("Trường THCS Thử Tải")
    assert judged("Truong THCS Thu Tai")


def test_the_pieces_of_a_long_text_read_as_the_whole_text_reads(monkeypatch):
    """The gate makes each piece of a long text a reader's text on its own: joined, they
    must be the whole text's reader text, whatever markup runs across the line breaks
    (tags and their read attributes over several lines, entities, links, hyphen-joined
    words, invisible characters, look-alike letters, combining marks)."""
    import random
    from bangvang.checking.readable import reader_text
    monkeypatch.setattr(longtext, "PIECE", 1)
    monkeypatch.setattr(longtext, "CUT", 0)
    parts = ["Nguyễn", "Văn", "An", "\n", "\n", "<p>", "</p>", "<TD>", "<br>", "<a\nhref='/x/'",
             "\ntitle='Lê\nThị Hoa'>", "</a>", "&amp;", "&aacute;", "&#7877;", "&nbsp;",
             "[Minh\nThư](/y/)", "[Minh Thư](/y/)", "Nguyễn-Văn-An", "nguyen-van-an", "-",
             "Nguy\u200bễn", "a\u0301", "Ｋhánh", "Аn", "**đậm**", "<img alt=\"Thu\nHà\">",
             "<", ">", "\r\n", "2024-2025", "\u00ad", "<!--\nghi chú\n-->",
             '<a href="/x/?a=1&amp;b=2">', '<abbr title="a &lt; b">', "<i title='&#60;b'>",
             '<meta content="Minh &#x3C;\nThư">', "&lt;", "<b title='x'>Văn</b>",
             "e<<5)", "i<n;", "(a<b)=>", "< <p>", "<x <br>", "<ſtyle>", "<5 <ſ>"]
    rng = random.Random(7)
    cut = 0
    for _ in range(2000):
        text = "".join(rng.choice(parts) + rng.choice(("", " ", "\n")) for _ in range(60))
        cuts = longtext._cuts(text)
        cut += len(cuts) > 2
        pieces = [reader_text(text[a:b]) for a, b in zip(cuts, cuts[1:])]
        assert " ".join(p for p in pieces if p) == reader_text(text), (text, cuts)
    assert cut > 900   # most texts were cut (a stray "<" leaves the rest of one uncut)


def test_a_table_unchanged_for_a_build_keeps_its_pieces_for_the_next_edit(tmp_path, monkeypatch):
    """A story edited between two award lines: the tables are not read in the story's build
    (their verdicts hold), and the award line after it reads a few pieces of a table again,
    not the table."""
    monkeypatch.setattr(longtext, "PIECES_FROM", 1000)
    monkeypatch.setattr(longtext, "PIECE", 400)
    site, cache = tmp_path / "site", tmp_path / ".build/cache/kiem-tra-cuoi.json"
    rows = [f"Cô Trần Thị Bình, lớp {i}A, năm học 2024-2025, giải nhì." for i in range(300)]
    table = site / "du-lieu/khen-thuong.csv"
    table.parent.mkdir(parents=True)
    table.write_text("\n".join(rows), "utf-8")
    (site / "trang/index.html").parent.mkdir(parents=True)
    (site / "trang/index.html").write_text("<p>Trang.</p>", "utf-8")
    windows = []
    spells = HiddenNames.spells
    monkeypatch.setattr(HiddenNames, "spells", lambda self, text, *a, **k: (
        windows.append(k.get("within")), spells(self, text, *a, **k))[1])
    assert leakgate.leaks(site, _hidden(), cache=cache) == []
    pieces = sum(w is not None for w in windows)
    assert pieces > 10
    (site / "trang/index.html").write_text("<p>Trang đã sửa.</p>", "utf-8")   # the story
    windows.clear()
    assert leakgate.leaks(site, _hidden(), cache=cache) == [] and not any(windows)
    rows[150] = rows[150].replace("giải nhì", "giải nhất")                  # the award line
    table.write_text("\n".join(rows), "utf-8")
    windows.clear()
    assert leakgate.leaks(site, _hidden(), cache=cache) == []
    # the piece with the line and the two beside it (their windows hold it), one more
    # when the line is among the characters that chose a cut
    assert 1 <= sum(w is not None for w in windows) <= 5 < pieces, (len(windows), pieces)
    rows[200] = "Em Nguyễn Văn An, lớp 7A3."                                 # a hidden name
    table.write_text("\n".join(rows), "utf-8")
    assert leakgate.leaks(site, _hidden(), cache=cache) == [("du-lieu/khen-thuong.csv",
                                                               "Nguyễn Văn An")]

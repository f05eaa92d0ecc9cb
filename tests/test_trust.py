"""The site's trust promises, as a reader or the school's team would notice them.

B. Consent is decided once, per person, and only ever lowered: an award line, a contest entry
   or a draft never publishes more of a person than that person's own record allows, and a
   hidden person's name is refused wherever it is written (text, file names); comments and
   photo metadata never reach the site.
C. Nothing outside the project is read or written: photos, vocabulary keys and redirects
   cannot point out of it.
D. The build never fails after `check` passed: what would break the build is found by
   `check`, naming file and line; news URLs are permanent like record URLs.
E. No traceback, whatever the input.

The tests run the real command (`python -m bangvang`) on small copies of
tests/fixtures/mini-school; they assert exit codes, the "file:line" a message names, and what
reaches site/, never the wording of a message.
"""
from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest
from lxml import html

from conftest import make_project, run_bangvang, write
from sitecheck import all_text, tree_snapshot

ROLL = "exemplars/honours/2023-2024.yml"


# ------------------------------------------------------------------ helpers

def fold(text: str) -> str:
    """Lower case, no tones or letter marks, đ → d: how a leak may be spelled."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def bangvang(root: Path, *args: str):
    """Run a command; whatever the outcome, never a traceback."""
    # In this process unless BANGVANG_TEST_SUBPROCESS=1 (conftest.run_bangvang).
    result = run_bangvang(root, *args)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, "a traceback:\n" + output[-2000:]
    return result


def names(result, file: str, line: int | None = None, lines: range | None = None) -> bool:
    """Whether the problems name `file` (at `line`, or at a line in `lines`) with a message."""
    for match in re.finditer(rf"(?m)^{re.escape(file)}(?::(\d+))?: \S", result.stderr):
        found = int(match[1]) if match[1] else None
        if line is None and lines is None:
            return True
        if found is not None and (found == line or (lines is not None and found in lines)):
            return True
    return False


def refused_at(result, file: str, line: int | None = None, lines: range | None = None) -> None:
    if lines is not None and len(lines) == 1:
        line, lines = lines.start, None
    where = f"{file}:{line}" if line else f"{file}:{lines.start}-{lines.stop - 1}" if lines else file
    assert result.returncode == 1, f"`check` accepted it; expected a problem at {where}\n" \
        + result.stdout[-1500:]
    assert names(result, file, line, lines), f"no problem names {where}:\n{result.stderr[-3000:]}"


def line_of(root: Path, relative: str, needle: str, start: int = 1) -> int:
    """1-based number of the first line at or after `start` that contains `needle`."""
    lines = (root / relative).read_text("utf-8").split("\n")
    for number, text in enumerate(lines[start - 1:], start):
        if needle in text:
            return number
    raise AssertionError(f"{needle!r} not in {relative}")


def leaks(site: Path, *words: str) -> list[str]:
    """Files of site/ holding one of `words`, in any case, with or without accents."""
    found = []
    for path, text in all_text(site):
        folded = fold(text)
        found += [f"{path}: {word}" for word in words if fold(word) in folded]
    return found


def assert_no_leak(site: Path, *words: str) -> None:
    found = leaks(site, *words)
    if found:
        pytest.fail("published where consent or privacy forbids:\n" + "\n".join(found),
                    pytrace=False)


def append_award(root: Path, text: str) -> range:
    """Add an award to the mini-school roll; returns the lines it occupies."""
    roll = root / ROLL
    before = roll.read_text("utf-8")
    if not before.endswith("\n"):
        before += "\n"
    roll.write_text(before + text, "utf-8")
    first = before.count("\n") + 1
    return range(first, first + text.count("\n"))


def exemplar(name: str, role: str = "teacher", extra: str = "", body: str = "Câu chuyện.\n",
             unit: str = "Tổ Toán") -> str:
    return (f"---\nname: {name}\nrole: {role}\nunit: {unit}\nschool_year: \"2023-2024\"\n"
            f"summary: Một việc tốt.\n{extra}---\n{body}")


def news_post(slug: str, title: str = "Tin hoạt động", front: str = "", body: str = "Nội dung.\n",
              date: str = "2024-05-01") -> str:
    return (f"---\ndate: {date}\ncategories:\n  - Hoạt động\nauthors:\n  - ban-truyen-thong\n"
            f"slug: {slug}\n{front}---\n\n# {title}\n\nMở đầu.\n\n<!-- more -->\n\n{body}")


def build(root: Path) -> Path:
    result = bangvang(root, "build")
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return root / "site"


# ------------------------------------------------------------------ B. consent

AWARD = """  - recipient: {recipient}
    form: giay-khen
    level: truong
    decision: {{number: {number}/QĐ-THCS, date: 25/05/2024}}
    reason: Có nhiều đóng góp
{override}"""

# case: (name in the person's own record, role, own fields, award line override, shown as)
CONSENT_CASES = {
    "none+consent-full": ("Bùi Văn Zqraisea", "teacher", "consent: none\n",
                          "    consent: full\n", None),
    "initials+consent-full": ("Cao Văn Zqraiseb", "teacher", "consent: initials\n",
                              "    consent: full\n", "C.V.Z."),
    "student-default+consent-name": ("Đinh Văn Zqraisec", "student", "", "    consent: name\n",
                                     "Đ.V.Z."),
    "student-default+role-teacher": ("Hà Văn Zqraised", "student", "", "    role: teacher\n",
                                     "H.V.Z."),
    "initials+kind-collective": ("Kiều Văn Zqraisee", "teacher", "consent: initials\n",
                                 "    kind: collective\n", "K.V.Z."),
    "none+kind-collective": ("Lò Văn Zqraisef", "student", "consent: none\n",
                             "    kind: collective\n", None),
    "collective-with-consent-none": ("Tập thể lớp Zqcollective", "collective",
                                     "kind: collective\nconsent: none\n", "", None),
    "draft-cited-by-an-award": ("Phan Văn Zqdraft", "teacher", "status: draft\n", "", None),
}


class ConsentSite:
    """One project holding every consent case, built once.

    A case `check` refuses is fine when the refusal names the case's own exemplar file or a
    line of its award; that case is then taken out and the rest is checked again and built."""

    def __init__(self, base: Path):
        self.root = make_project(base / "school")
        self.roll = (self.root / ROLL).read_text("utf-8")
        self.refused: dict[str, str] = {}
        self.failure: str | None = None
        self.site: Path | None = None
        for case, (name, role, own, _, _) in CONSENT_CASES.items():
            unit = "Lớp 7C" if role == "collective" else "Tổ Toán"
            write(self.root, self.file(case), exemplar(name, role, own, unit=unit))

    @staticmethod
    def record(case: str) -> str:
        return f"vd-{list(CONSENT_CASES).index(case) + 1}"

    def file(self, case: str) -> str:
        return f"exemplars/{self.record(case)}.md"

    def write_roll(self) -> dict[str, range]:
        text, spans = self.roll if self.roll.endswith("\n") else self.roll + "\n", {}
        for number, case in enumerate(CONSENT_CASES, 60):
            if case in self.refused:
                continue
            award = AWARD.format(recipient=self.record(case), number=number,
                                 override=CONSENT_CASES[case][3])
            first = text.count("\n") + 1
            spans[case] = range(first, first + award.count("\n"))
            text += award
        (self.root / ROLL).write_text(text, "utf-8")
        return spans

    def run(self) -> "ConsentSite":
        for _ in range(len(CONSENT_CASES) + 1):
            spans = self.write_roll()
            checked = bangvang(self.root, "check")
            if checked.returncode == 0:
                break
            unexplained = []
            for problem in re.finditer(r"(?m)^(\S+?)(?::(\d+))?: .+$", checked.stderr):
                file, line = problem[1], int(problem[2]) if problem[2] else None
                case = next((c for c in spans if file == self.file(c)
                             or (file == ROLL and line in spans[c])), None)
                if case is None:
                    unexplained.append(problem[0])
                else:
                    self.refused[case] = problem[0]
            if unexplained:
                self.failure = "problems that name no case's file or award line:\n" \
                    + "\n".join(unexplained)
                return self
            for case in self.refused:
                (self.root / self.file(case)).unlink(missing_ok=True)
        else:
            self.failure = "check still fails:\n" + checked.stderr
            return self
        self.site = build(self.root)
        return self


@pytest.fixture(scope="module")
def consent_site(tmp_path_factory) -> ConsentSite:
    return ConsentSite(tmp_path_factory.mktemp("consent")).run()


def consent_outcome(consent_site: ConsentSite, case: str) -> str | None:
    """None when the case was refused (with its file or line named); else the roll's text."""
    if consent_site.failure:
        pytest.fail(consent_site.failure, pytrace=False)
    if case in consent_site.refused:
        return None
    name = CONSENT_CASES[case][0]
    assert_no_leak(consent_site.site, name.split()[-1])
    return html.fromstring((consent_site.site / "bang-vang/2023-2024/index.html")
                           .read_bytes()).text_content()


@pytest.mark.parametrize("case", [c for c in CONSENT_CASES if CONSENT_CASES[c][3]])
def test_an_award_line_cannot_raise_the_consent_of_the_person_it_cites(consent_site, case):
    """consent/role/kind on an award line never publish more than the person's record allows."""
    roll = consent_outcome(consent_site, case)
    shown = CONSENT_CASES[case][4]
    if roll is not None and shown:
        assert shown in roll, f"{case}: no longer listed as the person's consent allows ({shown})"


def test_a_collective_with_consent_none_is_not_published(consent_site):
    if consent_outcome(consent_site, "collective-with-consent-none") is not None:
        record = ConsentSite.record("collective-with-consent-none")
        assert not (consent_site.site / "guong-dien-hinh" / record).exists()


def test_a_draft_exemplar_cited_by_an_award_is_published_nowhere(consent_site):
    if consent_outcome(consent_site, "draft-cited-by-an-award") is not None:
        record = ConsentSite.record("draft-cited-by-an-award")
        assert not (consent_site.site / "guong-dien-hinh" / record).exists()


HIDDEN_ID = "exemplars/hs-2023-a.md"
HIDDEN = exemplar("Vương Thị Ngọc Diệp", "student", "consent: initials\n", unit="7A")
ENTRY = """---
contest_year: 2024
title: {title}
author: {{name: Lý Văn Viết, role: teacher, unit: Tổ Văn}}
subject: hs-2023-a
summary: {summary}
---
Bài viết.
{body}
"""


def _entry(title="Người bạn tốt", summary="Một người bạn tốt.", body="") -> str:
    return ENTRY.format(title=title, summary=summary, body=body)


# (where the name is written, how it is written, file, line marker)
NAME_IN_TEXT = {
    "own-story-full-name": (HIDDEN_ID, HIDDEN.replace("Câu chuyện.", "Vương Thị Ngọc Diệp luôn giúp bạn.")),
    "own-story-no-accents": (HIDDEN_ID, HIDDEN.replace("Câu chuyện.", "Bạn ngoc diep rất chăm.")),
    "award-reason-last-two-words": (ROLL, None),
    "entry-body-upper-case": ("exemplars/contest/bai-ve-ban.md", _entry(body="Tôi viết về NGỌC DIỆP.")),
    "entry-summary-no-accents": ("exemplars/contest/bai-ve-ban.md",
                                 _entry(summary="Bài viết về vuong thi ngoc diep.")),
    "entry-title": ("exemplars/contest/bai-ve-ban.md", _entry(title="Ngọc Diệp lớp 7A")),
    "other-story": ("exemplars/gv-hoa.md", exemplar("Phạm Thị Hoa", body="Câu chuyện.\n\n"
                                                    "Cô kèm em Vương Thị Ngọc Diệp học toán.\n")),
    "other-story-unlisted-award-recipient": (
        "exemplars/gv-hoa.md", exemplar("Phạm Thị Hoa", body="Thầy khen em lê văn ân.\n")),
}
MARKERS = {"own-story-full-name": "luôn giúp", "own-story-no-accents": "ngoc diep",
           "award-reason-last-two-words": "reason: Em Ngọc Diệp", "entry-body-upper-case": "NGỌC",
           "entry-summary-no-accents": "summary:", "entry-title": "title:",
           "other-story": "Ngọc Diệp", "other-story-unlisted-award-recipient": "lê văn ân"}


@pytest.mark.parametrize("case", list(NAME_IN_TEXT))
def test_a_hidden_persons_name_written_in_text_is_refused_where_it_is(tmp_path, case):
    """Initials (or no listing) mean nowhere: not in a story, a reason, an entry about them."""
    root = make_project(tmp_path / "school")
    write(root, HIDDEN_ID, HIDDEN)
    file, text = NAME_IN_TEXT[case]
    if text is None:
        append_award(root, AWARD.format(recipient="hs-2023-a", number=70, override="")
                     .replace("reason: Có nhiều đóng góp", "reason: Em Ngọc Diệp giúp bạn"))
    else:
        write(root, file, text)
    line = line_of(root, file, MARKERS[case], start=2 if file.endswith(".md") else 1)
    refused_at(bangvang(root, "check"), file, line)


@pytest.mark.parametrize("file, text", [
    ("exemplars/vuong-diep.md", HIDDEN),
    ("exemplars/ngoc-diep-7a.md", HIDDEN),
    ("exemplars/contest/vuong-diep-ban-toi.md", _entry()),
], ids=["family+given", "last-two-words", "contest-entry-about-them"])
def test_a_file_name_holding_a_hidden_persons_name_is_refused(tmp_path, file, text):
    """The file name is the page URL: it would publish the name that consent hides."""
    root = make_project(tmp_path / "school")
    if "contest" in file:
        write(root, HIDDEN_ID, HIDDEN)
    write(root, file, text)
    refused_at(bangvang(root, "check"), file)


def test_html_comments_in_bodies_never_reach_the_site(tmp_path):
    root = make_project(tmp_path / "school")
    write(root, "exemplars/gv-hoa.md", exemplar("Phạm Thị Hoa", body=(
        "Câu chuyện <!-- zqcmt1 ghi chú riêng --> của cô.\n\n<!--\nzqcmt2 nhiều dòng\n-->\n")))
    for relative in ("plans/campaigns/day-tot-hoc-tot.md", "plans/2023-2024-ke-hoach.md",
                     "exemplars/contest/bai-1.md"):
        path = root / relative
        path.write_text(path.read_text("utf-8") + f"\n<!-- zqcmt3 {relative} -->\n", "utf-8")
    write(root, "content/tin-tuc/posts/tin-a.md",
          news_post("tin-a", body="Nội dung <!-- zqcmt4 --> tin.\n\n<!-- zqcmt5 -->\n"))
    assert_no_leak(build(root), "zqcmt")


def _jpeg_with_gps(path: Path) -> bytes:
    from PIL import Image
    image = Image.new("RGB", (48, 32), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "ZqCamera"                     # Make
    exif[0x010E] = "GPS zqexif Hanoi"             # ImageDescription
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 50.0, 10.0)})
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", exif=exif)
    assert Image.open(path).getexif().get_ifd(0x8825), "the test photo has no GPS"
    return path.read_bytes()


def test_a_published_photo_carries_no_exif_or_gps(tmp_path):
    from PIL import Image
    root = make_project(tmp_path / "school")
    _jpeg_with_gps(root / "exemplars/photos/gv-hoa.jpg")
    write(root, "exemplars/gv-hoa.md", exemplar("Phạm Thị Hoa", extra="consent: full\n"
                                                "photo: gv-hoa.jpg\n"))
    site = build(root)
    page = site / "guong-dien-hinh/gv-hoa/index.html"
    sources = [img.get("src") for img in html.fromstring(page.read_bytes()).iter("img")]
    published = [(page.parent / s).resolve() for s in sources if s and "gv-hoa" in s]
    assert published and all(p.is_file() for p in published), \
        f"the photo of a consent-full teacher is not published: {sources}"
    images = set(published)
    for file in site.rglob("*"):
        if file.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff"):
            images.add(file)
    for file in sorted(images):
        data = file.read_bytes()
        # The test photo's own words, long enough never to occur by chance in compressed
        # pixels ("GPS" alone did, in a share card's PNG); its GPS block is read just below.
        assert b"zqexif" not in data and b"ZqCamera" not in data, file
        with Image.open(file) as image:
            assert not dict(image.getexif()), f"{file.relative_to(site)} keeps EXIF"


def test_an_svg_photo_is_refused(tmp_path):
    root = make_project(tmp_path / "school")
    write(root, "exemplars/photos/gv-hoa.svg",
          '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>')
    write(root, "exemplars/gv-hoa.md", exemplar("Phạm Thị Hoa", extra="consent: full\n"
                                                "photo: gv-hoa.svg\n"))
    refused_at(bangvang(root, "check"), "exemplars/gv-hoa.md",
               line_of(root, "exemplars/gv-hoa.md", "photo:"))


# ------------------------------------------------------------------ C. only the project

PASSWD = Path("/etc/passwd")


@pytest.mark.skipif(not PASSWD.is_file(), reason="no /etc/passwd on this system")
@pytest.mark.parametrize("photo", ["../../etc/passwd", "/etc/passwd", "link.jpg"],
                         ids=["dot-dot", "absolute", "symlink"])
def test_a_photo_outside_the_project_is_refused_and_never_copied(tmp_path, photo):
    root = make_project(tmp_path / "school")
    if photo == "link.jpg":
        (root / "exemplars/photos").mkdir(parents=True, exist_ok=True)
        os.symlink(PASSWD, root / "exemplars/photos/link.jpg")
    write(root, "exemplars/gv-hoa.md", exemplar("Phạm Thị Hoa", extra=f"consent: full\n"
                                                f"photo: {photo}\n"))
    checked = bangvang(root, "check")
    bangvang(root, "build")
    if (root / "site").exists():
        assert [p for p, text in all_text(root / "site") if "root:x:" in text] == [], \
            "/etc/passwd was published"
    refused_at(checked, "exemplars/gv-hoa.md", line_of(root, "exemplars/gv-hoa.md", "photo:"))


def _outside_writes(tmp_path: Path, root: Path, before: dict) -> list[str]:
    """Files created or changed by a run anywhere but in site/ and the project's build state.

    Allowed: site/, the build's own folders beside it (.build/, .site-*: staging, lock) and
    the lists of published URLs and open-data names the build keeps up to date."""
    project = root.relative_to(tmp_path).as_posix() + "/"
    allowed = ("site/", ".build/", ".site-", "data/published-urls.txt",
               "data/published-data.txt")
    after = tree_snapshot(tmp_path)
    changed = [path for path in after if before.get(path) != after[path]]
    return sorted(path for path in changed
                  if not (path.startswith(project) and path[len(project):].startswith(allowed)))


def _deep_project(tmp_path: Path) -> Path:
    """A project three folders down, so that ../../ from its site/ stays in tmp_path."""
    return make_project(tmp_path / "a" / "b" / "c" / "school")


def test_a_vocabulary_key_that_climbs_out_is_refused(tmp_path):
    """Keys become URLs (/danh-hieu/<key>/): `../../evil` would be a file outside site/."""
    root = _deep_project(tmp_path)
    vocabulary = root / "data/vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text("utf-8").replace(
        "titles:\n", 'titles:\n  "../../evil": {label: Danh hiệu lạ, for: person}\n', 1), "utf-8")
    roll = root / ROLL
    roll.write_text(roll.read_text("utf-8").replace("title: chien-si-thi-dua-co-so",
                                                    'title: "../../evil"'), "utf-8")
    before = tree_snapshot(tmp_path)
    checked = bangvang(root, "check")
    bangvang(root, "build")
    assert _outside_writes(tmp_path, root, before) == [], "files written outside site/"
    refused_at(checked, "data/vocabulary.yml", line_of(root, "data/vocabulary.yml", "../../evil"))


def test_a_build_writes_nothing_in_the_machines_temporary_folder(tmp_path, monkeypatch):
    """The machine's temporary folder is shared (other users, other programs): a build's
    staging, Pagefind's working folder, MkDocs' and Material's temporary files stay in the
    project's .build/."""
    import tempfile
    # A folder that does not exist: anything that tries to write there fails (even the
    # files a run removes before it ends), whoever runs the test (root ignores permissions).
    shared = tmp_path / "no-such-folder"
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    monkeypatch.setenv("TMPDIR", str(shared))
    root = make_project(tmp_path / "school")
    result = bangvang(root, "build")
    assert result.returncode == 0, result.stderr[-2000:]
    assert (root / "site/pagefind").is_dir()
    assert not shared.exists()


@pytest.mark.parametrize("redirect", [
    "/../../evil/: /",
    "/assets/bangvang.css/: /",
    "/bang-vang/: /guong-dien-hinh/",
    "/tin-tuc/tin-cu/: /",
], ids=["climbs-out", "asset", "live-page", "live-news-post"])
def test_a_redirect_that_climbs_out_or_shadows_a_live_url_is_refused(tmp_path, redirect):
    root = _deep_project(tmp_path)
    write(root, "content/tin-tuc/posts/tin-cu.md", news_post("tin-cu"))
    write(root, "data/redirects.yml", redirect + "\n")
    before = tree_snapshot(tmp_path)
    checked = bangvang(root, "check")
    bangvang(root, "build")
    assert _outside_writes(tmp_path, root, before) == [], "files written outside site/"
    refused_at(checked, "data/redirects.yml")


# ------------------------------------------------------------------ D. check finds it first

POST = "content/tin-tuc/posts/tin-a.md"


def _post_case(root: Path, case: str) -> tuple[str, range]:
    """Write the bad input of `case`; return the file and the lines `check` may name."""
    def at(file, needle):
        line = line_of(root, file, needle)
        return file, range(line, line + 1)

    if case == "unknown-author":   # the `authors:` line or the item under it
        write(root, POST, news_post("tin-a").replace("- ban-truyen-thong", "- zq-nguoi-la"))
        line = line_of(root, POST, "zq-nguoi-la")
        return POST, range(line - 1, line + 1)
    if case == "categories-as-text":
        write(root, POST, news_post("tin-a").replace("categories:\n  - Hoạt động",
                                                     "categories: Tin hay"))
        return at(POST, "categories:")
    if case == "duplicate-slug":
        write(root, "content/tin-tuc/posts/tin-b.md", news_post("tin-a", title="Tin khác"))
        write(root, POST, news_post("tin-a"))
        return at(POST, "slug:")
    if case == "news-broken-link":
        write(root, POST, news_post("tin-a", body="Xem [trang này](../../khong-co-trang.md).\n"))
        return at(POST, "khong-co-trang")
    if case == "record-broken-link":
        write(root, "exemplars/gv-hoa.md", exemplar(
            "Phạm Thị Hoa", body="Câu chuyện.\n\nXem [bạn ấy](/guong-dien-hinh/khong-co/).\n"))
        return at("exemplars/gv-hoa.md", "khong-co")
    raise AssertionError(case)


@pytest.mark.parametrize("case", ["unknown-author", "categories-as-text", "duplicate-slug",
                                  "news-broken-link", "record-broken-link"])
def test_what_would_break_the_build_is_found_by_check(tmp_path, case):
    root = make_project(tmp_path / "school")
    file, lines = _post_case(root, case)
    checked = bangvang(root, "check")
    if case == "duplicate-slug" and checked.returncode == 1 \
            and names(checked, "content/tin-tuc/posts/tin-b.md", lines=lines):
        return          # either post of the pair may be the one named
    refused_at(checked, file, lines=lines)


def test_a_valid_news_post_checks_and_builds(tmp_path):
    """The news fixtures above are wrong only where each case says."""
    root = make_project(tmp_path / "school")
    write(root, POST, news_post("tin-a", body="Xem [bảng vàng](../../bang-vang/index.md).\n"))
    assert bangvang(root, "check").returncode == 0
    assert (build(root) / "tin-tuc/tin-a/index.html").is_file()


def test_news_post_urls_are_permanent_like_record_urls(tmp_path):
    root = make_project(tmp_path / "school")
    write(root, POST, news_post("tin-a"))
    write(root, "content/tin-tuc/posts/tin-b.md", news_post("tin-b", title="Tin khác"))
    build(root)
    published = (root / "data/published-urls.txt").read_text("utf-8").split()
    assert "/tin-tuc/tin-a/" in published, "the news post URL was not recorded"
    (root / POST).unlink()
    gone = bangvang(root, "check")
    assert gone.returncode == 1 and "/tin-tuc/tin-a/" in gone.stderr, \
        "deleting a published post was not caught"
    write(root, "data/redirects.yml", "/tin-tuc/tin-a/: /\n")
    redirected = bangvang(root, "check")
    assert redirected.returncode == 0, redirected.stderr


# ------------------------------------------------------------------ E. never a traceback

def _replace(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _odd_input(root: Path, case: str) -> str:
    """Write the odd input of `case`; return the file a refusal must name."""
    if case == "vertical-tab":
        write(root, "exemplars/gv-hoa.md", exemplar("Phạm Thị Hoa").replace(
            "summary: Một việc tốt.", "summary: Một việc\x0btốt."))
        return "exemplars/gv-hoa.md"
    if case == "impossible-timestamp":
        write(root, "exemplars/gv-hoa.md", exemplar("Phạm Thị Hoa", extra="date: !!timestamp "
                                                    "2025-02-30\n"))
        return "exemplars/gv-hoa.md"
    if case == "superscript-year":
        _replace(root, "exemplars/contest/bai-1.md", "contest_year: 2024", 'contest_year: "²"')
        return "exemplars/contest/bai-1.md"
    if case == "school-without-intro":
        write(root, "data/school.yml", "name: Trường THCS Thử Nghiệm\n")
        return "data/school.yml"
    if case == "vocabulary-for-typo":
        _replace(root, "data/vocabulary.yml", "for: person}", "for: persn}")
        return "data/vocabulary.yml"
    if case == "published-urls-not-utf8":
        (root / "data/published-urls.txt").write_bytes(b"# \xc4\x90\xe1 ch\xec\n/bang-vang/\n/caf\xe9/\n")
        return "data/published-urls.txt"
    if case == "bom-then-invalid-bytes":
        (root / "exemplars/gv-hoa.md").write_bytes(
            b"\xef\xbb\xbf" + exemplar("Phạm Thị Hoa").encode("utf-8").replace(
                "Phạm".encode("utf-8"), b"Ph\xff\xfem"))
        return "exemplars/gv-hoa.md"
    raise AssertionError(case)


@pytest.mark.parametrize("case", ["vertical-tab", "impossible-timestamp", "superscript-year",
                                  "school-without-intro", "vocabulary-for-typo",
                                  "published-urls-not-utf8", "bom-then-invalid-bytes"])
def test_odd_input_gets_an_answer_never_a_traceback(tmp_path, case):
    root = make_project(tmp_path / "school")
    file = _odd_input(root, case)
    checked = bangvang(root, "check")
    assert checked.returncode in (0, 1), checked.stderr
    if checked.returncode == 1:
        assert names(checked, file), f"the problem does not name {file}:\n{checked.stderr}"
    else:
        build(root)     # check passed: the build must too


@pytest.mark.parametrize("group, key", [
    ("roles", "student"), ("campaign_statuses", "active"),
    ("consent", "full"), ("consent", "initials"), ("consent", "none"),
])
def test_renaming_a_vocabulary_key_the_code_relies_on_is_refused(tmp_path, group, key):
    root = make_project(tmp_path / "school")
    vocabulary = root / "data/vocabulary.yml"
    text = vocabulary.read_text("utf-8")
    section = text.index(f"\n{group}:\n")
    at = text.index(f"\n  {key}: ", section)
    vocabulary.write_text(text[:at] + f"\n  zq-{key}-doi-ten: " + text[at + len(f"\n  {key}: "):],
                          "utf-8")
    refused_at(bangvang(root, "check"), "data/vocabulary.yml")

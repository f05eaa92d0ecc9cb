"""Share previews, share cards, feeds and the news page's archives, as a reader sees them.

The site tests read the demo built once per session (`demo_root`); the privacy tests run the
core alone on a small project with hidden people (no MkDocs: seconds).
"""
from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import html
from PIL import Image, ImageChops

from bangvang import pipeline
from bangvang.pages import urls
from bangvang.exports.share import plain_text
from bangvang.exports.sharecards import HEIGHT, WIDTH, Card, card_png, title_layout
from conftest import REPO, make_project, write

REQUIRED = ("og:title", "og:description", "og:url", "og:image", "og:image:width",
            "og:image:height", "og:locale", "og:type")


def _site_url(root: Path) -> str:
    return re.search(r"^site_url:\s*(\S+)", (root / "data/school.yml").read_text("utf-8"),
                     re.MULTILINE).group(1).rstrip("/") + "/"


def _pages(site: Path):
    """(path, parsed document) of every HTML page a reader can share: not the 404 page (no
    address of its own) nor the redirect pages left at old addresses (noindex, refresh)."""
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        if relative == "404.html" or relative.startswith("pagefind/"):
            continue
        document = html.fromstring(file.read_bytes())
        if document.head.cssselect('meta[http-equiv="refresh"]'):
            continue
        yield relative, document


def _head(document) -> dict:
    head = document.head
    tags = {m.get("property") or m.get("name"): m.get("content")
            for m in head.iter("meta") if m.get("property") or m.get("name")}
    canonical = head.cssselect('link[rel="canonical"]')
    tags["canonical"] = canonical[0].get("href") if canonical else None
    tags["feeds"] = [link.get("href") for link in
                     head.cssselect('link[rel="alternate"][type="application/atom+xml"]')]
    return tags


@pytest.fixture(scope="module")
def heads(demo_root):
    return {path: _head(document) for path, document in _pages(demo_root / "site")}


def test_every_page_has_a_share_preview_with_its_own_address(demo_root, heads):
    site, site_url = demo_root / "site", _site_url(demo_root)
    assert len(heads) > 50
    for path, tags in heads.items():
        missing = [name for name in REQUIRED if not tags.get(name)]
        assert not missing, f"{path}: {missing}"
        assert tags["og:locale"] == "vi_VN" and tags["og:type"] in ("article", "website")
        assert tags["twitter:card"] == "summary_large_image", path
        assert tags["description"] == tags["og:description"], path
        # og:url is absolute, the page's canonical address, and the address of this file.
        assert tags["og:url"] == tags["canonical"], path
        assert tags["og:url"].startswith(site_url) and urlsplit(tags["og:url"]).scheme == "https"
        expected = path[:-len("index.html")] if path.endswith("index.html") else path
        assert tags["og:url"] == site_url + expected, path
        # Two feeds, linked relative to the page, and there.
        assert len(tags["feeds"]) == 2
        for href in tags["feeds"]:
            assert (site / path).parent.joinpath(href).resolve().is_file(), (path, href)


def test_every_preview_picture_is_in_the_site_with_the_size_it_declares(demo_root, heads):
    site, site_url = demo_root / "site", _site_url(demo_root)
    checked = {}
    for path, tags in heads.items():
        image = tags["og:image"]
        assert image.startswith(site_url), (path, image)
        if image not in checked:
            with Image.open(site / image[len(site_url):]) as picture:
                checked[image] = picture.size
        assert checked[image] == (int(tags["og:image:width"]), int(tags["og:image:height"])), path
    cards = [i for i in checked if f"/{urls.SHARE_FOLDER}/" in i]
    assert cards and all(checked[c] == (WIDTH, HEIGHT) for c in cards)
    # An exemplar with a published photo is shared with that photo, not a card.
    photos = {path: tags["og:image"] for path, tags in heads.items()
              if f"/{urls.PHOTO_FOLDER}/" in tags["og:image"]}
    assert photos and all(p.startswith("guong-dien-hinh/") for p in photos)


def test_descriptions_are_the_pages_own(demo_root, heads):
    descriptions = Counter(tags["og:description"] for tags in heads.values())
    # Only the later pages of a paginated list repeat their first page's description.
    assert len(descriptions) >= 0.9 * len(heads), descriptions.most_common(3)
    generic = "Trang tin thi đua, khen thưởng, gương người tốt việc tốt của nhà trường"
    assert generic not in descriptions
    # An exemplar's preview says what its story is about: its summary, shown on the page.
    page = html.fromstring((demo_root / "site/guong-dien-hinh/bac-ha-van-an/index.html").read_bytes())
    summary = page.cssselect("article p strong")[0].text_content()
    assert heads["guong-dien-hinh/bac-ha-van-an/index.html"]["og:description"] == summary
    assert heads["guong-dien-hinh/bac-ha-van-an/index.html"]["og:type"] == "article"
    assert heads["index.html"]["og:title"] == "Trường THCS Hòa An"


def _feed(demo_root: Path, path: str):
    parsed = feedparser.parse((demo_root / "site" / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_feeds_are_valid_atom_with_absolute_links_to_pages_of_the_site(demo_root):
    site, site_url = demo_root / "site", _site_url(demo_root)
    news = _feed(demo_root, urls.FEEDS["news"])
    honours = _feed(demo_root, urls.FEEDS["honours"])
    assert news.version == honours.version == "atom10"
    posts = sorted((demo_root / "content/tin-tuc/posts").glob("*.md"))
    assert len(news.entries) == len([p for p in posts if "draft: true" not in p.read_text("utf-8")])
    titles = {entry.title for entry in honours.entries}
    assert {"Bảng vàng năm học 2024-2025", "Hà Văn Ân"} <= titles
    for parsed in (news, honours):
        assert parsed.feed.title and parsed.feed.link.startswith(site_url)
        dates = [entry.updated_parsed for entry in parsed.entries]
        assert dates == sorted(dates, reverse=True)
        for entry in parsed.entries:
            assert entry.link.startswith(site_url) and entry.id == entry.link
            assert (site / entry.link[len(site_url):] / "index.html").is_file(), entry.link
            assert entry.summary and "<" not in entry.summary


def test_the_news_page_links_every_month_archive_grouped_by_school_year_and_every_category(demo_root):
    site = demo_root / "site"
    page = html.fromstring((site / "tin-tuc/index.html").read_bytes())
    links = {a.get("href"): a.text_content() for a in page.cssselect("nav.bv-news-index a")}
    archives = sorted(p.parent.relative_to(site / "tin-tuc").as_posix() + "/"
                      for p in site.glob("tin-tuc/luu-tru/*/*/index.html"))
    categories = sorted(p.parent.relative_to(site / "tin-tuc").as_posix() + "/"
                        for p in site.glob("tin-tuc/chu-de/*/index.html"))
    assert archives and categories
    assert set(archives) | set(categories) | {"luu-tru/", "chu-de/"} == set(links)
    # The two index pages list the same links, each its own half.
    for index, wanted in (("luu-tru", archives), ("chu-de", categories)):
        document = html.fromstring((site / "tin-tuc" / index / "index.html").read_bytes())
        found = {f"{index}/{a.get('href')}" for a in document.cssselect("nav.bv-news-index a")}
        assert found == set(wanted), index
    years = [li.text_content().split(":")[0].strip() for li in page.cssselect(".bv-news-index__years li")]
    assert years == sorted(years, reverse=True) and years[0].startswith("Năm học ")
    # 05/09/2024 is school year 2024-2025, 10/03/2025 too; the archive names its month.
    row = next(li for li in page.cssselect(".bv-news-index__years li") if "2024-2025" in li.text_content())
    assert "Tháng 9/2024" in row.text_content() and "Tháng 3/2025" in row.text_content()
    for archive in archives:
        year, month = archive.split("/")[1:3]
        document = html.fromstring((site / "tin-tuc" / archive / "index.html").read_bytes())
        assert document.cssselect("h1")[0].text_content().strip() == f"Tháng {int(month)}/{year}"
        days = [t.get("datetime")[:7] for t in document.cssselect("article.md-post time")]
        assert days and set(days) == {f"{year}-{month}"}, archive


# ------------------------------------------------------------------ cards


def test_a_card_is_a_deterministic_1200_by_630_png_cached_by_content(tmp_path):
    card = Card("Kế hoạch thực hiện phong trào thi đua “Dạy tốt - Học tốt” năm học 2024-2025 "
                "và cuộc vận động “Mỗi thầy cô giáo là một tấm gương đạo đức, tự học và sáng tạo” "
                "của toàn thể cán bộ, giáo viên, nhân viên nhà trường", "Kế hoạch", "Trường THCS Hòa An")
    first = card_png(card, tmp_path)
    assert card_png(card, None) == first and list(tmp_path.glob("*.png"))
    (tmp_path / f"{card.key}.png").write_bytes(b"cached")
    assert card_png(card, tmp_path) == b"cached"        # a warm build does not redraw
    with Image.open(io.BytesIO(first)) as image:
        assert image.size == (WIDTH, HEIGHT) and image.format == "PNG" and not image.info.get("exif")
    assert Card("Khác", "Kế hoạch", "Trường THCS Hòa An").key != card.key


def test_cards_are_drawn_once_per_content_in_parallel_with_the_same_bytes(tmp_path, monkeypatch):
    from bangvang.exports import sharecards
    cards = {f"chia-se/{i}.png": Card(f"Nguyễn Thị Hương {i}", "Gương điển hình", "Trường THCS")
             for i in range(6)}
    cards["chia-se/lap-lai.png"] = cards["chia-se/0.png"]    # two pages, one content
    serial = sharecards.files(cards, None)                   # no cache: bytes, one at a time
    monkeypatch.setattr(sharecards, "PARALLEL_FROM", 2)      # a pool even for these few
    found = sharecards.files(cards, tmp_path / "chia-se")
    assert sorted(p.name for p in (tmp_path / "chia-se").iterdir()) == sorted(
        f"{c.key}.png" for c in set(cards.values()))         # one file per distinct content
    assert {path: file.read_bytes() for path, file in found.items()} == serial
    for file in found.values():
        file.write_bytes(b"kept")                             # the next build draws nothing
    assert set(f.read_bytes() for f in sharecards.files(cards, tmp_path / "chia-se").values()) \
        == {b"kept"}
    with Image.open(io.BytesIO(serial["chia-se/0.png"])) as image:
        colours = image.convert("RGB").getcolors(WIDTH * HEIGHT)
        assert image.size == (WIDTH, HEIGHT) and len(colours) > 20   # anti-aliased text kept
        assert (WIDTH * HEIGHT // 2, (183, 28, 28)) < max(colours)   # the red background


def _card_drawn_whole(card: Card) -> Image.Image:
    """The card drawn the plain way, every element in RGB and then quantized: what the
    frame-and-band drawing (sharecards._draw) must give pixel for pixel."""
    from PIL import ImageDraw
    from bangvang.exports import sharecards as s
    image = Image.new("RGB", (WIDTH, HEIGHT), s.BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.ellipse((WIDTH - 200, -130, WIDTH + 60, s.TITLE_TOP - 40), fill=s.GOLD)
    draw.ellipse((WIDTH - 160, -90, WIDTH + 20, s.TITLE_TOP - 80), outline=s.BACKGROUND, width=8)
    kind = s._font("Bold", 34)
    draw.text((s.MARGIN, s.MARGIN), s._fit_line(card.kind.upper(), kind, WIDTH - 2 * s.MARGIN - 220),
              font=kind, fill=s.GOLD)
    lines, font = title_layout(card.title, WIDTH - 2 * s.MARGIN)
    step = round(font.size * s.LINE_HEIGHT)
    top = s.TITLE_TOP + (s.TITLE_BOTTOM - s.TITLE_TOP - len(lines) * step) // 2
    for number, line in enumerate(lines):
        draw.text((s.MARGIN, top + number * step), line, font=font, fill=s.WHITE)
    draw.rectangle((s.MARGIN, HEIGHT - 128, s.MARGIN + 120, HEIGHT - 120), fill=s.GOLD)
    school = s._font("Medium", 36)
    draw.text((s.MARGIN, HEIGHT - 100), s._fit_line(card.school, school, WIDTH - 2 * s.MARGIN),
              font=school, fill=s.SOFT)
    return image.quantize(palette=s._palette(), dither=Image.Dither.NONE).convert("RGB")


@pytest.mark.parametrize("title", [
    "N.T.T.H.", "Ỹ Ễ Ặ Ổ Ừ Ỷ gặp gỡ", "Đ" * 120,
    "Kế hoạch thực hiện phong trào thi đua “Dạy tốt - Học tốt” năm học 2024-2025 và cuộc vận "
    "động “Mỗi thầy cô giáo là một tấm gương đạo đức, tự học và sáng tạo” của toàn thể cán bộ, "
    "giáo viên, nhân viên nhà trường, phụ huynh học sinh và các đoàn thể trong nhà trường"])
def test_a_card_looks_exactly_as_if_drawn_whole(title):
    card = Card(title, "Gương điển hình", "Trường THCS Nguyễn Đình Chiểu, phường Hòa Khánh")
    with Image.open(io.BytesIO(card_png(card))) as drawn:
        assert ImageChops.difference(drawn.convert("RGB"), _card_drawn_whole(card)).getbbox() is None


def test_wrapping_by_word_widths_is_wrapping_by_line_widths():
    from bangvang.exports import sharecards
    words = ("Kế hoạch thực hiện phong trào thi đua “Dạy tốt - Học tốt” năm học 2024-2025 AV "
             "To Wa, cán bộ giáo viên Nguyễn Thị Thu Hương Đặng Văn Dũng").split()
    texts = [" ".join(words[i:] + words[:i] * (i % 3)) for i in range(len(words))]
    for size in sharecards.TITLE_SIZES:
        font = sharecards._font("Bold", size)
        for text in texts:
            assert sharecards.wrap(text, font, WIDTH - 144) == \
                sharecards._wrap_measured(text, font, WIDTH - 144)


def test_a_long_title_wraps_inside_the_card_and_is_cut_with_an_ellipsis():
    lines, font = title_layout("Nguyễn " * 80, WIDTH - 144)
    assert 1 < len(lines) <= 6 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= WIDTH - 144 for line in lines)
    word, _ = title_layout("Đ" * 200, WIDTH - 144)       # one word longer than a line
    assert all(font.getlength(line) <= WIDTH - 144 for line in word)


# ------------------------------------------------------------------ privacy

HIDDEN = ("Zqinitname", "Zqnonename", "Zqawardname", "zqinitphoto", "zqsecret")


def _hidden_project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "school")
    from PIL import Image as PILImage
    (root / "exemplars/photos").mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", (400, 400), "#1565c0").save(root / "exemplars/photos/zqinitphoto.jpg")
    write(root, "exemplars/hs-2024-a.md", "---\nname: Trần Văn Zqinitname\nrole: student\n"
          "unit: 6A\nschool_year: \"2023-2024\"\nconsent: initials\nphoto: zqinitphoto.jpg\n"
          "summary: Em nhặt được ví.\nprivate: {notes: zqsecret}\n---\nCâu chuyện.\n")
    write(root, "exemplars/hs-2024-c.md", "---\nname: Đỗ Văn Zqnonename\nrole: student\n"
          "school_year: \"2023-2024\"\nconsent: none\nsummary: Giúp bạn.\n---\nGiúp bạn.\n")
    roll = root / "exemplars/honours/2023-2024.yml"
    roll.write_text(roll.read_text("utf-8") + "  - recipient: Ngô Văn Zqawardname\n"
                    "    role: student\n    consent: none\n    form: giay-khen\n    level: truong\n"
                    "    decision: {number: 47/QĐ-THCS, date: 25/05/2024}\n", "utf-8")
    return root


def test_no_hidden_name_or_photo_reaches_a_card_a_preview_or_a_feed(tmp_path):
    root = _hidden_project(tmp_path)
    result = pipeline.run(root, dt.date(2024, 6, 1))
    assert not result.problems, result.problems.report()
    shares = result.shares
    metas = [shares.meta(url) for url in shares.found]
    texts = [" ".join(str(v) for v in meta.values()) for meta in metas]
    texts += [f"{c.title} {c.kind} {c.school}" for c in shares.cards.values()]
    texts += [data.decode("utf-8") for path, data in result.output.files.items()
              if path in urls.FEEDS.values()]
    assert len(texts) > 20
    leaks = [(word, text[:80]) for text in texts for word in HIDDEN if word.lower() in text.lower()]
    assert leaks == []
    # The student published by initials is shared by initials, with a card, not the photo.
    meta = shares.meta(urls.url_for("exemplar", id="hs-2024-a"))
    assert meta["title"] == "T.V.Z." and f"/{urls.SHARE_FOLDER}/" in meta["image"]
    assert b"T.V.Z." in result.output.files[urls.FEEDS["honours"]]


def test_record_text_in_a_preview_is_plain_text_for_autoescape():
    text = plain_text('**Đậm** &amp; <script>alert(1)</script> [liên kết](https://x.vn) "trích"')
    assert "<" not in text and "Đậm & " in text and "liên kết" in text and '"trích"' in text


def test_record_text_cannot_break_out_of_a_preview_tag(tmp_path):
    """A summary written to close the attribute and open a script stays the attribute's text."""
    from conftest import run_bangvang
    root = make_project(tmp_path / "school")
    payload = 'Thầy "giỏi" & tận tâm"><script>alert(7)</script><meta property="og:title" content="x'
    write(root, "exemplars/gv-tho.md", "---\nname: Phạm Văn Thọ\nrole: teacher\n"
          f"school_year: \"2023-2024\"\nsummary: '{payload}'\n---\nChuyện.\n")
    result = run_bangvang(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    page = root / "site/guong-dien-hinh/gv-tho/index.html"
    tags = _head(html.fromstring(page.read_bytes()))
    assert tags["og:description"] == tags["description"] == payload
    assert tags["og:title"] == "Phạm Văn Thọ"
    head = page.read_text("utf-8").split("</head>")[0]
    assert "<script>alert" not in head and head.count('property="og:title"') == 1


@pytest.mark.parametrize("written", ["site_url: /trang-web/\n", "site_url: bangvang.edu.vn\n",
                                     "site_url: https://thcs.edu.vn/?trang=1\n"])
def test_a_partial_site_address_is_a_problem_naming_school_yml(tmp_path, written):
    # data/school.yml is read and checked once (data.load_school); share.site_address takes
    # the address from the school's values.
    from bangvang.records.data import load_school
    from bangvang.problems import Problems
    from bangvang.exports.share import site_address
    write(tmp_path, "data/school.yml", f"name: Trường\n{written}intro: x\n")
    problems = Problems()
    assert load_school(tmp_path, problems) is None
    [problem] = problems.items
    assert (problem.file, problem.field, problem.line) == ("data/school.yml", "site_url", 2)
    assert "https://" in problem.message
    write(tmp_path, "data/school.yml", "name: Trường\nsite_url: https://thcs.edu.vn/bang-vang\n")
    school = load_school(tmp_path, Problems())
    assert site_address(school, Problems()) == "https://thcs.edu.vn/bang-vang/"


def test_a_missing_site_address_is_a_warning_the_site_still_builds(tmp_path):
    from bangvang.records.data import load_school
    from bangvang.problems import Problems
    from bangvang.exports.share import site_address
    write(tmp_path, "data/school.yml", "name: Trường\n")
    problems = Problems()
    assert site_address(load_school(tmp_path, problems), problems) is None and not problems
    assert [(w.file, w.field) for w in problems.warnings] == [("data/school.yml", "site_url")]


def test_the_address_is_written_once_in_school_yml():
    # mkdocs.yml has no site_url: the glue gives MkDocs the one in data/school.yml
    assert not re.search(r"^site_url:", (REPO / "mkdocs.yml").read_text("utf-8"), re.MULTILINE)

"""Pages made for the importer's tests and scores: a document's text and its award list drawn
on an A4 page with Pillow, in a font from PyPI (Be Vietnam Pro) or Debian (Liberation Serif,
a Times New Roman look-alike, when installed), then made worse like real paper: a red seal,
skew, blur, noise, a phone photo's uneven light. Text PDFs are written with WeasyPrint (as
`bangvang giay-khen` does), standing for PDFs exported from Word.

Nothing here is committed as a binary: every picture is drawn when a test runs.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from scanhtml import award_html, html_escape, html_pdf, plan_html, two_columns  # noqa: F401
from scandamage import (DESK, _falloff, _shadowed, faxed, folded, forwarded, marked,
                        on_desk, photocopied, stamped)

WIDTH, HEIGHT = 2480, 3508           # A4 at 300 dpi
MARGIN = 170


def fonts() -> dict[str, Path]:
    """Fonts with Vietnamese letters that this machine has: name → regular face."""
    import fontpkg_be_vietnam_pro
    found = {"be-vietnam-pro": Path(fontpkg_be_vietnam_pro.ROOT) / "files" /
             "BeVietnamPro-Regular.ttf"}
    serif = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
    if serif.exists():
        found["liberation-serif"] = serif
    return found


def _bold(path: Path) -> Path:
    """The face's bold: "X-Regular.ttf" → "X-Bold.ttf", "FreeSerif.ttf" → "FreeSerifBold.ttf"
    (DejaVu's "-Bold" is not looked for: its pages were always drawn without it)."""
    for bold in (path.with_name(path.name.replace("Regular", "Bold")),
                 path.with_name(path.stem + "Bold" + path.suffix)):
        if bold != path and bold.exists():
            return bold
    return path


@dataclass
class Damage:
    """How the paper got worse on its way to the importer."""
    angle: float = 0.0          # degrees
    blur: float = 0.0           # Gaussian radius in pixels
    noise: float = 0.0          # share of pixels flipped to a random grey
    seal: bool = False
    photo: bool = False         # uneven light, a grey-brown paper tone, JPEG
    scale: float = 1.0          # 0.66: a 200 dpi scan
    perspective: float = 0.0    # 0.06: photographed at an angle, on a desk (the far edge
                                # narrower by this share of the width on each side)
    shadow: float = 0.0         # 0.45: the phone's and the hand's shadow over a corner,
                                # darkening it by this share, with a soft edge
    quality: int = 80           # JPEG quality of a photo (a messaging app sends ~50-60)
    stamp: tuple[float, float] | None = None  # a second seal stamped over the text (its
                                # centre as shares of the page's width and height), in
                                # red ink that darkens what it covers
    falloff: float = 0.0        # 0.4: the light falls off from one side to the other by
                                # this share (a window or a lamp beside the desk)
    copy: bool = False          # a photocopy or a fax: grey, thresholded to 1 bit, toner
                                # specks, a dark band along one edge, strokes thickened
    forward: int = 0            # 1280: sent through a chat app (long side in pixels, JPEG
                                # 70), then forwarded (saved again at `quality`)
    fold: bool = False          # folded in three for an envelope: two creases, the panels
                                # between them a little curled and lit differently
    marks: bool = False         # marked up by hand before the scan: a highlighter over a few
                                # rows, pen ticks, two punched holes, a staple's shadow
    fax: bool = False           # faxed by the district, then scanned: 204 x 98 dpi, 1 bit,
                                # the fax's header line, lost lines, streaks, the seal black


CLEAN = Damage(seal=True)
PHOTO = Damage(angle=2.2, blur=0.8, noise=0.01, seal=True, photo=True, scale=0.8)
# A photo taken under a ceiling lamp: a shadow over a corner, the light falling off
# across the page, sent through a messaging app (strong JPEG compression).
SHADOWED = Damage(angle=-1.8, blur=1.0, noise=0.01, seal=True, photo=True, scale=0.75,
                  shadow=0.45, quality=55)
# A phone held over a desk: the page a trapezium on a darker ground, a little turned.
ANGLED = Damage(angle=1.5, blur=0.8, noise=0.01, seal=True, photo=True, scale=0.8,
                perspective=0.06)
# Session 23's held-out condition: a phone photo taken at a steeper angle, light falling off
# across the page from a window, the school's seal stamped again over part of the table or
# text, sent at JPEG quality 60. Scored once before any of its readings was looked at (award
# lists and plans of the four fitted faces, docs/importer.md); looked at afterwards, so no
# longer unseen.
# Session 25's held-out damage: a photocopy or a fax of the printed page (a scan of the
# copy, 1 bit at 200 dpi), the seal come out grey so the red channel cannot help. Scored
# once before any of its readings was looked at (docs/importer.md, "Session 25").
COPY = Damage(angle=0.7, noise=0.004, seal=True, scale=0.66, copy=True)
# Session 26's held-out damage: a phone photo forwarded through a chat app (Zalo), how most
# photos reach a school office: the photo scaled to a long side of 1280 px and saved at JPEG
# quality 70, then saved again at 80 when it is forwarded. Scored once before any of its
# readings was looked at (docs/importer.md, "Session 26").
ZALO = Damage(angle=2.2, blur=0.8, noise=0.01, seal=True, photo=True, scale=0.8, quality=80,
              forward=1280)
# Session 27's held-out damage: a page folded in three for an envelope, then scanned at 200
# dpi, fed a little crooked (the 200 dpi scan's damage): two creases near a third and two
# thirds of the page, each a thin dark line with a soft shadow on one side, the panels
# between them gently curled and a little lighter or darker. Scored once before any of its
# readings was looked at (docs/importer.md, "Session 27").
FOLDED = Damage(angle=0.6, blur=0.5, noise=0.004, seal=True, scale=0.66, fold=True)
# Session 28's held-out damage: a district's list the school marked up, then scanned in
# colour: a yellow highlighter stroke over two or three rows (name and unit), a blue
# ballpoint tick or circle over the STT cell of a few rows, two punched holes in the left
# margin and a staple's shadow at the top-left corner; then a colour scan at some 255 dpi,
# a little turned, blurred and noisy, as an image-only PDF. Scored once before any of its
# readings was looked at (docs/importer.md, "Session 28").
MARKED = Damage(angle=-0.5, blur=0.6, noise=0.004, seal=True, scale=0.85, marks=True)
# Session 29's held-out damage: a decision faxed by the district and scanned by the school:
# the fax machine's header line across the top, the page sent at 204 x 98 dpi (rows squashed
# three to one, the paper feed stretching them a little unevenly), 1 bit, a few scan lines
# dropped or streaked, speckle, the seal black; printed, then scanned back in black and white
# at 200 dpi, a little turned, as an image-only PDF. Scored once before any of its readings
# was looked at (docs/importer.md, "Session 29").
FAX = Damage(angle=0.4, noise=0.0015, seal=True, scale=0.66, fax=True)
HARSH = Damage(angle=-2.4, blur=0.9, noise=0.01, seal=True, photo=True, scale=0.75,
               perspective=0.08, quality=60, stamp=(0.62, 0.33), falloff=0.4)


# A face without all of Vietnamese's letters (Caladea has no ạ, ổ, ư …) is printed, by
# LibreOffice on Debian, with each missing letter taken from the face fontconfig offers for
# it (`fc-match 'Caladea:charset=1ea1'`: DejaVu Serif): drawn the same way here.
FALLBACK = {"Caladea-Regular.ttf": "dejavu/DejaVuSerif.ttf"}


def _covered(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont
    return frozenset(TTFont(str(path)).getBestCmap())


class Page:
    def __init__(self, font: Path, size: int = 40):
        self.image = Image.new("RGB", (WIDTH, HEIGHT), "white")
        self.draw = ImageDraw.Draw(self.image)
        self.font = ImageFont.truetype(str(font), size)
        self.bold = ImageFont.truetype(str(_bold(font)), size)
        self.size = size
        self.y = MARGIN
        self.fallback = None          # (covered code points, regular, bold) of the stand-in
        if font.name in FALLBACK:
            other = Path("/usr/share/fonts/truetype") / FALLBACK[font.name]
            self.fallback = (_covered(font), ImageFont.truetype(str(other), size),
                             ImageFont.truetype(str(_bold(other)), size))

    def _runs(self, text: str, font) -> list[tuple[str, object]]:
        """The text cut where the face lacks a letter: (run, face to draw it with)."""
        covered, regular, bold = self.fallback
        stand_in = bold if font is self.bold else regular
        runs: list[tuple[str, object]] = []
        for ch in text:
            face = font if ord(ch) in covered or ch.isspace() else stand_in
            if runs and runs[-1][1] is face:
                runs[-1] = (runs[-1][0] + ch, face)
            else:
                runs.append((ch, face))
        return runs

    def length(self, text: str, font) -> float:
        if not self.fallback:
            return self.draw.textlength(text, font=font)
        return sum(self.draw.textlength(run, font=face) for run, face in self._runs(text, font))

    def put(self, xy: tuple[float, float], text: str, font, fill) -> None:
        """draw.text, the letters the face lacks from its stand-in, on the same baseline."""
        if not self.fallback:
            self.draw.text(xy, text, font=font, fill=fill)
            return
        x, baseline = xy[0], xy[1] + font.getmetrics()[0]
        for run, face in self._runs(text, font):
            self.draw.text((x, baseline), run, font=face, fill=fill, anchor="ls")
            x += self.draw.textlength(run, font=face)

    def text(self, text: str, x: int = MARGIN, bold: bool = False, centre: bool = False,
             advance: bool = True) -> None:
        font = self.bold if bold else self.font
        if centre:
            x = (WIDTH - self.length(text, font)) // 2
        self.put((x, self.y), text, font, "black")
        if advance:
            self.y += int(self.size * 1.6)

    def wrapped(self, text: str, bold: bool = False) -> None:
        """A paragraph broken into lines that fit the page."""
        font = self.bold if bold else self.font
        words, line = text.split(), ""
        for word in words:
            trial = f"{line} {word}".strip()
            if self.length(trial, font) > WIDTH - 2 * MARGIN and line:
                self.text(line, bold=bold)
                line = word
            else:
                line = trial
        if line:
            self.text(line, bold=bold)

    def table(self, rows: list[list[str]], widths: list[int]) -> None:
        """A ruled table; the first row bold (the header). Long cells wrap inside."""
        xs = [MARGIN]
        for width in widths:
            xs.append(xs[-1] + width)
        for r, row in enumerate(rows):
            font = self.bold if r == 0 else self.font
            height = int(self.size * 2.0)
            for c, cell in enumerate(row):
                self.put((xs[c] + 14, self.y + self.size // 2), cell, font, "black")
            self.draw.line([(xs[0], self.y), (xs[-1], self.y)], fill="black", width=3)
            for x in xs:
                self.draw.line([(x, self.y), (x, self.y + height)], fill="black", width=3)
            self.y += height
        self.draw.line([(xs[0], self.y), (xs[-1], self.y)], fill="black", width=3)
        self.y += self.size

    def seal(self, x: int, y: int) -> None:
        """A red round seal over the signature, as on every decision."""
        red = (205, 32, 40)
        self.draw.ellipse([x, y, x + 420, y + 420], outline=red, width=14)
        self.draw.ellipse([x + 45, y + 45, x + 375, y + 375], outline=red, width=5)
        self.put((x + 90, y + 180), "HIỆU TRƯỞNG", self.bold, red)
        self.draw.line([(x + 60, y + 330), (x + 380, y + 120)], fill=(30, 40, 160), width=6)


def damaged(image: Image.Image, damage: Damage, seed: int = 1) -> Image.Image:
    rng = random.Random(seed)
    if damage.copy:
        return photocopied(image, damage, rng)
    if damage.fax:
        return faxed(image, damage, rng)
    out = stamped(image, damage.stamp) if damage.stamp else image
    if damage.marks:
        out = marked(out, rng)
    if damage.fold:
        out = folded(out, rng)
    if damage.scale != 1.0:
        out = out.resize((int(out.width * damage.scale), int(out.height * damage.scale)),
                         Image.LANCZOS)
    if damage.perspective:      # the phone sees the desk around the page, turned with it
        out = on_desk(out, damage.perspective)
    if damage.angle:
        out = out.rotate(damage.angle, resample=Image.BICUBIC, expand=True,
                         fillcolor=DESK if damage.perspective else (255, 255, 255))
    if damage.photo:
        shade = Image.linear_gradient("L").resize(out.size).rotate(30)
        tone = Image.new("RGB", out.size, (200, 190, 170))
        out = Image.composite(out, Image.blend(out, tone, 0.5), shade.point(lambda v: 140 + v // 3))
    if damage.falloff:
        out = _falloff(out, damage.falloff)
    if damage.shadow:
        out = _shadowed(out, damage.shadow, rng)
    if damage.blur:
        out = out.filter(ImageFilter.GaussianBlur(damage.blur))
    if damage.noise:
        pixels = out.load()
        for _ in range(int(out.width * out.height * damage.noise)):
            x, y = rng.randrange(out.width), rng.randrange(out.height)
            grey = rng.randrange(90, 256)
            pixels[x, y] = (grey, grey, grey)
    if damage.forward:
        out = forwarded(out, damage.forward)
    return out


def _pdf_options(image: Image.Image, damage: Damage) -> dict:
    """The resolution that keeps the page A4; a forwarded photo's JPEG quality."""
    if not damage.forward:
        return {"resolution": 300 * damage.scale}
    return {"resolution": 300 * max(image.size) / HEIGHT, "quality": damage.quality}


def save(image: Image.Image, path: Path, damage: Damage) -> Path:
    """PNG, JPEG (photos) or an image-only PDF (a scan) by the path's suffix."""
    if path.suffix == ".pdf":
        image.save(path, "PDF", **_pdf_options(image, damage))
    elif path.suffix in (".jpg", ".jpeg"):
        image.save(path, "JPEG", quality=damage.quality)
    else:
        image.save(path)
    return path


# --- documents --------------------------------------------------------------------------------

def _award_header(page: "Page", school: str, number: str, date: str, title: str) -> None:
    """The decision list's header and title block."""
    page.text(f"TRƯỜNG {school.upper()}", x=MARGIN, bold=True, advance=False)
    page.text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", x=1180, bold=True)
    page.text("Độc lập - Tự do - Hạnh phúc", x=1400, bold=True)
    page.y += 60
    page.text(f"DANH SÁCH {title.upper()}", bold=True, centre=True)
    page.text(f"(Kèm theo Quyết định số {number} ngày {date} của Hiệu trưởng Trường {school})",
              centre=True)
    page.y += 40


def _award_signature(page: "Page") -> None:
    """The head's signature and the red seal under the table."""
    page.y += 40
    page.text("HIỆU TRƯỞNG", x=1550, bold=True)
    top = page.y
    page.y += 330
    page.text("Nguyễn Văn Hiệu", x=1520, bold=True)
    page.seal(1400, top - 120)


def award_page(font: Path, school: str, number: str, date: str, title: str,
               rows: list[list[str]], widths: list[int] | None = None) -> Image.Image:
    """The list attached to a decision: header, title block, ruled table, signature, seal."""
    page = Page(font)
    _award_header(page, school, number, date, title)
    page.table(rows, widths or [170, 820, 560, 590])
    _award_signature(page)
    return page.image


def award_pages(font: Path, school: str, number: str, date: str, title: str,
                rows: list[list[str]], first: int, widths: list[int] | None = None,
                repeat_header: bool = True) -> list[Image.Image]:
    """The same list over two pages, as a long one is printed: the decision's header and the
    first `first` rows on page 1; the other rows (under the header row again, as Word
    repeats it, unless `repeat_header` is False), the signature and the seal on page 2."""
    widths = widths or [170, 820, 560, 590]
    one = Page(font)
    _award_header(one, school, number, date, title)
    one.table(rows[:first + 1], widths)
    two = Page(font)
    two.table(([rows[0]] if repeat_header else []) + rows[first + 1:], widths)
    _award_signature(two)
    return [one.image, two.image]


def text_page(font: Path, lines: list[str]) -> list[Image.Image]:
    """A plan: its text lines drawn as they come (a tab splits two columns), wrapping long
    lines, over as many pages as needed."""
    pages, page = [], Page(font, size=38)
    for line in lines:
        if page.y > HEIGHT - MARGIN - 120:
            pages.append(page.image)
            page = Page(font, size=38)
        # Two columns: a tab, or a run of spaces (a header flattened from Word), as plan_html
        # lays them out for the text PDF.
        columns = two_columns(line)
        if len(columns) == 2:
            left, right = columns
            page.text(left.strip(), bold=True, advance=False)
            page.text(right.strip(), x=1300, bold=True)
        elif not line.strip():
            page.y += 20
        else:
            page.wrapped(line.strip())
    pages.append(page.image)
    return pages


REPO_DOCUMENTS = Path(__file__).resolve().parent / "documents"
REPO_EXPECTED = Path(__file__).resolve().parent / "expected"


# --- the scored test set (scripts/score_importer.py --scans) -----------------------------------

SCAN = Damage(angle=0.6, blur=0.5, noise=0.004, seal=True, scale=0.66)   # 200 dpi, fed crooked
DAMAGES = {"clean": CLEAN, "scan200": SCAN, "photo": PHOTO, "angled": ANGLED,
           "shadowed": SHADOWED, "harsh": HARSH, "copy": COPY, "zalo": ZALO,
           "folded": FOLDED, "marked": MARKED, "fax": FAX}
TEACHER_UNITS = ["Tổ Toán - Tin", "Tổ Ngữ văn", "Tổ Khoa học tự nhiên", "Tổ Xã hội",
                 "Tổ Ngoại ngữ", "Tổ Nghệ thuật - Thể chất", "Tổ Văn phòng"]


def all_fonts() -> dict[str, Path]:
    """fonts() plus the other Vietnamese-capable faces Debian installs (Arial and Times
    look-alikes are what schools print with)."""
    return {**fonts(), **_installed({"liberation-sans": "liberation2/LiberationSans-Regular.ttf",
                                     "dejavu-serif": "dejavu/DejaVuSerif.ttf"})}


def _installed(faces: dict[str, str]) -> dict[str, Path]:
    """The faces of `faces` (key → path under Debian's truetype folder) installed here."""
    folder = Path("/usr/share/fonts/truetype")
    return {name: folder / path for name, path in faces.items() if (folder / path).exists()}


def held_out_fonts() -> dict[str, Path]:
    """Faces kept out of the work on the importer (issue 24: "checked on scans you have not
    seen"): no rule was written or tuned looking at their readings. Scored apart
    (`score_importer.py --scans --held-out`), to say how the importer does on a face it was
    not fitted to."""
    return _installed({"dejavu-sans": "dejavu/DejaVuSans.ttf",
                       "dejavu-sans-condensed": "dejavu/DejaVuSansCondensed.ttf",
                       # Added in session 21 for award lists (a narrow serif, as a district's
                       # software may print a long list): first scored then. Its turned photos
                       # were looked at in session 22 (header row not found): no longer unseen.
                       "dejavu-serif-condensed": "dejavu/DejaVuSerifCondensed.ttf",
                       # Session 22: Carlito, metric-compatible with Calibri, Word's default
                       # face (Debian's fonts-crosextra-carlito; Vietnamese letters included).
                       # Its plans' misreadings were looked at later in session 22 (a "6" read
                       # "ó": ocrdigits.py), so its plan figures are no longer unseen either.
                       "carlito": "crosextra/Carlito-Regular.ttf",
                       # Session 24: Noto Serif (Debian's fonts-noto-core), scored once on
                       # award lists and plans (clean, photo, harsh) before any of its
                       # readings was looked at: docs/importer.md, "Session 24".
                       "noto-serif": "noto/NotoSerif-Regular.ttf",
                       # Session 25: Caladea (Debian's fonts-crosextra-caladea), Cambria's
                       # metrics, scored once in the fitted damages before any of its
                       # readings was looked at: docs/importer.md, "Session 25".
                       "caladea": "crosextra/Caladea-Regular.ttf",
                       # Session 26: FreeSerif (Debian's fonts-freefont-ttf), a Times-like
                       # face with every Vietnamese letter (the Times New Roman look most
                       # school offices print in), scored once in the fitted damages before
                       # any of its readings was looked at: docs/importer.md, "Session 26".
                       "freeserif": "freefont/FreeSerif.ttf",
                       # Session 27: FreeSans (Debian's fonts-freefont-ttf), a Helvetica-like
                       # sans with every Vietnamese letter (the Arial/Helvetica look many
                       # offices print lists in), scored once in the fitted damages before any
                       # of its readings was looked at: docs/importer.md, "Session 27".
                       "freesans": "freefont/FreeSans.ttf",
                       # Session 28: Noto Sans (Debian's fonts-noto-core), the humanist sans
                       # of Google's documents and of many phones' exports, with every
                       # Vietnamese letter; scored once in the fitted damages before any of
                       # its readings was looked at: docs/importer.md, "Session 28".
                       "noto-sans": "noto/NotoSans-Regular.ttf",
                       # Session 29: Open Sans (Debian's fonts-open-sans), the humanist sans
                       # of many web templates and of documents written on phones, with every
                       # Vietnamese letter (all 146 precomposed letters with their marks and
                       # đ/Đ in its cmap, regular and bold); scored once in the fitted damages
                       # before any of its readings was looked at: docs/importer.md,
                       # "Session 29".
                       "open-sans": "open-sans/OpenSans-Regular.ttf"})


@dataclass
class AwardList:
    key: str
    title: str                          # as written in the list's heading (lower case)
    label: str                          # the vocabulary label every row must get
    rows: list[list[str]]               # header first
    widths: list[int]
    expected: list[tuple[str, str]]     # (name, unit) per row, in order


def demo_people(root: Path) -> list[tuple[str, str]]:
    """(name, unit) of the demo's adult exemplars: the school's own staff list."""
    import yaml
    people = []
    for path in sorted((root / "exemplars").glob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if front.get("role") in ("teacher", "staff", "manager") and front.get("unit"):
            people.append((front["name"], front["unit"]))
    return people


def award_lists(root: Path, seed: int = 11) -> list[AwardList]:
    """The lists scored: the demo's staff, and a generated school's teachers and students
    (tests/realschool.py: names as frequent as in Vietnam, tone pairs such as Hương/Hường)."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import realschool
    rng = random.Random(seed)
    staff = demo_people(root)[:14]
    teachers = [(realschool.name(rng), rng.choice(TEACHER_UNITS)) for _ in range(14)]
    pupils = realschool.students(14, seed=seed)
    out = []
    for key, people in (("demo-staff", staff), ("teachers", teachers)):
        rows = [["STT", "Họ và tên", "Chức vụ", "Tổ"]] + [
            [str(i), name, "Nhân viên" if "Văn phòng" in unit or "Thư viện" in unit else
             "Giáo viên", unit] for i, (name, unit) in enumerate(people, 1)]
        out.append(AwardList(key, "cá nhân đạt danh hiệu Lao động tiên tiến năm học 2024-2025",
                             "Lao động tiên tiến", rows, [150, 760, 420, 870], people))
    rows = [["STT", "Họ và tên", "Lớp"]] + [[str(i), name, unit]
                                           for i, (name, unit) in enumerate(pupils, 1)]
    out.append(AwardList("students", "học sinh đạt danh hiệu Học sinh xuất sắc năm học "
                         "2024-2025", "Học sinh xuất sắc", rows, [150, 1000, 400], pupils))
    return out


def save_pages(images: list[Image.Image], path: Path, damage: Damage) -> Path:
    """Several pages: an image-only PDF (a scan) or, for an image suffix, the first page."""
    if path.suffix == ".pdf" and len(images) > 1:
        images[0].save(path, "PDF", save_all=True, append_images=images[1:],
                       **_pdf_options(images[0], damage))
        return path
    return save(images[0], path, damage)

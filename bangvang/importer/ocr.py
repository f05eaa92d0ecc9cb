"""Scans and photos of pages → words with their confidence and place, through Tesseract and
its Vietnamese model (Debian's `tesseract-ocr` and `tesseract-ocr-vie`: nothing is fetched
at run time).

Each page is prepared before it is read, because Tesseract reads straight, black-on-white
text best: a page photographed at an angle on a desk is made upright (perspective.py), the
red seal and blue ink (signatures) are whitened, uneven lighting of a phone
photo is flattened (the page divided by its own blurred copy), the page is turned straight
(the angle whose rows of ink are sharpest), small pictures are enlarged to about 300 dpi,
and the result is made black and white (Otsu's threshold). Ruled tables are found and read
cell by cell in scantable.py.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .reading import ImportFailure

MAX_PAGES = 30
MAX_PIXELS = 60_000_000      # a 300 dpi A3 page is 35 Mpx; beyond that, a wrong file
TARGET_WIDTH = 2480          # an A4 page at 300 dpi: Tesseract's letters are ~30 px high
TIMEOUT = 180                # seconds for one page
INSTALL = ("Máy này chưa cài chương trình nhận dạng chữ Tesseract với tiếng Việt. Hãy chạy "
           "`make ocr` (cần quyền quản trị: sudo apt-get install tesseract-ocr "
           "tesseract-ocr-vie), hoặc chuyển tệp sang Word (.docx) rồi nhập lại")


@dataclass
class Word:
    text: str
    conf: float                  # 0-100, Tesseract's
    left: int
    top: int
    right: int
    bottom: int
    line: tuple[int, int, int]   # (block, paragraph, line) as Tesseract grouped them

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2


@dataclass
class Line:
    text: str
    conf: float                  # the lowest word confidence: one bad word makes a doubt
    box: tuple[int, int, int, int]
    words: list[Word]


_FOUND: list[str] = []      # the Tesseract program once it was found with its `vie` model


def missing() -> str | None:
    """Why OCR cannot run here (a Vietnamese message), or None. Asked once per process when
    the answer is yes: it was asked before every Tesseract call (some twenty a page), and one
    slow answer on a busy machine (over 30 s) was taken for "not installed" and refused the
    file. A "no" is asked again, so installing Tesseract while `serve` runs is seen."""
    program = shutil.which("tesseract")
    if not program:
        return INSTALL
    if program in _FOUND:
        return None
    try:
        found = subprocess.run([program, "--list-langs"], capture_output=True, text=True,
                               timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return INSTALL
    if "vie" not in found.stdout.split():
        return INSTALL
    _FOUND.append(program)
    return None


def page_images(path: Path) -> list:
    """The pages of a scanned PDF (rendered at 300 dpi) or of an image file."""
    from PIL import Image, ImageOps, UnidentifiedImageError
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    head = path.read_bytes()[:8]
    if head[:5] == b"%PDF-":
        return _pdf_pages(path)
    what = "ảnh PNG" if head.startswith(b"\x89PNG") else \
        "ảnh JPEG" if head.startswith(b"\xff\xd8") else "ảnh"
    try:
        with Image.open(path) as opened:
            frames = []
            for index in range(min(getattr(opened, "n_frames", 1), MAX_PAGES)):
                opened.seek(index)
                frame = ImageOps.exif_transpose(opened).convert("RGB")
                frame.info["bilevel"] = opened.mode == "1"     # a fax, a copier's file
                frames.append(frame)
            return frames
    except Image.DecompressionBombError:
        raise ImportFailure("ảnh quá lớn (hơn 60 triệu điểm ảnh). Hãy chụp hoặc quét lại ở độ "
                            "phân giải 300 dpi rồi nhập lại") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImportFailure(f"{what} bị hỏng, không mở được (hoặc không phải ảnh JPEG/PNG/"
                            "TIFF thật). Hãy mở ảnh, lưu lại thành JPEG hoặc PNG rồi nhập "
                            "lại") from None


def _pdf_pages(path: Path) -> list:
    try:
        import pypdfium2
    except ImportError:  # pragma: no cover - pinned with pdfplumber
        raise ImportFailure("thiếu thư viện pypdfium2 để đọc bản quét PDF. Hãy chạy `make` để "
                            "cài lại môi trường") from None
    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError:
        raise ImportFailure("tệp PDF bị hỏng, không mở được. Hãy quét lại hoặc in ra PDF mới "
                            "rồi nhập lại") from None
    try:
        if len(document) > MAX_PAGES:
            raise ImportFailure(f"bản quét có {len(document)} trang, quá {MAX_PAGES} trang cho "
                                "một lần nhập. Hãy tách riêng các trang cần nhập")
        return [_rendered(page) for page in document]
    finally:
        document.close()


def _rendered(page):
    """A PDF page at 300 dpi, marked `bilevel` when it is one image of one bit per pixel
    (what a copier or a fax machine scans to)."""
    import pypdfium2.raw as pdfium_c
    images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1))
    image = page.render(scale=300 / 72).to_pil().convert("RGB")
    image.info["bilevel"] = len(images) == 1 and images[0].get_metadata().bits_per_pixel == 1
    return image


# --- preparing a page --------------------------------------------------------------------------

def prepare(image):
    """(black-and-white page ready for Tesseract, angle turned in degrees)."""
    import numpy as np
    from PIL import Image, ImageFilter, ImageOps
    from .perspective import flattened
    bilevel = bool(image.info.get("bilevel"))
    image = flattened(image)      # a page photographed at an angle, upright again
    if image.width < TARGET_WIDTH * 0.8:
        scale = TARGET_WIDTH / image.width
        image = image.resize((TARGET_WIDTH, round(image.height * scale)), Image.LANCZOS)
    rgb = np.asarray(image, dtype=np.int16)
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    # The seal (red) and a signature in blue ink are not text to read. A red pixel is
    # whitened unless its red channel is dark beside the paper around it: there black ink
    # lies under the red (a letter the seal's ring crosses, its edge where the two inks mix,
    # the red JPEG spreads over it), and the red channel, in which red ink is as light as
    # paper, keeps the letter.
    reddish = red - np.maximum(green, blue) > 45
    gray = (0.299 * red + 0.587 * green + 0.114 * blue)
    paper = np.asarray(Image.fromarray(red.clip(0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(25)), dtype=np.int16)
    gray[reddish] = np.where(red[reddish] < 0.6 * paper[reddish], red[reddish], 255)
    gray[blue - np.maximum(red, green) > 35] = 255
    # A median filter takes out the specks of a noisy scan without thinning the letters.
    gray_image = Image.fromarray(gray.clip(0, 255).astype(np.uint8)).filter(
        ImageFilter.MedianFilter(3))
    if bilevel and stroke_ratio(gray < 128) >= HEAVY:
        # A photocopy or a fax whose toner spread: strokes thick enough to close the space
        # between words ("NguyễnVănAn") and the counters of letters. One pixel taken off
        # each side of every stroke (300 dpi).
        gray_image = _thinned(gray_image)
    # Lighting of a photo: divide by the background (a blur wider than any letter).
    background = np.asarray(gray_image.filter(ImageFilter.GaussianBlur(25)), dtype=np.float32)
    flat = np.clip(np.asarray(gray_image, dtype=np.float32) / np.maximum(background, 1) * 235,
                   0, 255).astype(np.uint8)
    binary = flat < _otsu(flat)
    angle = _skew(binary)
    # Tesseract gets the flattened grey page, not our black and white one: its own
    # thresholding keeps the gaps between blurred letters that a global one closes.
    page = _stretched(flat)
    if abs(angle) >= 0.1:
        page = page.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if not bilevel:
        from .creases import faint_lines_whitened
        page = faint_lines_whitened(page)
    page.info["bilevel"] = bilevel
    return page, angle


def _thinned(gray_image):
    """Half a pixel taken off each side of every stroke: the page enlarged twice, its ink
    eroded by one pixel there, brought back. A whole pixel (at 300 dpi) took the thin
    slash out of "52/QĐ-…" and the hook off "Tổ"."""
    from PIL import Image, ImageFilter
    big = gray_image.resize((gray_image.width * 2, gray_image.height * 2), Image.BILINEAR)
    return big.filter(ImageFilter.MaxFilter(3)).resize(gray_image.size, Image.BILINEAR)


HEAVY = 0.11                   # stroke_ratio of a copy whose toner spread (measured 0.111 to
                               # 0.138 on drawn copies; a clean print 0.098 to 0.106)


def stroke_ratio(binary) -> float:
    """How heavy the print is: the median width of the ink's horizontal runs (a stroke)
    over the median height of the bands of ink rows (a line of text). Some 0.08 for text
    printed and scanned; a photocopy's or a fax's toner spread makes it 0.12 and more."""
    import numpy as np
    sample = binary[::5]
    edges = np.diff(np.pad(sample.astype(np.int8), ((0, 0), (1, 1))), axis=1)
    starts, ends = np.nonzero(edges == 1), np.nonzero(edges == -1)
    widths = ends[1] - starts[1]
    widths = widths[(widths >= 2) & (widths <= 40)]     # specks and rules aside
    rows = binary.mean(axis=1) > 0.002
    bands = np.diff(np.flatnonzero(np.diff(np.concatenate(([0], rows.astype(np.int8), [0])))))
    heights = bands[::2]
    heights = heights[(heights >= 15) & (heights <= 200)]
    if widths.size < 500 or heights.size < 5:
        return 0.0
    return float(np.median(widths)) / float(np.median(heights))


def _stretched(flat):
    """The page's contrast stretched from its darkest 1 % to its lightest 1 %. On a page with
    less ink than that (the last page of a list: a few rows and the signature) the dark cut
    would fall on the paper and turn it black: there it is taken among the ink only."""
    import numpy as np
    from PIL import Image, ImageOps
    paper = float(np.median(flat))
    if float(np.percentile(flat, 1)) < paper - 40:
        return ImageOps.autocontrast(Image.fromarray(flat), cutoff=1)
    dark = flat[flat < paper - 40]
    low = float(np.percentile(dark, 1)) if dark.size else 0.0
    high = float(np.percentile(flat, 99))
    if high - low < 64:
        return Image.fromarray(flat)
    scaled = (flat.astype(np.float32) - low) * (255.0 / (high - low))
    return Image.fromarray(np.clip(scaled, 0, 255).astype(np.uint8))


def _otsu(gray) -> int:
    import numpy as np
    histogram = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = histogram.sum()
    weights = np.cumsum(histogram)
    means = np.cumsum(histogram * np.arange(256))
    between = (means[-1] * weights / total - means) ** 2 / np.maximum(
        weights * (total - weights), 1)
    return int(np.argmax(between))


def _skew(binary) -> float:
    """The angle (degrees, within ±8) that makes rows of ink sharpest: text lines are then
    horizontal. Measured on a reduced page, coarse then fine."""
    import numpy as np
    from PIL import Image
    small = Image.fromarray((binary * 255).astype(np.uint8))
    small = small.resize((800, max(1, round(800 * small.height / small.width))), Image.BILINEAR)

    def sharpness(angle: float) -> float:
        rows = np.asarray(small.rotate(angle, resample=Image.BILINEAR, fillcolor=0),
                          dtype=np.float32).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    best = max(np.arange(-8, 8.01, 0.5), key=sharpness)
    return float(max(np.arange(best - 0.5, best + 0.51, 0.1), key=sharpness))


# --- Tesseract ---------------------------------------------------------------------------------

# Tesseract's OpenMP threads wait for each other by spinning: on a machine whose cores are
# busy (two cores, a build or a second import beside it) a page took three times as long
# (2.3 s against 0.7 s measured here) for the same words. One thread reads the same.
ONE_THREAD = {"OMP_THREAD_LIMIT": "1"}


def tesseract(image, psm: int, output: str, options: tuple[str, ...] = ()) -> str:
    """Tesseract's `output` (tsv, hocr) for one image, in Vietnamese; ImportFailure with a
    Vietnamese message when it cannot run or read the image."""
    reason = missing()
    if reason:
        raise ImportFailure(reason)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", "vie", "--psm", str(psm), "--dpi", "300",
             *options, output], input=buffer.getvalue(), capture_output=True,
            timeout=TIMEOUT, env={**os.environ, **ONE_THREAD})
    except subprocess.TimeoutExpired:
        raise ImportFailure(f"nhận dạng chữ một trang quá {TIMEOUT} giây. Hãy quét lại trang ở "
                            "300 dpi, đen trắng, rồi nhập lại") from None
    if done.returncode != 0:
        raise ImportFailure("chương trình Tesseract không đọc được trang ảnh. Hãy lưu ảnh lại "
                            "thành PNG hoặc JPEG rồi nhập lại")
    return done.stdout.decode("utf-8", errors="replace")


def read_words(image, psm: int = 3) -> list[Word]:
    """Every word Tesseract finds, with its confidence and box."""
    text = tesseract(image, psm, "tsv")
    words = []
    for row in csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
        # NFC: the model writes some letters with combining marks (ê + ́), which would not
        # compare equal to the same letter typed in Word.
        word = unicodedata.normalize("NFC", (row.get("text") or "").strip())
        if row.get("level") != "5" or not word:
            continue
        left, top = int(row["left"]), int(row["top"])
        words.append(Word(word, float(row["conf"]), left, top, left + int(row["width"]),
                          top + int(row["height"]),
                          (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))))
    return words


def lines_of(words: list[Word]) -> list[Line]:
    """Words joined into Tesseract's own lines, in its reading order (column blocks of the
    header and signature stay apart, like a Word layout table read column by column)."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        groups.setdefault(word.line, []).append(word)
    out = []
    previous_block, previous_bottom = None, None
    heights = sorted(w.bottom - w.top for w in words) or [40]
    height = heights[len(heights) // 2]
    boxes = {key: _box(members) for key, members in groups.items()}
    close = max(0.9 * height, 1.2 * _wrap_gap(boxes))
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda w: w.left)
        box = boxes[key]
        if _read_twice(key, members, boxes):
            continue
        # A new block is a blank line when it stands apart; a block that follows the line
        # above at the usual spacing is the same paragraph (a title wrapped over two lines
        # is one title), as it is in the Word file.
        if previous_block is not None and key[0] != previous_block and not (
                previous_bottom is not None and 0 <= box[1] - previous_bottom < close):
            out.append(Line("", 100.0, (0, 0, 0, 0), []))
        previous_block, previous_bottom = key[0], box[3]
        out.append(Line(" ".join(w.text for w in members), min(w.conf for w in members), box,
                        members))
    return out


def _wrap_gap(boxes: dict) -> float:
    """The usual white between the lines of one paragraph on this page: the median gap
    between lines Tesseract itself put in one paragraph (0 when it found fewer than three).
    Half a word's height is too little on a page set with wide line spacing (the rest of a
    sentence, "đẹp”.", taken by Tesseract for a block of its own 26 px below, with words
    28 px high, was cut off from its quoted name: "“Vở sạch - Chữ" / "đẹp”.")."""
    gaps = sorted(boxes[below][1] - boxes[above][3] for above, below in zip(
        sorted(boxes), sorted(boxes)[1:]) if above[:2] == below[:2] and
        boxes[below][1] >= boxes[above][3])
    return float(gaps[len(gaps) // 2]) if len(gaps) >= 3 else 0.0


def _box(words: list[Word]) -> tuple[int, int, int, int]:
    return (min(w.left for w in words), min(w.top for w in words),
            max(w.right for w in words), max(w.bottom for w in words))


def _read_twice(key, members: list[Word], boxes: dict) -> bool:
    """A line of marks only that lies inside another line: the same ink read a second time.
    Tesseract's layout analysis sometimes makes a block of its own of a mark that is also
    read with its word (the closing quote of "đẹp”." read again as "»" on a line between
    "… “Vở sạch - Chữ" and "đẹp”."), and the line it stands on is broken there."""
    if any(ch.isalnum() for word in members for ch in word.text):
        return False
    left, top, right, bottom = boxes[key]
    return any(other != key and other_box[0] - 3 <= left and other_box[1] - 3 <= top and
               right <= other_box[2] + 3 and bottom <= other_box[3] + 3
               for other, other_box in boxes.items())


def unread_lines(page, words: list[Word]) -> list[Word]:
    """Lines of ink Tesseract's page layout left out, read on their own (one line, psm 7).

    On Carlito's plans the layout analysis dropped whole lines of text — the first line of a
    title, "Tổ chức phong trào thi đua “Giỏi việc trường, đảm việc nhà”", and a heading with
    the same quoted name — while reading the lines around them (session 22). A band of ink
    rows as tall as a line of text, as wide as a few words, that no word read overlaps, is
    cut out and read alone; its words join the paragraph of the line below it (or above it,
    at the page's end), so they keep their place in the reading order."""
    import numpy as np
    if not words:
        return []
    grey = np.asarray(page.convert("L"))
    ink = grey < _otsu(grey)
    heights = sorted(w.bottom - w.top for w in words)
    height = heights[len(heights) // 2]
    out: list[Word] = []
    for top, bottom, left, right in _ink_bands(ink, height):
        if any(min(bottom, w.bottom) - max(top, w.top) > 0.3 * (bottom - top) for w in words):
            continue
        pad = max(4, height // 3)
        strip = page.crop((max(0, left - pad), max(0, top - pad), right + pad, bottom + pad))
        found = [w for w in read_words(strip, psm=7) if any(c.isalnum() for c in w.text)]
        if not found or sum(w.conf for w in found) / len(found) < 60:
            continue
        key = _neighbour_key(words, top, bottom)
        for word in found:
            out.append(Word(word.text, word.conf, word.left + left - pad, word.top + top - pad,
                            word.right + left - pad, word.bottom + top - pad, key))
    return out


def _ink_bands(ink, height: int) -> list[tuple[int, int, int, int]]:
    """(top, bottom, left, right) of each run of rows holding ink, as tall as a line of
    text (half to twice a word's height) and as wide as a few words."""
    import numpy as np
    rows = np.flatnonzero(ink.sum(axis=1) >= 3)
    bands, start = [], None
    for index, row in enumerate(rows):
        if start is None:
            start = row
        if index + 1 == len(rows) or rows[index + 1] > row + 1:
            if 0.5 * height <= row + 1 - start <= 2 * height:
                columns = np.flatnonzero(ink[start:row + 1].any(axis=0))
                if columns[-1] - columns[0] >= 4 * height:
                    bands.append((int(start), int(row + 1), int(columns[0]), int(columns[-1] + 1)))
            start = None
    return bands


def _neighbour_key(words: list[Word], top: int, bottom: int) -> tuple:
    """A line key placing a recovered line just before the first line below it (or just
    after the last line above it) in Tesseract's reading order."""
    below = [w for w in words if w.top >= bottom]
    if below:
        first = min(below, key=lambda w: (w.top, w.left)).line
        return first[:2] + (first[2] - 0.5,)
    last = max(words, key=lambda w: (w.bottom, w.left)).line
    return last[:2] + (last[2] + 0.5,)

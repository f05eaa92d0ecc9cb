"""Share cards: the 1200×630 picture Zalo and Facebook show under a shared link, for every
page that has no published photo of its own.

A card shows the kind of page ("Gương điển hình", "Bảng vàng", "Tin tức" …), the page title
and the school's name, in Be Vietnam Pro (an open font made for Vietnamese, installed from
PyPI as `fontpkg-be-vietnam-pro`, so nothing is fetched at build time). Its text comes only
from page titles the Catalog already holds, consent applied (share.py), never from records.

Cards are drawn with Pillow's basic layout engine (not raqm, which a machine may or may not
have) and saved without metadata, so the same text gives the same bytes on every machine;
they are cached under `.build/cache/` by a key of text, font, Pillow and this module's
version, so a warm build draws nothing.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bangvang.records.text import nfc

WIDTH, HEIGHT = 1200, 630
CARD_VERSION = 1            # raise when the drawing changes: cached cards are redrawn
MARGIN = 72
BACKGROUND = (183, 28, 28)  # the site's red (Material "red" 900)
GOLD = (255, 193, 7)        # the site's amber accent
WHITE = (255, 255, 255)
SOFT = (255, 228, 225)
TITLE_SIZES = (76, 68, 60, 54, 48, 44)   # the first size at which the title fits wins
TITLE_TOP, TITLE_BOTTOM = 170, 480       # the title's area, between the kind and the school
LINE_HEIGHT = 1.25


@dataclass(frozen=True)
class Card:
    title: str
    kind: str
    school: str

    @property
    def key(self) -> str:
        """Content key: the same card text, font and drawing → the same file name."""
        digest = hashlib.sha256("\x1f".join(
            (self.title, self.kind, self.school, str(CARD_VERSION), _font_key())).encode())
        return digest.hexdigest()[:20]


@lru_cache(maxsize=1)
def _font_folder() -> Path:
    import fontpkg_be_vietnam_pro
    return Path(fontpkg_be_vietnam_pro.ROOT) / "files"


@lru_cache(maxsize=1)
def _font_key() -> str:
    import PIL
    from PIL import features
    digest = hashlib.sha256()
    for name in ("BeVietnamPro-Bold.ttf", "BeVietnamPro-Medium.ttf"):
        digest.update((_font_folder() / name).read_bytes())
    digest.update(f"{PIL.__version__} {features.version('freetype2')}".encode())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=32)
def _font(weight: str, size: int):
    from PIL import ImageFont
    return ImageFont.truetype(str(_font_folder() / f"BeVietnamPro-{weight}.ttf"), size,
                              layout_engine=ImageFont.Layout.BASIC)


def card_png(card: Card, cache_dir: Path | None = None) -> bytes:
    """The card as PNG bytes, from the cache when it was drawn before."""
    cached = Path(cache_dir) / f"{card.key}.png" if cache_dir else None
    if cached and cached.is_file():
        return cached.read_bytes()
    data = _draw(card)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(".tmp")
        temporary.write_bytes(data)
        temporary.replace(cached)
    return data


def _draw(card: Card) -> bytes:
    from PIL import Image, ImageDraw
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    # A gold medal in the corner, half off the card (the site's logo, without an icon file),
    # above the title's area so that no text runs over it.
    draw.ellipse((WIDTH - 200, -130, WIDTH + 60, TITLE_TOP - 40), fill=GOLD)
    draw.ellipse((WIDTH - 160, -90, WIDTH + 20, TITLE_TOP - 80), outline=BACKGROUND, width=8)
    kind = _font("Bold", 34)
    draw.text((MARGIN, MARGIN), _fit_line(nfc(card.kind).upper(), kind, WIDTH - 2 * MARGIN - 220),
              font=kind, fill=GOLD)
    lines, font = title_layout(nfc(card.title), WIDTH - 2 * MARGIN)
    step = round(font.size * LINE_HEIGHT)
    top = TITLE_TOP + (TITLE_BOTTOM - TITLE_TOP - len(lines) * step) // 2
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * step), line, font=font, fill=WHITE)
    draw.rectangle((MARGIN, HEIGHT - 128, MARGIN + 120, HEIGHT - 120), fill=GOLD)
    school = _font("Medium", 36)
    draw.text((MARGIN, HEIGHT - 100), _fit_line(nfc(card.school), school, WIDTH - 2 * MARGIN),
              font=school, fill=SOFT)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def title_layout(title: str, width: int) -> tuple[list[str], object]:
    """The title wrapped at the largest size whose lines fit the title's area; at the smallest
    size, what is left over is cut and ends in "…" (a long plan title)."""
    for size in TITLE_SIZES:
        font = _font("Bold", size)
        lines = wrap(title, font, width)
        if len(lines) <= _lines_that_fit(size):
            return lines, font
    room = _lines_that_fit(TITLE_SIZES[-1])
    kept = lines[:room]
    if len(lines) > room:
        kept[-1] = _fit_line(kept[-1] + " …", font, width)
    return kept, font


def _lines_that_fit(size: int) -> int:
    return (TITLE_BOTTOM - TITLE_TOP) // round(size * LINE_HEIGHT)


def wrap(text: str, font, width: int) -> list[str]:
    """Greedy word wrap by measured width; a word wider than a line is cut by letters."""
    words: list[str] = []
    for word in text.split():
        while font.getlength(word) > width:
            cut = _longest_prefix(word, font, width) or word[0]
            words.append(cut)
            word = word[len(cut):]
        words.append(word)
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + [line] if line or not lines else lines


def _longest_prefix(word: str, font, width: float) -> str:
    end = 0
    while end < len(word) and font.getlength(word[:end + 1]) <= width:
        end += 1
    return word[:end]


def _fit_line(text: str, font, width: int) -> str:
    """One line: as is when it fits, else shortened at a word (or letter) and ended in "…"."""
    if font.getlength(text) <= width:
        return text
    words = text.rstrip(" …").split()
    while len(words) > 1 and font.getlength(" ".join(words) + " …") > width:
        words.pop()
    shortened = " ".join(words)
    while shortened and font.getlength(shortened + " …") > width:
        shortened = shortened[:-1]
    return shortened.rstrip() + " …"

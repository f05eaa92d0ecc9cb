"""Share cards: the 1200×630 picture Zalo and Facebook show under a shared link, for every
page that has no published photo of its own.

A card shows the kind of page ("Gương điển hình", "Bảng vàng", "Tin tức" …), the page title
and the school's name, in Be Vietnam Pro (an open font made for Vietnamese, installed from
PyPI as `fontpkg-be-vietnam-pro`, so nothing is fetched at build time). Its text comes only
from page titles the Catalog already holds, consent applied (share.py), never from records.

Cards are drawn with Pillow's basic layout engine (not raqm, which a machine may or may not
have) and saved without metadata, so the same text gives the same bytes on every machine;
they are cached under `.build/cache/chia-se/` by a key of text, font, Pillow and this
module's version, so a warm build draws nothing, and a card is drawn once per distinct
content however many builds ask for it (the publishing workflow keeps that folder between
runs, .github/workflows/pages.yml).

Cheap per card: the picture has five colours and the anti-aliased edges between them, so it
is stored with a fixed palette of those blends (`_palette`, no dithering: at most 7/255 off on
a channel). Everything but the title is the same on every card of a kind and school: that
frame is drawn once (`_frame`) and only the title is drawn per card, as a grey-level mask of
its band of the card, mapped to the white blends' palette numbers by a table (`_white`:
what quantizing the white text drawn over the red would give) and pasted in. The PNG is
written at zlib level 3. On the titles of a 6,000-record school's pages (initials mostly):
4.1–4.6 ms and 13.4 KB a card, where the whole card drawn in RGB, quantized and saved at
level 6 took 12.6–13.7 ms and 9.9 KB (level 6 alone is about 4 ms more than level 3), and
an RGB PNG with `optimize=True` about 85 ms and 49 KB (docs/benchmark.md). The pixels are
those of the card drawn whole (tests/test_share.py). Many missing cards are
drawn by a pool of processes (`files`).
"""
from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bangvang.records.text import nfc

WIDTH, HEIGHT = 1200, 630
CARD_VERSION = 3            # raise when the drawing changes: cached cards are redrawn
MARGIN = 72
BACKGROUND = (183, 28, 28)  # the site's red (Material "red" 900)
GOLD = (255, 193, 7)        # the site's amber accent
WHITE = (255, 255, 255)
SOFT = (255, 228, 225)
RAMP = 32                   # blends from the background to each colour (anti-aliased edges)
PARALLEL_FROM = 64          # missing cards from which a pool of processes draws them
TITLE_SIZES = (76, 68, 60, 54, 48, 44)   # the first size at which the title fits wins
TITLE_TOP, TITLE_BOTTOM = 170, 480       # the title's area, between the kind and the school
# The band of the card only the title draws in (its lines, their marks above and below), from
# below the medal to above the gold rule: drawn per card, the rest is the frame's.
BAND_TOP, BAND_BOTTOM = TITLE_TOP - 39, HEIGHT - 129
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
        _store(cached, data)
    return data


def files(cards: dict[str, Card], cache_dir: Path | None) -> dict[str, bytes | Path]:
    """{site path: the card's file in the cache} for every card (bytes without a cache),
    drawing those not in the cache: one at a time when few, else in a pool of processes
    (a cold build of a school draws thousands; each is independent)."""
    if cache_dir is None:
        return {path: _draw(card) for path, card in sorted(cards.items())}
    cache_dir = Path(cache_dir)
    where = {path: cache_dir / f"{card.key}.png" for path, card in cards.items()}
    missing = {card.key: card for path, card in cards.items() if not where[path].is_file()}
    workers = min(os.cpu_count() or 1, 8)
    if len(missing) >= PARALLEL_FROM and workers > 1:
        ordered = list(missing.values())
        # Forked workers start at once; a process with threads (the preview's server) spawns
        # fresh ones instead, as forking it could copy a lock another thread holds.
        context = multiprocessing.get_context("fork" if threading.active_count() == 1
                                              and os.name == "posix" else "spawn")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            drawn = pool.map(_draw, ordered, chunksize=max(1, len(ordered) // (workers * 4)))
            for card, data in zip(ordered, drawn):
                _store(cache_dir / f"{card.key}.png", data)
    else:
        for card in missing.values():
            _store(cache_dir / f"{card.key}.png", _draw(card))
    return dict(sorted(where.items()))


def _store(cached: Path, data: bytes) -> None:
    """Into the cache whole or not at all (a build killed while writing leaves no half card)."""
    cached.parent.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_name(f"{cached.stem}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(cached)


@lru_cache(maxsize=1)
def _palette():
    """A palette image of the card's colours and the blends of each with the background."""
    from PIL import Image
    colours = [BACKGROUND]
    for colour in (GOLD, WHITE, SOFT):
        colours += [tuple(round(b + (c - b) * step / (RAMP - 1)) for b, c in zip(BACKGROUND, colour))
                    for step in range(1, RAMP)]
    colours = list(dict.fromkeys(colours))
    flat = [value for colour in colours for value in colour]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + flat[-3:] * (256 - len(colours)))
    return palette


def _draw(card: Card) -> bytes:
    from PIL import ImageDraw
    image = _frame(nfc(card.kind), nfc(card.school)).copy()
    lines, font = title_layout(nfc(card.title), WIDTH - 2 * MARGIN)
    step = round(font.size * LINE_HEIGHT)
    top = TITLE_TOP + (TITLE_BOTTOM - TITLE_TOP - len(lines) * step) // 2
    band = _blank_band().copy()
    draw = ImageDraw.Draw(band)
    for number, line in enumerate(lines):
        draw.text((MARGIN, top - BAND_TOP + number * step), line, font=font, fill=255)
    image.paste(band.point(_white()), (0, BAND_TOP))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=3)
    return out.getvalue()


@lru_cache(maxsize=16)
def _frame(kind: str, school: str):
    """Everything on a card but its title, in the palette's colours."""
    from PIL import Image, ImageDraw
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    # A gold medal in the corner, half off the card (the site's logo, without an icon file),
    # above the title's area so that no text runs over it.
    draw.ellipse((WIDTH - 200, -130, WIDTH + 60, TITLE_TOP - 40), fill=GOLD)
    draw.ellipse((WIDTH - 160, -90, WIDTH + 20, TITLE_TOP - 80), outline=BACKGROUND, width=8)
    font = _font("Bold", 34)
    draw.text((MARGIN, MARGIN), _fit_line(kind.upper(), font, WIDTH - 2 * MARGIN - 220),
              font=font, fill=GOLD)
    draw.rectangle((MARGIN, HEIGHT - 128, MARGIN + 120, HEIGHT - 120), fill=GOLD)
    font = _font("Medium", 36)
    draw.text((MARGIN, HEIGHT - 100), _fit_line(school, font, WIDTH - 2 * MARGIN),
              font=font, fill=SOFT)
    return image.quantize(palette=_palette(), dither=Image.Dither.NONE)


@lru_cache(maxsize=1)
def _blank_band():
    from PIL import Image
    return Image.new("L", (WIDTH, BAND_BOTTOM - BAND_TOP), 0)


@lru_cache(maxsize=1)
def _white() -> list[int]:
    """Grey level of the title's mask → the palette number of white drawn over the red with
    that coverage, as the quantizer would choose it."""
    from PIL import Image
    row = Image.new("RGB", (256, 1), BACKGROUND)
    coverage = Image.new("L", (256, 1))
    coverage.putdata(range(256))
    row.paste(WHITE, (0, 0, 256, 1), coverage)
    return list(row.quantize(palette=_palette(), dither=Image.Dither.NONE).tobytes())


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
    """Greedy word wrap by measured width; a word wider than a line is cut by letters.
    A line is measured as its words and spaces, each measured once: Pillow's basic layout
    adds their advances when the font does not kern (`_additive`), and measuring every
    candidate line whole took 70 ms for a long plan title tried at six sizes."""
    if not _additive(font):
        return _wrap_measured(text, font, width)
    measured: dict[str, float] = {}
    words = _fitting_words(text, font, width, measured)
    space = font.getlength(" ")
    lines: list[str] = []
    line, used = "", 0.0
    for word in words:
        size = measured.get(word) or measured.setdefault(word, font.getlength(word))
        if line and used + space + size > width:
            lines.append(line)
            line, used = word, size
        else:
            line, used = (f"{line} {word}", used + space + size) if line else (word, size)
    return lines + [line] if line or not lines else lines


@lru_cache(maxsize=32)
def _additive(font) -> bool:
    """Whether a line's width is its words' and spaces' widths added (no kerning between
    letters: pairs a kerning font moves, Vietnamese ones among them)."""
    probe = ["AV", "To", "Wa", "Ty", "LT", "Yê", "Võ", "Tú", "r.", "P,"]
    return all(abs(font.getlength(f"{pair} {pair}") - 2 * font.getlength(pair) -
                   font.getlength(" ")) < 1e-6 and
               abs(font.getlength(pair) - font.getlength(pair[0]) - font.getlength(pair[1])) < 1e-6
               for pair in probe)


def _wrap_measured(text: str, font, width: int) -> list[str]:
    """`wrap` measuring every candidate line whole (a font that kerns)."""
    words = _fitting_words(text, font, width, {})
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


def _fitting_words(text: str, font, width: int, measured: dict[str, float]) -> list[str]:
    """The words of `text`, a word wider than a line cut by letters; `measured` receives
    each word's width."""
    words: list[str] = []
    for word in text.split():
        while (measured.get(word) or measured.setdefault(word, font.getlength(word))) > width:
            cut = _longest_prefix(word, font, width) or word[0]
            words.append(cut)
            word = word[len(cut):]
        words.append(word)
    return words


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

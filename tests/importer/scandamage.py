"""How paper gets worse on its way to the importer, for scanpages.py's drawn pages: a
shadow, light falling off, a second seal stamped over the text, a page photographed on a
desk at an angle, a photocopy or fax, a page folded in three (session 27), a list marked up
with a highlighter and a pen, punched and stapled (session 28). Split from scanpages.py
(session 25)."""
from __future__ import annotations

import random
from math import sin
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFilter, ImageFont

if TYPE_CHECKING:
    from scanpages import Damage

DESK = (96, 78, 60)


def photocopied(image: Image.Image, damage: Damage, rng: random.Random) -> Image.Image:
    """The page as a copier or a fax gives it back: grey (the red seal a dark grey), a
    slight turn, at `damage.scale` of 300 dpi, strokes a little thicker (toner spreads), a
    dark band along one edge (the lid left open, the page's edge off the glass), then 1 bit:
    what is clearly ink or paper made black or white, the greys between (the seal, the
    letters' edges) dithered as a copier's halftone does, and toner specks."""
    out = image.convert("L")
    if damage.angle:
        out = out.rotate(damage.angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    out = out.resize((int(out.width * damage.scale), int(out.height * damage.scale)),
                     Image.LANCZOS)
    out = out.filter(ImageFilter.MinFilter(3))
    draw = ImageDraw.Draw(out)
    band = int(out.width * rng.uniform(0.012, 0.022))
    if rng.random() < 0.5:          # along the left edge or along the bottom
        for x in range(band):
            draw.line([(x, 0), (x, out.height)], fill=int(40 + 120 * x / band))
    else:
        for y in range(band):
            draw.line([(0, out.height - 1 - y), (out.width, out.height - 1 - y)],
                      fill=int(40 + 120 * y / band))
    out = out.point(lambda v: 0 if v < 60 else 255 if v > 200 else int((v - 60) * 255 / 140))
    out = out.convert("1")          # Floyd-Steinberg: the greys become dots
    pixels = out.load()
    for _ in range(int(out.width * out.height * damage.noise / 20)):
        x, y, size = rng.randrange(out.width - 3), rng.randrange(out.height - 3), rng.randrange(1, 4)
        for dx in range(size):
            for dy in range(size):
                pixels[x + dx, y + dy] = 0
    return out


def _shadowed(image: Image.Image, depth: float, rng: random.Random) -> Image.Image:
    """A soft shadow over one corner (about a third of the page), darker towards it."""
    width, height = image.size
    mask = Image.new("L", image.size, 0)
    corner_x = rng.choice((0, width))
    ImageDraw.Draw(mask).ellipse([corner_x - width * 0.55, -height * 0.25,
                                  corner_x + width * 0.55, height * 0.45],
                                 fill=int(255 * depth))
    mask = mask.filter(ImageFilter.GaussianBlur(width // 12))
    return Image.composite(Image.new("RGB", image.size, (0, 0, 0)), image, mask)


def stamped(image: Image.Image, where: tuple[float, float]) -> Image.Image:
    """A round red seal stamped over the page at `where`: ink multiplies what is under it, so
    the text it covers stays dark and the paper turns red."""
    from PIL import ImageChops
    import fontpkg_be_vietnam_pro
    ink = Image.new("RGB", image.size, "white")
    draw = ImageDraw.Draw(ink)
    x, y = int(image.width * where[0]) - 230, int(image.height * where[1]) - 230
    red = (214, 60, 66)
    draw.ellipse([x, y, x + 460, y + 460], outline=red, width=16)
    draw.ellipse([x + 50, y + 50, x + 410, y + 410], outline=red, width=6)
    font = ImageFont.truetype(str(Path(fontpkg_be_vietnam_pro.ROOT) / "files" /
                                  "BeVietnamPro-Bold.ttf"), 44)
    for dy, text in ((160, "TRƯỜNG THCS"), (240, "HÒA AN")):
        width = draw.textlength(text, font=font)
        draw.text((x + 230 - width / 2, y + dy), text, font=font, fill=red)
    return ImageChops.multiply(image.convert("RGB"), ink)


def _falloff(image: Image.Image, depth: float) -> Image.Image:
    """Light falling off from the left edge to the right by `depth` (a smooth ramp)."""
    ramp = Image.linear_gradient("L").rotate(90).resize(image.size)
    mask = ramp.point(lambda v: int((255 - v) * depth))
    return Image.composite(Image.new("RGB", image.size, (0, 0, 0)), image, mask)


def on_desk(page: Image.Image, pull: float) -> Image.Image:
    """The page as a phone above it sees it: on a brown desk, its far (top) edge narrower
    and a little tilted, the near one full width."""
    import numpy as np
    width, height = page.size
    margin = int(width * 0.08)
    quad = [(margin + pull * width, margin + 0.2 * pull * height),
            (margin + width - 0.7 * pull * width, margin),
            (margin + width, margin + height), (margin, margin + height - 0.1 * pull * height)]
    corners = [(0, 0), (width, 0), (width, height), (0, height)]
    rows, values = [], []
    for (x, y), (u, v) in zip(quad, corners):       # canvas point -> page point
        rows += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        values += [u, v]
    coefficients = np.linalg.solve(np.array(rows, float), np.array(values, float))
    return page.transform((width + 2 * margin, height + 2 * margin), Image.PERSPECTIVE,
                          [float(c) for c in coefficients], resample=Image.BICUBIC,
                          fillcolor=DESK)


def forwarded(image: Image.Image, long_side: int) -> Image.Image:
    """A phone photo as a chat app (Zalo, Messenger) passes it on: scaled so its long side is
    `long_side` pixels and saved as JPEG at quality 70. Colour is kept. Forwarding it again
    saves it once more (`Damage.quality`, when the drawn photo is written)."""
    import io
    factor = long_side / max(image.size)
    out = image.convert("RGB").resize((round(image.width * factor),
                                       round(image.height * factor)), Image.LANCZOS)
    sent = io.BytesIO()
    out.save(sent, "JPEG", quality=70)
    sent.seek(0)
    return Image.open(sent).convert("RGB")


def folded(image: Image.Image, rng: random.Random) -> Image.Image:
    """The page folded in three for an envelope, then unfolded on the scanner's glass: two
    creases near a third and two thirds of its height (a little slanted, as hands fold), each
    a thin dark line with a soft shadow on one side; the paper between them not quite flat —
    each panel curled so its print moves up or down a few pixels, smoothly along the line —
    and each panel a little lighter or darker than the others. Drawn in strips to keep memory
    small on a 300 dpi page."""
    import numpy as np
    page = np.asarray(image.convert("RGB"))
    height, width = page.shape[:2]
    xs = np.arange(width, dtype=np.float32) / width
    creases = [height * rng.uniform(0.32, 0.35) + rng.uniform(-8, 8) * (xs - 0.5),
               height * rng.uniform(0.65, 0.68) + rng.uniform(-8, 8) * (xs - 0.5)]
    sides = [rng.choice((-1, 1)) for _ in creases]     # which side each crease's shadow falls
    curls = [rng.uniform(3, 8) * rng.choice((-1, 1)) for _ in range(3)]
    lights = [rng.uniform(0.92, 1.0) for _ in range(3)]
    bend = np.sin(np.pi * (xs + rng.uniform(-0.15, 0.15)))          # the curl along x
    out = np.empty_like(page)
    for top in range(0, height, 400):
        ys = np.arange(top, min(height, top + 400), dtype=np.float32)[:, None]
        # 0 above the first crease, 1 between, 2 below the second: smooth across each crease
        below = [1 / (1 + np.exp(np.clip((line - ys) / 12, -40, 40))) for line in creases]
        curl = curls[0] + (curls[1] - curls[0]) * below[0] + (curls[2] - curls[1]) * below[1]
        light = lights[0] + (lights[1] - lights[0]) * below[0] + \
            (lights[2] - lights[1]) * below[1]
        source = np.clip(ys - curl * bend, 0, height - 1.001)
        low = source.astype(np.int32)
        frac = (source - low)[..., None]
        columns = np.arange(width)[None, :]
        strip = page[low, columns] * (1 - frac) + page[low + 1, columns] * frac
        for line, side in zip(creases, sides):
            away = (ys - line) * side                               # > 0 on the shadow side
            shade = np.where(away > 0, 0.2 * np.exp(-np.maximum(away, 0) / 22), 0.0)
            shade = np.maximum(shade, 0.45 * np.exp(-((ys - line) / 1.3) ** 2))
            light = light * (1 - shade)
        out[top:top + len(ys)] = np.clip(strip * light[..., None], 0, 255).astype(np.uint8)
    return Image.fromarray(out)


# --- a list the school marked up, then scanned in colour (session 28) -------------------------

HIGHLIGHTER = (255, 236, 70)        # yellow ink: multiplies what is under it
BALLPOINT = (28, 52, 160)


def _rules(ink, share: float, axis: int) -> list[int]:
    """Rows (axis 1) or columns (axis 0) where more than `share` of the pixels are ink,
    a run of them counted once (its middle)."""
    import numpy as np
    hits = np.flatnonzero(ink.mean(axis=axis) > share)
    runs = np.split(hits, np.flatnonzero(np.diff(hits) > 1) + 1) if hits.size else []
    return [int(run.mean()) for run in runs if run.size]


def _text_lines(ink) -> list[tuple[int, int]]:
    """(top, bottom) of the lines of text: runs of rows holding some ink."""
    import numpy as np
    rows = ink.mean(axis=1) > 0.004
    edges = np.flatnonzero(np.diff(rows.astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2]) if b - a > 15]


def _stroke(draw, left: float, right: float, middle: float, height: float,
            rng: random.Random) -> None:
    """A highlighter's stroke from `left` to `right`: a band `height` tall, its edges wavy,
    drifting up or down a little along its length, its ends rounded."""
    import math
    drift, phase = rng.uniform(-0.25, 0.25) * height, rng.uniform(0, 6.3)
    steps = max(2, int((right - left) / 20))
    top, bottom = [], []
    for k in range(steps + 1):
        x = left + (right - left) * k / steps
        centre = middle + drift * k / steps + 4 * math.sin(phase + k / 3)
        top.append((x, centre - height / 2 + rng.uniform(-2, 2)))
        bottom.append((x, centre + height / 2 + rng.uniform(-2, 2)))
    draw.polygon(top + bottom[::-1], fill=HIGHLIGHTER)
    for (x, y1), (_, y2) in ((top[0], bottom[0]), (top[-1], bottom[-1])):
        draw.ellipse([x - height / 4, y1, x + height / 4, y2], fill=HIGHLIGHTER)


def _tick(draw, x: float, y: float, size: float, rng: random.Random) -> None:
    """A ballpoint tick (✓) or a circle drawn by hand around (x, y)."""
    import math
    wobble = lambda: rng.uniform(-size * 0.06, size * 0.06)   # noqa: E731
    if rng.random() < 0.5:
        points = [(x - size * 0.45 + wobble(), y + wobble()),
                  (x - size * 0.1 + wobble(), y + size * 0.4 + wobble()),
                  (x + size * 0.55 + wobble(), y - size * 0.5 + wobble())]
    else:
        start = rng.uniform(0, 6.3)
        points = [(x + size * 0.55 * math.cos(start + t / 10) + wobble() / 2,
                   y + size * 0.42 * math.sin(start + t / 10) + wobble() / 2)
                  for t in range(70)]        # a little more than once round, as hands do
    draw.line(points, fill=BALLPOINT, width=4, joint="curve")


def marked(image: Image.Image, rng: random.Random) -> Image.Image:
    """The printed page as the school hands it back: a yellow highlighter stroke over two or
    three rows of a list (over the name and unit; lines of text on a plan), a blue ballpoint
    tick or circle over the STT cell of a few rows (in the left margin of a plan), two punched
    holes in the left margin and a staple's shadow at the top-left corner."""
    import numpy as np
    grey = np.asarray(image.convert("L"))
    ink = grey < 128
    width, height = image.size
    marks = Image.new("RGB", image.size, "white")
    draw = ImageDraw.Draw(marks)
    rules = _rules(ink, 0.5, 1)
    if len(rules) >= 4:             # a ruled list: its rows lie between the rules
        columns = _rules(ink[rules[0]:rules[-1]], 0.6, 0)
        rows = list(zip(rules[1:-1], rules[2:]))
        first = rng.randrange(0, max(1, len(rows) - 3))
        for top, bottom in rows[first:first + rng.choice((2, 3))]:
            _stroke(draw, columns[1] + rng.uniform(10, 60), columns[-1] - rng.uniform(20, 120),
                    (top + bottom) / 2 + rng.uniform(-12, 12), (bottom - top) * 0.7, rng)
        for top, bottom in rng.sample(rows, min(len(rows), rng.choice((3, 4)))):
            _tick(draw, (columns[0] + columns[1]) / 2 + rng.uniform(-15, 15),
                  (top + bottom) / 2, (bottom - top) * 0.8, rng)
    else:                           # a plan: lines of text
        lines = [line for line in _text_lines(ink) if height * 0.3 < line[0] < height * 0.8]
        if lines:
            first = rng.randrange(0, max(1, len(lines) - 3))
            for top, bottom in lines[first:first + rng.choice((2, 3))]:
                _stroke(draw, 180 + rng.uniform(0, 80), width * rng.uniform(0.55, 0.85),
                        (top + bottom) / 2 + rng.uniform(-6, 6), (bottom - top) * 1.3, rng)
            for top, bottom in rng.sample(lines, min(len(lines), 3)):
                _tick(draw, 95 + rng.uniform(-10, 10), (top + bottom) / 2, 60, rng)
    from PIL import ImageChops
    out = ImageChops.multiply(image.convert("RGB"), marks)
    return _punched(out, rng)


def _punched(image: Image.Image, rng: random.Random) -> Image.Image:
    """Two punched holes in the left margin (the scanner's grey lid seen through them, a dark
    rim on one side) and a staple's shadow at the top-left corner."""
    width, height = image.size
    draw = ImageDraw.Draw(image)
    x = 85 + rng.uniform(-10, 10)
    for centre in (height * 0.5 - 470, height * 0.5 + 470):
        y = centre + rng.uniform(-15, 15)
        draw.ellipse([x - 38, y - 38, x + 38, y + 38], fill=(70, 70, 72))
        draw.arc([x - 38, y - 38, x + 38, y + 38], 200, 340, fill=(25, 25, 25), width=5)
    shadow = Image.new("L", image.size, 0)
    corner = ImageDraw.Draw(shadow)
    a, b = (60 + rng.uniform(0, 20), 150 + rng.uniform(0, 20)), (150 + rng.uniform(0, 20), 60)
    corner.line([a, b], fill=150, width=16)
    shadow = shadow.filter(ImageFilter.GaussianBlur(6))
    image = Image.composite(Image.new("RGB", image.size, (40, 40, 40)), image, shadow)
    ImageDraw.Draw(image).line([a, b], fill=(120, 120, 125), width=6)     # the staple
    return image


def _fax_header(image: Image.Image, rng: random.Random) -> None:
    """The line a fax machine prints across the top of every page it receives: the sender's
    number, the date and time, the page."""
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 30)
    day, hour = rng.randint(2, 28), rng.randint(7, 16)
    text = (f"{day:02d}/05/2025 {hour:02d}:{rng.randint(10, 59)}   FAX  0{rng.randint(200, 299)} "
            f"{rng.randint(3000000, 3999999)}   PHONG GDDT   Trang 1/2   "
            f"No. {rng.randint(100, 999)}")
    ImageDraw.Draw(image).text((60, 22), text, font=font, fill=0)


def faxed(image: Image.Image, damage: Damage, rng: random.Random) -> Image.Image:
    """A decision as the district's fax machine prints it and the school then scans it: grey
    (the red seal comes out black), the fax's header line across the top, sent at fax
    resolution (204 x 98 dpi: a third of the rows kept, each a little unevenly spaced, as the
    paper feed stretches), a few scan lines dropped (white) or streaked (black), 1 bit,
    speckle; then printed and scanned back at `damage.scale` of 300 dpi, black and white, a
    little turned."""
    grey = image.convert("L").point(lambda v: 0 if v < 150 else 255)   # the seal turns black
    _fax_header(grey, rng)
    columns = int(grey.width * 204 / 300)
    lines, rows = int(grey.height * 98 / 300), []
    drift, phase = rng.uniform(0.01, 0.03), rng.uniform(0, 6.3)
    position = 0.0
    for n in range(lines):              # where each fax line samples the page: uneven feed
        rows.append(min(grey.height - 1, int(position)))
        position += 300 / 98 * (1 + drift * sin(phase + n / 90))
    narrow = grey.resize((columns, grey.height), Image.BILINEAR)
    fax = Image.new("L", (columns, lines), 255)
    for n, row in enumerate(rows):
        fax.paste(narrow.crop((0, row, columns, row + 1)), (0, n))
    fax = fax.point(lambda v: 0 if v < 140 else 255)
    draw = ImageDraw.Draw(fax)
    for _ in range(rng.randint(3, 6)):  # a scan line lost: white across the page
        y = rng.randrange(20, lines)
        draw.line([(0, y), (columns, y)], fill=255)
    for _ in range(rng.randint(2, 4)):  # a streak: a dirty sensor element, a thin black run
        y, x = rng.randrange(20, lines), rng.randrange(columns // 2)
        draw.line([(x, y), (x + rng.randint(columns // 4, columns), y)], fill=0)
    pixels = fax.load()
    for _ in range(int(columns * lines * damage.noise)):
        pixels[rng.randrange(columns), rng.randrange(lines)] = 0
    size = (int(image.width * damage.scale), int(image.height * damage.scale))
    out = fax.resize(size, Image.BILINEAR)
    if damage.angle:
        out = out.rotate(damage.angle, resample=Image.BILINEAR, expand=True, fillcolor=255)
    return out.point(lambda v: 0 if v < 128 else 255).convert("1")

"""Creases taken out of a scanned page before it is read (session 27): a page folded in three
for an envelope, then scanned or photographed, carries two thin grey lines straight across it,
which Tesseract read as dashes inside names and after classes. Split from ocr.py, whose
`prepare` calls `faint_lines_whitened` on every page that is not one bit deep."""
from __future__ import annotations


def faint_lines_whitened(page):
    """The page without the thin grey lines that run straight across it: the crease of a
    page folded for an envelope (or a scanner's streak), lighter than the print but darker
    than the paper just above and below it. Tesseract read such a line through a row of a
    list as a dash between two words of a name ("Trần-Thị An") or a run of dashes after a
    class ("8Al———"). A pixel is on such a line when it is darker by more than 24 than the
    lightest pixel within 6 rows above and below (a thin line, not a shadow's broad band);
    a line is found where such pixels, with their neighbours a few rows away (a crease is
    a little slanted), run a quarter of the page wide — letters are short, and the spaces
    between words break any run through a line of text — and followed straight across the
    page from there (the letters it crosses break it into short pieces). Only its pixels
    lighter than ink (over 110) are whitened, to the paper beside them: the letters it
    crosses stay, and rows near a table's rule (a long run of ink) are left alone."""
    import numpy as np
    from PIL import Image
    grey = np.asarray(page).astype(np.int16)
    paper = grey.copy()
    for d in range(1, 7):
        paper[d:] = np.maximum(paper[d:], grey[:-d])
        paper[:-d] = np.maximum(paper[:-d], grey[d:])
    line = (paper - grey) > 24
    band = line.copy()
    for d in range(1, 7):
        band[d:] |= line[:-d]
        band[:-d] |= line[d:]
    rows = band.copy()
    for d in range(1, 3):    # across a table's vertical rules, where the line is no lighter
        band[:, d:] |= rows[:, :-d]
        band[:, :-d] |= rows[:, d:]
    length = grey.shape[1] // 4
    # A table's rule is a long run of ink, grey in places on a photo (the light, a seal
    # whitened over it): the rows near one are left as they are, so the cells are cut where
    # they always were.
    rules = _long_runs(grey <= 110, length // 2).any(axis=1)
    for d in range(1, 5):
        rules[d:] |= rules[:-d]
        rules[:-d] |= rules[d:]
    found = _long_runs(band, length) & line & (grey > 110)
    found[rules] = False
    if not found.any():
        return page
    across = np.zeros_like(line)
    xs = np.arange(grey.shape[1])
    for slope, offset in _straight_lines(found, grey, length):
        centre = np.rint(offset + slope * xs).astype(int)
        for dy in range(-5, 6):
            ys = centre + dy
            inside = (ys >= 0) & (ys < grey.shape[0])
            across[ys[inside], xs[inside]] = True
    # Along the line found, its lighter edges too (darker than the paper by more than 12).
    across &= ((paper - grey) > 12) & (grey > 110)
    across[rules] = False
    out = Image.fromarray(np.where(across, paper, grey).astype(np.uint8))
    out.info.update(page.info)
    return out


def _straight_lines(found, grey, length: int) -> list[tuple[float, float]]:
    """(slope, offset) of each nearly level line the pixels of `found` make: rows holding
    them grouped where they are within 12 rows of each other, a line fitted through each
    group spanning at least `length` columns (y = offset + slope × x)."""
    import numpy as np
    rows = np.flatnonzero(found.any(axis=1))
    groups: list[list[int]] = []
    for row in rows:
        if groups and row - groups[-1][-1] <= 12:
            groups[-1].append(int(row))
        else:
            groups.append([int(row)])
    out = []
    for group in groups:
        part = found[group[0]:group[-1] + 1]
        xs = np.flatnonzero(part.any(axis=0))
        if len(xs) < length or np.ptp(xs) < length:
            continue
        # Through the line's darkest pixel in each column: its core, not its edges.
        ys = np.argmin(np.where(part, grey[group[0]:group[-1] + 1], 999)[:, xs], axis=0)
        slope, offset = np.polyfit(xs, ys + group[0], 1)
        if abs(slope) < 0.03:
            out.append((float(slope), float(offset)))
    return out


def _long_runs(mask, length: int):
    """The pixels of `mask` in horizontal runs at least `length` long."""
    import numpy as np
    out = np.zeros_like(mask)
    for r in np.flatnonzero(mask.sum(axis=1) >= length):
        edges = np.flatnonzero(np.diff(np.concatenate(([0], mask[r].astype(np.int8), [0]))))
        for start, end in zip(edges[::2], edges[1::2]):
            if end - start >= length:
                out[r, start:end] = True
    return out

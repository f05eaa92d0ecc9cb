"""A page photographed at an angle made flat again: its four corners found on the photo,
and the quadrilateral between them mapped back to an upright rectangle.

A phone held over a desk sees the page as a trapezium (the far edge narrower) on a darker
background. The page is the large bright region of the photo: a threshold between paper
and desk (Otsu's, on a reduced and blurred copy), specks taken out, and its corners are the
extreme points of that region along the two diagonals (top-left has the smallest x + y,
bottom-right the largest, top-right the largest x - y, bottom-left the smallest). Pillow's
`Image.transform(…, Image.PERSPECTIVE, …)` then draws the page upright at the size of its
longest edges.

Written with Pillow and NumPy, which the project already has: OpenCV's findContours and
warpPerspective would do the same in two calls, but its wheel is some 60 MB with its own
copies of image libraries, for four corners and one transform.

A photo with no background around the page (a scan, or a page filling the frame) is left as
it is: the correction only applies when the bright region is clearly a page inside a
darker frame.
"""
from __future__ import annotations

WORK_WIDTH = 800             # the reduced copy the corners are looked for on
MIN_AREA = 0.25              # the page covers at least this share of the photo
MAX_AREA = 0.96              # beyond this the page fills the frame: nothing to correct
MIN_CONTRAST = 40            # grey levels between paper and desk


def flattened(image):
    """The page of a photo upright and cropped to its edges, or the image unchanged."""
    corners = page_corners(image)
    if corners is None:
        return image
    return warped(image, corners)


def page_corners(image) -> list[tuple[float, float]] | None:
    """(top-left, top-right, bottom-right, bottom-left) of the page in the image's pixels,
    or None when no page stands apart from a darker background."""
    import numpy as np
    from PIL import Image, ImageFilter
    scale = WORK_WIDTH / image.width
    small = image.convert("L").resize((WORK_WIDTH, max(1, round(image.height * scale))),
                                      Image.BILINEAR).filter(ImageFilter.GaussianBlur(3))
    grey = np.asarray(small, dtype=np.uint8)
    from .ocr import _otsu
    level = _otsu(grey)
    bright, dark = grey[grey >= level], grey[grey < level]
    if not len(bright) or not len(dark) or bright.mean() - dark.mean() < MIN_CONTRAST:
        return None
    mask = Image.fromarray(((grey >= level) * 255).astype(np.uint8))
    # Specks of light on the desk and the page's dark text are not the page's outline.
    mask = mask.filter(ImageFilter.MinFilter(7)).filter(ImageFilter.MaxFilter(7))
    ys, xs = np.nonzero(np.asarray(mask))
    if not len(xs):
        return None
    share = len(xs) / mask.width / mask.height
    if not MIN_AREA <= share <= MAX_AREA or _touches_every_edge(xs, ys, mask.size):
        return None
    sums, diffs = xs + ys, xs - ys
    picks = [np.argmin(sums), np.argmax(diffs), np.argmax(sums), np.argmin(diffs)]
    corners = [(float(xs[i]) / scale, float(ys[i]) / scale) for i in picks]
    if _area(corners) < MIN_AREA * image.width * image.height:
        return None
    return corners


def _touches_every_edge(xs, ys, size: tuple[int, int]) -> bool:
    """The bright region reaches all four edges of the photo: no desk around the page."""
    width, height = size
    return bool(xs.min() <= 1 and ys.min() <= 1 and xs.max() >= width - 2
                and ys.max() >= height - 2)


def _area(points: list[tuple[float, float]]) -> float:
    """The area of a polygon (shoelace formula)."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def warped(image, corners: list[tuple[float, float]]):
    """The quadrilateral `corners` (tl, tr, br, bl) of `image` drawn as an upright
    rectangle as wide as its longer horizontal edge and as tall as its longer vertical one."""
    from PIL import Image
    (tl, tr, br, bl) = corners
    width = round(max(_distance(tl, tr), _distance(bl, br)))
    height = round(max(_distance(tl, bl), _distance(tr, br)))
    target = [(0, 0), (width, 0), (width, height), (0, height)]
    return image.transform((width, height), Image.PERSPECTIVE, coefficients(target, corners),
                           resample=Image.BICUBIC, fillcolor=(255, 255, 255))


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5


def coefficients(target: list[tuple[float, float]], source: list[tuple[float, float]]):
    """Pillow's eight PERSPECTIVE coefficients mapping each output point of `target` to the
    input point of `source` at the same place in the list: x_in = (a x + b y + c) / (g x +
    h y + 1), y_in = (d x + e y + f) / (g x + h y + 1)."""
    import numpy as np
    rows, values = [], []
    for (x, y), (u, v) in zip(target, source):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    return [float(c) for c in np.linalg.solve(np.array(rows, dtype=float),
                                              np.array(values, dtype=float))]

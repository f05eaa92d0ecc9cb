"""The page regions a scan's doubts were read from, saved in the project for the person who
checks the draft: `scan-crops/<kind>/<record>/<name>-<n>.png`, named in the doubt's warning
("… — ảnh: scan-crops/honours/2024-2025/le-van-hai-1.png").

The folder is git-ignored and outside content/ and site/: the crops show names as they are
on the paper (a child's full name included), so they are never committed nor published.
`bangvang serve` shows them beside the draft (commands/preview_scans.py).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from bangvang.records.text import slugify
from .reading import ImportFailure

FOLDER = "scan-crops"
SHOWN = " — ảnh: "            # what precedes the crop's path in a warning


def _record_folder(root: Path, kind: str, record: str) -> Path:
    """The folder of one record's crops, refused when any part of it is a link (it could
    lead outside the project)."""
    current = Path(root)
    for part in (FOLDER, kind, slugify(record)):
        current = current / part
        if current.is_symlink():
            raise ImportFailure(f"“{current}” là một liên kết (symlink): không ghi ảnh vùng "
                                "quét ra ngoài dự án. Hãy xoá liên kết rồi nhập lại")
    return current


def crop_folder(root: Path, kind: str, record: str) -> Path:
    """The folder of one record's crops, made inside the project (never through a link)."""
    folder = _record_folder(root, kind, record)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def clear_crops(root: Path, kind: str, record: str) -> None:
    """Take away the crops and the doubt list a record had before it is written again
    (`import plan --force`, an id used again): the new reading's doubts are the only ones
    shown, and no image of an old reading is left behind. Only what the importer writes
    there (PNG images, doubts.json, their partial copies) is removed."""
    folder = _record_folder(root, kind, record)
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        ours = entry.suffix == ".png" or entry.name == DOUBTS or \
            (entry.name.startswith(".") and entry.name.endswith(".tmp"))
        if ours and entry.is_file() and not entry.is_symlink():
            entry.unlink()


def save_image(image, folder: Path, stem: str, root: Path) -> str:
    """Save one crop as PNG under a free name; its project-relative path."""
    number = 1
    while (folder / f"{stem}-{number}.png").exists():
        number += 1
    target = folder / f"{stem}-{number}.png"
    partial = target.with_name(f".{target.name}.tmp")
    image.save(partial, format="PNG")
    os.replace(partial, target)
    return target.relative_to(root).as_posix()


def save_crops(root: Path, year: str, awards: list[dict]) -> None:
    """Every doubtful cell of these awards saved as an image, its path added to the doubt."""
    pending = [award for award in awards if any(award.get("_crops") or [])]
    if not pending:
        return
    folder = crop_folder(root, "honours", year)
    saved: dict[int, str] = {}      # one image shared by every line (the decision) saved once
    for award in pending:
        stem = slugify(str(award.get("recipient") or "dong")) or "dong"
        for index, image in enumerate(award.pop("_crops")):
            if image is None or index >= len(award.get("_doubts", [])):
                continue
            if id(image) not in saved:
                saved[id(image)] = save_image(image, folder, image.info.get("stem", stem),
                                              Path(root))
            award["_doubts"][index] += SHOWN + saved[id(image)]


def save_line_crops(root: Path, kind: str, record: str, doubts, images: dict) -> None:
    """A plan's or an entry's doubtful lines saved as images; each doubt keeps its path
    (`doubt.image`) for the warning that lists it."""
    found = [d for d in doubts if images.get(d.page) is not None and d.box[2] > d.box[0]]
    if not found:
        return
    from .scan import crop
    folder = crop_folder(root, kind, record)
    for doubt in found:
        doubt.image = save_image(crop(images[doubt.page], doubt.box), folder, "dong",
                                 Path(root))


DOUBTS = "doubts.json"         # a record's doubts with their images, for the preview
MATCH = 0.5                    # how well lines must fit a value (_fit) to be where it was read


def save_doubt_list(root: Path, kind: str, record: str, doubts, lines: list[str],
                    values: dict[str, str]) -> None:
    """Every doubt of a plan or an entry read from a scan (the warnings name the first
    twelve) as `scan-crops/<kind>/<record>/doubts.json`: page, text as read, confidence,
    image, and the fields read from that line (`values`: field → value as extracted). The
    preview shows each field beside the image of its line (commands/preview_scans.py)."""
    if not doubts:
        return
    sources = field_sources(lines, values)
    folder = crop_folder(root, kind, record)
    items = [{"page": d.page, "text": d.text, "conf": round(d.conf), "image": d.image,
              "label": d.label, "fields": sources.get(d.line, [])} for d in doubts]
    partial = folder / f".{DOUBTS}.tmp"
    partial.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, folder / DOUBTS)


def field_sources(lines: list[str], values: dict[str, str]) -> dict[int, list[str]]:
    """Line index → the fields read from it: for each value, the first line (with the next
    one, for a value wrapped over two) holding its words in order and little else."""
    words = [_words(line) for line in lines]
    out: dict[int, list[str]] = {}
    for name, value in values.items():
        wanted = _words(value or "")
        if not wanted:
            continue
        best, fit = None, 0.0
        for index in range(len(lines)):
            for span in (1, 2):
                found = _fit(wanted, words[index:index + span])
                if found > fit + 1e-9:
                    best, fit = range(index, min(index + span, len(lines))), found
        if best is not None and fit >= MATCH:
            for index in best:
                out.setdefault(index, []).append(name)
    return out


def _words(text: str) -> list[str]:
    from .vietnamese import key
    return key(text).split()


def _fit(wanted: list[str], lines: list[list[str]]) -> float:
    """The share of a value's words that lines hold in order (runs of two or more, or the
    one word), and the share of their words that are the value's: their harmonic mean."""
    from difflib import SequenceMatcher
    covered: set[int] = set()
    least = 1 if len(wanted) == 1 else 2
    for line in lines:
        blocks = SequenceMatcher(None, wanted, line, autojunk=False).get_matching_blocks()
        covered |= {i for b in blocks if b.size >= least for i in range(b.a, b.a + b.size)}
    length = sum(len(line) for line in lines)
    if not covered or not length:
        return 0.0
    recall, precision = len(covered) / len(wanted), len(covered) / length
    return 2 * recall * precision / (recall + precision)

"""The page regions a scan's doubts were read from, saved in the project for the person who
checks the draft: `scan-crops/<kind>/<record>/<name>-<n>.png`, named in the doubt's warning
("… — ảnh: scan-crops/honours/2024-2025/le-van-hai-1.png").

The folder is git-ignored and outside content/ and site/: the crops show names as they are
on the paper (a child's full name included), so they are never committed nor published.
`bangvang serve` shows them beside the draft (commands/preview_scans.py).
"""
from __future__ import annotations

import os
from pathlib import Path

from bangvang.records.text import slugify
from .reading import ImportFailure

FOLDER = "scan-crops"
SHOWN = " — ảnh: "            # what precedes the crop's path in a warning


def crop_folder(root: Path, kind: str, record: str) -> Path:
    """The folder of one record's crops, made inside the project (never through a link)."""
    folder = Path(root) / FOLDER / kind / slugify(record)
    current = Path(root)
    for part in (FOLDER, kind, slugify(record)):
        current = current / part
        if current.is_symlink():
            raise ImportFailure(f"“{current}” là một liên kết (symlink): không ghi ảnh vùng "
                                "quét ra ngoài dự án. Hãy xoá liên kết rồi nhập lại")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


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

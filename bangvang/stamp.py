"""Is site/ already the build of these inputs? A rebuild with nothing changed is skipped.

The stamp is a hash of everything a build reads — every file of the record, content, data,
theme and glue folders, mkdocs.yml, the core's own source, the versions of the tools and the
day (the home page says which school year it is) — and of the site folder it produced (names
and sizes of its files, so a site/ changed by hand is rebuilt). `bangvang build` writes it
after a successful publish and compares it before the next one.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from importlib import metadata
from pathlib import Path

STAMP_FILE = ".build/site.stamp"
INPUT_FOLDERS = ("plans", "exemplars", "data", "content", "overrides", "hooks")
TOOLS = ("mkdocs", "mkdocs-material", "pagefind", "pymdown-extensions", "Markdown", "nh3",
         "pillow", "Jinja2", "PyYAML", "fontpkg-be-vietnam-pro")   # the font: share cards


def _files(folder: Path):
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_dir(follow_symlinks=False):
            yield from _files(Path(entry.path))
        elif entry.is_file(follow_symlinks=False):
            yield Path(entry.path)


def inputs(root: Path, today: dt.date | None = None) -> str:
    digest = hashlib.sha256(str(today or dt.date.today()).encode())
    for name, value in sorted(os.environ.items()):
        if name.startswith("BANGVANG_"):   # e.g. another Pagefind
            digest.update(f"{name}={value}".encode())
    for name in TOOLS:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(name.encode())
    folders = [root / f for f in INPUT_FOLDERS] + [Path(__file__).parent]
    for path in [root / "mkdocs.yml"] + [p for f in folders if f.is_dir() for p in _files(f)]:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root) if root in path.parents else path.name)
                          .encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def site(folder: Path) -> str:
    if not folder.is_dir():
        return "no site"
    digest = hashlib.sha256()
    for path in _files(folder):
        digest.update(f"{path.relative_to(folder)}:{path.stat().st_size}\n".encode())
    return digest.hexdigest()


def current(root: Path, folder: Path, today: dt.date | None = None) -> bool:
    stamp = root / STAMP_FILE
    try:
        return stamp.read_text("utf-8") == f"{inputs(root, today)} {site(folder)}"
    except OSError:
        return False


def write(root: Path, folder: Path, today: dt.date | None = None) -> None:
    stamp = root / STAMP_FILE
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(f"{inputs(root, today)} {site(folder)}", "utf-8")

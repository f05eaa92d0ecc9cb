"""Is site/ already the build of these inputs? A rebuild with nothing changed is skipped.

The stamp is a hash of everything a build reads — every file of the folders the
declarations name (each record kind's folder, news included, from kinds.ALL_KINDS; the photos;
the folders of the data files), of content/, overrides/ (the theme) and hooks/ (the glue),
mkdocs.yml, the code's version (the package's version and source, templates included), the
versions of the tools and the day (the home page says which school year it is) — and of the
site folder it produced (names and sizes of its files, so a site/ changed by hand is
rebuilt). The folders are derived, not listed by hand: a kind declared tomorrow in a folder of
its own is watched without a change here. `bangvang build` writes the stamp after a
successful publish and compares it before the next one.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import posixpath
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from bangvang.records import data, kinds
from bangvang.exports import opendata
from bangvang.checking import permalinks, rules

STAMP_FILE = ".build/site.stamp"
# What a build reads besides the declared folders: hand-written pages, theme, glue, config.
ENGINE_INPUTS = ("content", "overrides", "hooks", "mkdocs.yml")
DATA_FILES = (data.SCHOOL_FILE, data.VOCABULARY_FILE, rules.RULES_FILE,
              permalinks.PUBLISHED_FILE, permalinks.REDIRECTS_FILE, opendata.PUBLISHED_FILE)
TOOLS = ("mkdocs", "mkdocs-material", "pagefind", "pymdown-extensions", "Markdown", "nh3",
         "pillow", "Jinja2", "PyYAML", "fontpkg-be-vietnam-pro")   # the font: share cards


def walk(folder: Path):
    """Every regular file under `folder`, in name order, links not followed."""
    for _relative, entry in entries(folder):
        yield Path(entry.path)


def entries(folder, prefix: str = ""):
    """(relative path with "/", os.DirEntry) of every regular file under `folder`, in name
    order, links not followed: for the walks over a whole site (24,000 files at 6,000
    records), where a Path object per file cost more than the walk."""
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_dir(follow_symlinks=False):
            yield from entries(entry.path, f"{prefix}{entry.name}/")
        elif entry.is_file(follow_symlinks=False):
            yield f"{prefix}{entry.name}", entry


def input_paths() -> list[str]:
    """Project-relative files and folders a build reads, from the declarations; none inside
    another (a folder is read whole)."""
    names = {kind.folder for kind in kinds.ALL_KINDS.values()} | {kinds.PHOTO_FOLDER}
    names |= {posixpath.dirname(f) or f for f in DATA_FILES} | set(ENGINE_INPUTS)
    return sorted(n for n in names
                  if not any(n.startswith(other + "/") for other in names if other != n))


@lru_cache(maxsize=1)
def code_version() -> str:
    """The package's version and a hash of its files (code, templates, scaffolds): an
    upgrade of Bảng vàng, or an edit of it, rebuilds."""
    try:
        version = metadata.version("bangvang")
    except metadata.PackageNotFoundError:
        version = "?"
    package = Path(__file__).parent.parent   # all of bangvang/, not only commands/
    digest = hashlib.sha256(version.encode())
    for path in walk(package):
        if "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{version} {digest.hexdigest()}"


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
    digest.update(f"bangvang={code_version()}".encode())
    for name in input_paths():
        path = root / name
        paths = walk(path) if path.is_dir() else [path] if path.is_file() else []
        for file in paths:
            if "__pycache__" not in file.parts:
                digest.update(file.relative_to(root).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def site(folder: Path) -> str:
    if not folder.is_dir():
        return "no site"
    digest = hashlib.sha256()
    for relative, entry in entries(folder):
        digest.update(f"{relative}:{entry.stat(follow_symlinks=False).st_size}\n".encode())
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

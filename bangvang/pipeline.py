"""The whole flow in one place: records on disk → checked Catalog → generated pages.

MkDocs (hooks/) calls `generate` before a build and `finish` after it; the CLI calls
`check`. Nothing here imports MkDocs, so another site engine can reuse it by replacing
only the glue.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .model import Catalog
from .pages import render_pages, write_output
from .problems import Problems
from .validate import build_catalog

BUILD_FOLDER = ".build/pages"   # generated Markdown, git-ignored


@dataclass
class Generated:
    catalog: Catalog | None
    problems: Problems
    folder: Path
    paths: list[str] = field(default_factory=list)     # docs-relative generated files
    index_pages: set[str] = field(default_factory=set)  # the ones that belong in the nav


def check(root: Path) -> tuple[Catalog | None, Problems]:
    return build_catalog(Path(root))


def generate(root: Path, today: dt.date | None = None) -> Generated:
    """Check every record; when all are valid, (re)write the generated pages."""
    root = Path(root)
    folder = root / BUILD_FOLDER
    catalog, problems = build_catalog(root)
    result = Generated(catalog, problems, folder)
    if catalog is None:
        return result
    output = render_pages(catalog, root, today)
    result.paths = write_output(output, folder)
    result.index_pages = output.index_pages
    return result

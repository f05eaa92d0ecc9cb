"""The whole flow in one place: records on disk → checked Catalog → generated pages.

MkDocs (hooks/) calls `generate` before a build; the CLI calls `check`. Nothing here imports
MkDocs, so another site engine can reuse it by replacing only the glue.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import permalinks
from .model import Catalog
from .pages import Output, render_pages, write_output
from .problems import Problems
from .validate import build_catalog

BUILD_FOLDER = ".build/pages"   # generated Markdown, git-ignored
CONTENT_FOLDER = "content"      # hand-written pages (MkDocs docs_dir)


@dataclass
class Generated:
    catalog: Catalog | None
    problems: Problems
    folder: Path
    output: Output | None = None
    urls: set[str] = field(default_factory=set)            # every page URL of the site
    redirects: dict[str, str] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)         # docs-relative generated files

    @property
    def index_pages(self) -> set[str]:
        return self.output.index_pages if self.output else set()


def check(root: Path, today: dt.date | None = None) -> Generated:
    """Everything a build checks, without writing anything."""
    root = Path(root)
    catalog, problems = build_catalog(root)
    result = Generated(catalog, problems, root / BUILD_FOLDER)
    if catalog is None:
        return result
    result.output = render_pages(catalog, root, today)
    generated = list(result.output.pages) + list(result.output.files)
    for path in generated:
        if (root / CONTENT_FOLDER / path).exists():
            problems.add(f"{CONTENT_FOLDER}/{path}", None, None, "trang viết tay này trùng địa "
                         "chỉ với một trang Bảng vàng tự tạo; hãy đổi tên hoặc xoá tệp này")
    if problems:
        return result
    result.urls = permalinks.site_urls(generated, root / CONTENT_FOLDER)
    result.redirects, link_problems = permalinks.check_links(root, result.urls)
    problems.items += link_problems.items
    return result


def generate(root: Path, today: dt.date | None = None) -> Generated:
    """Check everything; only when all is valid, (re)write the generated pages."""
    result = check(root, today)
    if not result.problems:
        result.paths = write_output(result.output, result.folder)
    return result

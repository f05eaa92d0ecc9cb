"""MkDocs glue: run the Bảng vàng core before the build and map its pages into the site.

Kept thin on purpose: all logic lives in the `bangvang` package, which knows nothing of
MkDocs, so the project can move to another engine by replacing only this file.
"""
from __future__ import annotations

import logging
import posixpath
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel

from bangvang import permalinks, pipeline, search

log = logging.getLogger("mkdocs.bangvang")
_state: dict = {}


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    result = pipeline.generate(_root(config))
    if result.problems:
        # Never start a build on invalid data; list every problem, no traceback.
        raise Abort("\n" + result.problems.report())
    _state["result"] = result
    school = result.catalog.school
    config.site_name = school.get("short_name") or school["name"]
    config.copyright = f"© {school['name']}"
    return config


def on_files(files: Files, config) -> Files:
    result = _state["result"]
    for path in result.paths:
        inclusion = (InclusionLevel.INCLUDED if path in result.index_pages
                     else InclusionLevel.NOT_IN_NAV)
        files.append(File.generated(config, path, abs_src_path=str(result.folder / path),
                                    inclusion=inclusion))
    return files


def on_post_build(config):
    site = Path(config.site_dir)
    result = _state["result"]
    for old, new in result.redirects.items():
        page = site / old.strip("/") / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        target = posixpath.relpath(new, old) + "/"
        page.write_text(permalinks.redirect_page(target), encoding="utf-8")
    try:  # Pagefind search index of the built site (bangvang/search.py)
        log.info(search.summary(search.build_index(site)))
    except search.SearchIndexError as error:
        raise Abort(f"Lỗi: {error}") from None


def on_serve(server, config, builder):
    # Live preview: rebuild when a record or a vocabulary changes, not only content/.
    root = _root(config)
    for folder in ("plans", "exemplars", "data"):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    return server

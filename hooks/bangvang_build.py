"""MkDocs glue for `bangvang build`: run MkDocs in this process on the result of the core
pass the command has already made, so the core runs once per build.

Loaded by bangvang/commands/cli.py from the project's hooks/ folder (like the hooks themselves), so
that the core never imports MkDocs.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from bangvang.commands import engine_messages
from bangvang import pipeline


class BuildFailed(Exception):
    """MkDocs stopped; the message (already Vietnamese where it comes from the core) says why."""


def _logging() -> None:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "bangvang", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.bangvang = True
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def build_site(root: Path, site_dir: Path, result: pipeline.Result) -> None:
    """`mkdocs build --strict` of `root` into `site_dir`, with the core's `result`."""
    _logging()
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        config[pipeline.GLUE_KEY] = result
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:
        raise BuildFailed(engine_messages.abort_message(str(error).strip())) from None

"""The generated pages of the test school, compared file by file with tests/snapshots/.

A change to a template or a page section shows here as the exact lines that changed, page by
page. When the change is intended, run `.venv/bin/python -m pytest tests/test_snapshot.py
--update-snapshots` and commit the new files with it (their diff is the review).
"""
from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

from bangvang import pipeline

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots" / "mini-school"
TODAY = dt.date(2025, 1, 15)   # the home page shows the current school year


def test_generated_pages_match_the_snapshot(project, request):
    result = pipeline.run(project, TODAY)
    assert not result.problems, result.problems.report()
    pages = {source: page.markdown() for source, page in result.output.pages.items()}
    if request.config.getoption("--update-snapshots"):
        shutil.rmtree(SNAPSHOTS, ignore_errors=True)
        for source, text in pages.items():
            (SNAPSHOTS / source).parent.mkdir(parents=True, exist_ok=True)
            (SNAPSHOTS / source).write_text(text, "utf-8", newline="\n")
    stored = {p.relative_to(SNAPSHOTS).as_posix(): p.read_text("utf-8")
              for p in SNAPSHOTS.rglob("*.md")}
    assert sorted(pages) == sorted(stored), "pages added or gone: run with --update-snapshots"
    changed = []
    for source in sorted(pages):
        if pages[source] != stored[source]:
            diff = difflib.unified_diff(stored[source].splitlines(), pages[source].splitlines(),
                                        f"snapshot/{source}", f"now/{source}", lineterm="", n=1)
            changed.append("\n".join(list(diff)[:40]))
    assert not changed, "\n\n".join(changed)

"""The project's own plan documents import as a careful reader would fill them in.

tests/importer/documents/ holds fictional plans in the shapes real ones take (see
docs/importer.md); expected/ holds what a person would write in the record. Every field
listed there must come out exactly (names compared folded), through the real command.
"""
from __future__ import annotations

import importlib.util
import json

import pytest

from conftest import IN_PROCESS, REPO, run_bangvang_in_process

_spec = importlib.util.spec_from_file_location("score_importer",
                                               REPO / "scripts" / "score_importer.py")
score_importer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_importer)

# documents/: written with the importer; holdout*/: written before running it, then fixed for.
CASES = score_importer.cases([str(REPO / "tests" / "importer" / folder)
                              for folder in ("holdout", "holdout2", "holdout3")])


def run_importer(document):
    """score_importer.run_importer (`bangvang import plan FILE --json` from the repository),
    in this process unless BANGVANG_TEST_SUBPROCESS=1."""
    if not IN_PROCESS:
        return score_importer.run_importer(document)
    result = run_bangvang_in_process(REPO, "import", "plan", str(document), "--json")
    try:
        return json.loads(result.stdout), ""
    except json.JSONDecodeError:
        lines = (result.stderr or result.stdout).strip().splitlines()
        return None, lines[-1] if lines else "no output"


@pytest.mark.parametrize("document, expected_path", CASES, ids=[d.stem for d, _ in CASES])
def test_document_imports_as_expected(document, expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    got, error = run_importer(document)
    assert got is not None, error
    score = score_importer.score_document(expected, got)
    # Notes the scorer prints but does not count (a unit one word longer) are not failures.
    assert [m for m in score.misses if "counted" not in m] == []


def test_there_is_a_document_for_every_shape():
    assert len(CASES) >= 23

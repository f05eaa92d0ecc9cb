"""The developers' record reference (docs/records.md) against the kind declarations (after
Datasette's test_docs.py): every declared field is documented, nothing undeclared is."""
from __future__ import annotations

import re

import pytest

from bangvang.records import kinds
from conftest import REPO

DOC = (REPO / "docs/records.md").read_text("utf-8")


def documented(kind: kinds.Kind) -> dict[str, str]:
    """{field: required column} of the table under the heading naming the kind's folder."""
    heading = re.search(rf"^## .*`{re.escape(kind.folder)}/<[^`]*`.*$", DOC, re.MULTILINE)
    assert heading, f"docs/records.md has no section for {kind.folder}/"
    section = DOC[heading.end():].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\w+) \| [^|]+ \| (yes|no|one of[^|]*|no \([^|]*\)) \|", section,
                      re.MULTILINE)
    return dict(rows)


@pytest.mark.parametrize("kind", [k for k in kinds.ALL_KINDS.values() if k.name != "honour_roll"],
                         ids=lambda k: k.name)
def test_every_field_of_a_kind_is_documented_and_nothing_else(kind):
    table = documented(kind)
    assert set(table) == set(kind.fields)
    for name, field in kind.fields.items():
        if field.required:
            assert table[name] == "yes", f"{kind.name}.{name} is required"


def test_the_honour_roll_example_uses_every_award_field():
    example = DOC.split("## Honour roll", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    keys = set(re.findall(r"^\s+(?:- |# )?(\w+):", example, re.MULTILINE))
    assert set(kinds.AWARD) <= keys | {"kind"}, set(kinds.AWARD) - keys

"""JSON Schema for each record kind, written by the kinds' own field declarations, for
editor completion (docs/editor.md)."""
from __future__ import annotations

import json
from pathlib import Path

from bangvang.records import kinds
from bangvang.records.data import VOCABULARY_FILE, load_data_file
from bangvang.records.fields import object_schema
from bangvang.problems import Problems
from bangvang.records.vocabulary import Vocabulary


def write_schemas(root: Path, out: Path) -> list[Path]:
    data = load_data_file(root, VOCABULARY_FILE, Problems()) or {}
    vocabulary = Vocabulary.from_data(data)
    folder = out if out.is_absolute() else root / out
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds.KINDS.values():
        document = {"$schema": "http://json-schema.org/draft-07/schema#",
                    "title": f"Bảng vàng: hồ sơ {kind.label}",
                    **object_schema(kind.fields, vocabulary)}
        path = folder / f"{kind.name}.schema.json"
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")
        written.append(path)
    return written

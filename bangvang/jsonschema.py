"""JSON Schema for each record kind, made from schema.py, for editor completion."""
from __future__ import annotations

import json
from pathlib import Path

from . import schema
from .schema import Field
from .validate import VOCABULARY_FILE, load_data_file
from .problems import Problems
from .vocabulary import Vocabulary

_SCALARS = {
    "text": {"type": ["string", "number"]},
    "date": {"type": "string", "pattern": r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})$"},
    "school_year": {"type": "string", "pattern": r"^\d{4}-\d{4}$"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "ref": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
    "any_mapping": {"type": "object"},
}


def field_schema(field: Field, vocabulary: Vocabulary) -> dict:
    if field.type in _SCALARS:
        result = dict(_SCALARS[field.type])
    elif field.type == "vocab":
        terms = vocabulary.lists[field.vocab].values()
        result = {"enum": [t.key for t in terms] + [t.label for t in terms]}
    elif field.type == "enum":
        result = {"enum": list(field.choices)}
    elif field.type == "list":
        result = {"type": "array", "items": field_schema(field.items, vocabulary)}
    else:  # mapping, text_or_mapping
        result = object_schema(field.fields, vocabulary)
        if field.type == "text_or_mapping":
            result = {"anyOf": [{"type": "string"}, result]}
    if field.help:
        result["description"] = field.help
    return result


def object_schema(fields: dict[str, Field], vocabulary: Vocabulary) -> dict:
    return {
        "type": "object",
        "properties": {name: field_schema(f, vocabulary) for name, f in fields.items()},
        "required": [name for name, f in fields.items() if f.required],
        "additionalProperties": False,
    }


def write_schemas(root: Path, out: Path) -> list[Path]:
    data = load_data_file(root, VOCABULARY_FILE, Problems()) or {}
    vocabulary = Vocabulary.from_data(data)
    folder = out if out.is_absolute() else root / out
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, fields in schema.KINDS.items():
        document = {"$schema": "http://json-schema.org/draft-07/schema#",
                    "title": f"Bảng vàng: hồ sơ {schema.KIND_LABELS[kind]}",
                    **object_schema(fields, vocabulary)}
        path = folder / f"{kind}.schema.json"
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")
        written.append(path)
    return written

"""`bangvang new`: a new record from a commented template, never over an existing file."""
from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from bangvang.records.kinds import BY_NEW_NAME
from bangvang.records.loader import ID_PATTERN
from bangvang.records.text import SCHOOL_YEAR, school_year_of, slugify

KINDS = BY_NEW_NAME   # `bangvang new` names → kind declarations


def create_record(root: Path, kind: str, record_id: str, today: dt.date | None = None) -> Path:
    declared = BY_NEW_NAME[kind]
    if declared.name == "honour_roll" and not SCHOOL_YEAR.match(record_id):
        raise ValueError(f"bảng vàng đặt tên theo năm học, ví dụ `bangvang new bang-vang "
                         f"{school_year_of(today or dt.date.today())}`")
    if not ID_PATTERN.match(record_id):
        raise ValueError(f"mã “{record_id}” chỉ được gồm chữ thường không dấu, số và dấu gạch "
                         f"ngang; ví dụ “{slugify(record_id) or 'nguyen-van-an'}”")
    path = root / declared.folder / f"{record_id}{declared.endings[0]}"
    if path.exists():
        raise ValueError(f"{path.relative_to(root).as_posix()} đã có; hãy chọn mã khác hoặc sửa "
                         "tệp đó")
    today = today or dt.date.today()
    text = resources.files("bangvang").joinpath("scaffolds", declared.scaffold).read_text("utf-8")
    text = text.format(today=today.isoformat(), school_year=school_year_of(today),
                       year=today.year, id=record_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.relative_to(root)

"""Problems found in records: file, line, field and a Vietnamese sentence saying what to do."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str          # path relative to the project root, with forward slashes
    line: int | None   # 1-based line in the file, when known
    field: str | None  # dotted field path, e.g. "awards[3].decision.date"
    message: str       # Vietnamese: what is wrong and how to fix it

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class Problems:
    """Collects every problem so a run can report them all at once."""
    items: list[Problem] = field(default_factory=list)
    # Warnings are printed but do not stop a build: something was accepted and cleaned
    # (a vertical tab pasted from Word) or looks doubtful without being wrong.
    warnings: list[Problem] = field(default_factory=list)

    def warn(self, file: str | Path, line: int | None, field_path: str | None, message: str) -> None:
        self.warnings.append(Problem(str(file).replace("\\", "/"), line, field_path, message))

    def warning_report(self) -> str:
        return "\n".join(f"Cảnh báo: {p}" for p in
                         sorted(self.warnings, key=lambda p: (p.file, p.line or 0)))

    def add(self, file: str | Path, line: int | None, field_path: str | None, message: str) -> None:
        self.items.append(Problem(str(file).replace("\\", "/"), line, field_path, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(sorted(self.items, key=lambda p: (p.file, p.line or 0)))

    def report(self) -> str:
        lines = [str(p) for p in self]
        lines.append(f"Có {len(self.items)} lỗi trong hồ sơ; hãy sửa rồi chạy lại. "
                     "Trang web chưa được tạo lại.")
        return "\n".join(lines)

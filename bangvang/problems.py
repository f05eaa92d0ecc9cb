"""Problems found in records: file, line, field and a Vietnamese sentence saying what to do."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


SHOWN_PER_GROUP = 5   # warnings of one group printed; the rest are counted (warning_report)


@dataclass(frozen=True)
class Problem:
    file: str          # path relative to the project root, with forward slashes
    line: int | None   # 1-based line in the file, when known
    field: str | None  # dotted field path, e.g. "awards[3].decision.date"
    message: str       # Vietnamese: what is wrong and how to fix it
    # A warning of a kind a real school has by the hundred (namesakes kept apart): what the
    # report calls them when it shows the first few and lists all in a file (Vietnamese).
    group: str | None = None

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

    def warn(self, file: str | Path, line: int | None, field_path: str | None, message: str,
             group: str | None = None) -> None:
        self.warnings.append(Problem(str(file).replace("\\", "/"), line, field_path, message,
                                     group))

    def warning_report(self, listing: Path | None = None) -> str:
        """Every warning, sorted by file and line; of a group with more than SHOWN_PER_GROUP
        (a school of 1,500 students has hundreds of namesakes), the first few and a line
        saying how many more there are and that `listing` (written here) holds them all,
        so that a build's other warnings are not lost among them."""
        ordered = sorted(self.warnings, key=lambda p: (p.file, p.line or 0))
        counts: dict[str, int] = {}
        for problem in ordered:
            if problem.group:
                counts[problem.group] = counts.get(problem.group, 0) + 1
        over = {g for g, n in counts.items() if n > SHOWN_PER_GROUP} if listing else set()
        lines, shown = [], dict.fromkeys(over, 0)
        for problem in ordered:
            if problem.group in over:
                shown[problem.group] += 1
                if shown[problem.group] > SHOWN_PER_GROUP:
                    continue
            lines.append(f"Cảnh báo: {problem}")
        if over:
            listing.parent.mkdir(parents=True, exist_ok=True)
            listing.write_text("".join(f"Cảnh báo: {p}\n" for p in ordered), "utf-8")
        elif listing is not None:
            listing.unlink(missing_ok=True)   # not an earlier run's list, read as this one's
        for group in sorted(over):
            lines.append(f"Cảnh báo: … và {counts[group] - SHOWN_PER_GROUP} cảnh báo khác cùng "
                         f"loại ({group}); đủ {counts[group]} cảnh báo này và mọi cảnh báo khác "
                         f"có trong tệp {listing}")
        return "\n".join(lines)

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

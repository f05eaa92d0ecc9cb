"""What `bangvang import awards` says: a Vietnamese summary, or the same as JSON."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from bangvang.records.vocabulary import Vocabulary

SHOWN_LIMIT = 15   # items listed one by one per table; more are counted


class Progress:
    """A text progress bar on stderr for long lists, only on a terminal."""

    WIDTH, MINIMUM = 24, 60

    def __init__(self, total: int, name: str, stream=None):
        self.stream = stream or sys.stderr
        self.total, self.name = total, name[:30]
        self.live = total >= self.MINIMUM and getattr(self.stream, "isatty", lambda: False)()
        self.shown = -1

    def step(self, done: int, total: int) -> None:
        filled = self.WIDTH * done // max(total, 1)
        if not self.live or filled == self.shown:
            return
        self.shown = filled
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        self.stream.write(f"\r{bar} {done}/{total} dòng · {self.name}")
        self.stream.flush()

    def finish(self) -> None:
        if self.live:
            self.stream.write(f"\r{'█' * self.WIDTH} {self.total}/{self.total} dòng · xong\n")
            self.stream.flush()


def _award_label(award: dict, vocabulary: Vocabulary) -> str:
    if award.get("title"):
        return vocabulary.label("titles", award["title"])
    return vocabulary.label("forms", award["form"])


def _who(item, vocabulary: Vocabulary) -> str:
    award = item.award
    if item.linked:
        return f"{item.name} (hồ sơ {item.linked})"
    role = vocabulary.label("roles", award.get("role")) if award.get("role") in \
        vocabulary.lists["roles"] else ""
    facts = ", ".join(x for x in (role, award.get("unit")) if x)
    return f"{item.name} ({facts})" if facts else item.name


def print_summary(batch, reports, failures) -> None:
    vocabulary = batch.vocabulary
    for report in reports:
        if not report.failed:
            _report(report, batch, vocabulary)
    for name, message in failures:
        print(f"✗ {name}: {message}", file=sys.stderr)
    added = sum(len(r.added) for r in reports)
    present = sum(len(r.present) for r in reports)
    unread = sum(len(r.rows.unread) for r in reports if not r.failed)
    verb = "Sẽ thêm" if batch.dry_run else "Đã thêm"
    print(f"\nTổng cộng: {verb.lower()} {added} khen thưởng, {present} đã có sẵn (không thêm lại), "
          f"{unread} dòng không đọc được" + (f", {len(failures)} tệp không nhập được" if failures
                                              else "") + ".")
    if batch.dry_run:
        print("Chạy thử (--dry-run): chưa ghi gì. Bỏ --dry-run để ghi.")
    for path in batch.written:
        kept = batch.kept.get(path)
        print(f"Đã ghi {path}" + (f" (bản cũ cất ở {kept})" if kept else ""))
    _print_check(batch)


def _target(batch, item) -> str:
    return batch.rolls[item.year].shown


def _report(report, batch, vocabulary: Vocabulary) -> None:
    table = report.table
    where = f" ({report.label})" if report.label else ""
    signer = f" của {report.issuer}" if report.issuer else ""
    decision = (f"Quyết định {table.number}" if table.number else
                "Quyết định: theo cột “Số quyết định” từng dòng")
    day = f" ngày {table.date}" if table.date else ""
    level = (f"cấp {vocabulary.label('levels', table.level)}" if table.level else
             "cấp khen theo cột “Cấp khen”")
    years = table.school_year or ", ".join(sorted({i.year for i in report.rows.items})) or "?"
    print(f"✓ {report.file}{where}: {decision}{day}{signer}, {level}, năm học {years}")
    if table.award:
        what = "Danh hiệu" if table.award[0] == "titles" else "Hình thức"
        print(f"  {what} chung: {vocabulary.label(table.award[0], table.award[1])}"
              + (" (theo dòng lệnh)" if table.forced else " (theo tiêu đề danh sách)"))
    verb = "sẽ thêm" if batch.dry_run else "thêm"
    for target in report.targets or [None]:
        added = [i for i in report.added if target is None or _target(batch, i) == target]
        present = [p for p in report.present if target is None or _target(batch, p[0]) == target]
        print(f"  → {target or 'bảng vàng'}: {verb} {len(added)}, đã có sẵn {len(present)} "
              "(không thêm lại)")
    for item in report.added[:SHOWN_LIMIT] if batch.dry_run else []:
        print(f"    + {item.where}: {_who(item, vocabulary)} — "
              f"{_award_label(item.award, vocabulary)}")
    if batch.dry_run and len(report.added) > SHOWN_LIMIT:
        print(f"    … và {len(report.added) - SHOWN_LIMIT} khen thưởng nữa")
    for item, there in report.present[:SHOWN_LIMIT]:
        print(f"    = {item.where}: {item.name} — {_award_label(item.award, vocabulary)}: đã có "
              f"({there} của {_target(batch, item)})")
    if len(report.present) > SHOWN_LIMIT:
        print(f"    … và {len(report.present) - SHOWN_LIMIT} khen thưởng đã có nữa")
    linked = [i for i in report.added if i.linked]
    if linked:
        print("  Nối với hồ sơ gương điển hình: "
              + "; ".join(f"{i.name} → {i.linked}" for i in linked[:SHOWN_LIMIT])
              + (" …" if len(linked) > SHOWN_LIMIT else ""))
    _columns(report)
    name = Path(report.file).name     # every row left out is named with its file: never silent
    for where, _, why in report.rows.unread:
        print(f"  ! {name}, {where[:1].lower()}{where[1:]}: {why}")
    for note in _notes(report):
        print(f"  ? {note}")


def _notes(report) -> list[str]:
    return list(dict.fromkeys([*(i.note for i in report.added if i.note), *report.notes]))


def _columns(report) -> None:
    columns = report.columns
    if columns.private:
        names = ", ".join(f"“{c}”" for c in columns.private)
        print(f"  Cột bỏ qua (thông tin riêng tư, không bao giờ ghi vào hồ sơ): {names}")
    if columns.ignored:
        names = ", ".join(f"“{c}”" for c in columns.ignored)
        print(f"  Cột bỏ qua (chương trình không dùng): {names}")
    if report.hidden:
        names = ", ".join(f"“{c}”" for c in report.hidden)
        print(f"  Trang ẩn không đọc: {names}")


def _print_check(batch) -> None:
    if batch.check is None:
        return
    if not batch.check:
        print("Đã kiểm tra: dự án hợp lệ, có thể chạy `bangvang build`.")
        return
    print(f"\nĐÃ GHI TỆP, NHƯNG DỰ ÁN CHƯA QUA KIỂM TRA: {len(batch.check)} lỗi. Trang web sẽ "
          "không được tạo lại cho đến khi sửa xong (chạy `bangvang check` để xem lại):",
          file=sys.stderr)
    for problem in batch.check:
        print(f"  {problem}", file=sys.stderr)


def _item_json(batch, item) -> dict:
    return {"row": item.row, "where": item.where, "recipient": item.award["recipient"],
            "name": item.name, "exemplar": item.linked,
            "award": {k: v for k, v in item.award.items() if k != "_crops"},
            "label": _award_label(item.award, batch.vocabulary), "target": _target(batch, item)}


def summary_json(batch, reports, failures) -> dict:
    tables = []
    for report in reports:
        if report.failed:
            continue
        table = report.table
        tables.append({
            "file": report.file, "table": report.label or None, "targets": report.targets,
            "decision": {"number": table.number, "date": table.date, "issuer": report.issuer},
            "level": table.level, "school_year": table.school_year,
            "shared_award": list(table.award) if table.award else None,
            "added": [_item_json(batch, i) for i in report.added],
            "already_present": [{**_item_json(batch, i), "present_at": there}
                                for i, there in report.present],
            "unread": [{"row": row, "where": where, "reason": why}
                       for where, row, why in report.rows.unread],
            "columns_ignored": report.columns.ignored,
            "private_columns_ignored": report.columns.private,
            "notes": _notes(report)})
    return {
        "dry_run": batch.dry_run, "tables": tables,
        "failed": [{"file": name, "message": message} for name, message in failures],
        "added": sum(len(t["added"]) for t in tables),
        "already_present": sum(len(t["already_present"]) for t in tables),
        "unread": sum(len(t["unread"]) for t in tables),
        "written": batch.written, "backups": batch.backups,
        "check": None if batch.check is None else {
            "ok": not batch.check, "problems": [str(p) for p in batch.check]},
    }


def print_json(batch, reports, failures) -> None:
    print(json.dumps(summary_json(batch, reports, failures), ensure_ascii=False, indent=1,
                     default=str))

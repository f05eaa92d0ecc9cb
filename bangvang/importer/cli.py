"""`bangvang import plan FILE…`: documents in, plan records out, a summary per file.

One bad file never stops the batch: its Vietnamese error names it and the others go on.
Nothing is overwritten unless --force, and then the old record is kept in backups/.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import sys
from pathlib import Path

from bangvang import pipeline
from bangvang.records.text import normalise_number, slugify
from .extract import FIELDS, extract
from .diacritics import restore_document
from .ocrdigits import field_warnings
from .reading import ImportFailure, read_lines
from .record import (campaign_record, front_matter, known_campaigns, link_campaigns, plan_id, render, shown_date)

REQUIRED = {"issued": "ngày ban hành", "issuer": "đơn vị ban hành", "title": "tên kế hoạch"}


def add_awards_parser(subparsers) -> None:
    """`bangvang import awards`: award lists (Excel, CSV, Word) → honour rolls."""
    from .awards import add_awards_parser as add
    add(subparsers)


def add_initiatives_parser(subparsers) -> None:
    """`bangvang import initiatives`: a council's list (Excel, CSV, Word) → initiatives/."""
    from .initiatives import add_initiatives_parser as add
    add(subparsers)


def add_entry_parser(subparsers) -> None:
    """`bangvang import entry`: a contest entry (Word, .txt) → exemplars/contest/."""
    from .entries import add_entry_parser as add
    add(subparsers)


def add_plan_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "plan", help="văn bản kế hoạch (.docx, .txt, .md, .pdf, ảnh quét .jpg/.png) → hồ sơ kế "
        "hoạch trong plans/",
        description="Chuyển văn bản kế hoạch (Word .docx, .txt, .md, PDF, bản quét hoặc ảnh chụp "
        ".jpg/.png) thành hồ sơ kế hoạch; hồ sơ nhập từ bản quét luôn là bản nháp. "
                    "Mỗi tệp cho một hồ sơ plans/<mã>.md; không bao giờ ghi đè hồ sơ đã có.")
    parser.add_argument("files", nargs="+", metavar="TỆP", help="một hay nhiều tệp văn bản")
    parser.add_argument("--out", default=None,
                        help="thư mục ghi hồ sơ (mặc định: plans/ của dự án)")
    parser.add_argument("--create-campaigns", action="store_true",
                        help="tạo hồ sơ phong trào (plans/campaigns/) cho phong trào chưa có")
    parser.add_argument("--json", action="store_true",
                        help="không ghi gì, in kết quả trích xuất dạng JSON")
    parser.add_argument("--force", action="store_true",
                        help="ghi đè hồ sơ đã có (bản cũ được cất vào backups/)")
    parser.add_argument("--root", default=".", help="thư mục dự án (mặc định: thư mục hiện tại)")
    parser.set_defaults(func=run_plan)


class Progress:
    """A progress bar on stderr for batches; plain lines when stderr is not a terminal."""

    WIDTH = 24

    def __init__(self, total: int, stream=None):
        # sys.stderr of the moment of the call, not of the import (a caller may redirect it).
        self.total, self.stream = total, stream or sys.stderr
        self.live = total > 1 and hasattr(stream, "isatty") and stream.isatty()

    def step(self, current: int, name: str) -> None:
        """Say that file number `current` (1-based) is being read."""
        if self.total <= 1:
            return
        if self.live:
            filled = round(self.WIDTH * (current - 1) / self.total)
            bar = "█" * filled + "░" * (self.WIDTH - filled)
            self.stream.write(f"\r{bar} {current}/{self.total} {Path(name).name[:40]:<40}\n")
        else:
            self.stream.write(f"[{current}/{self.total}] {name}\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.live:
            self.stream.write(f"{'█' * self.WIDTH} {self.total}/{self.total} xong\n")
            self.stream.flush()


def run_plan(args) -> int:
    root = Path(args.root)
    out = Path(args.out) if args.out else root / "plans"
    args.written = set()   # records written by this run: a second one with the same id is kept
    known = known_campaigns(root)
    progress = Progress(len(args.files))
    failed, written, created = 0, [], []
    for done, name in enumerate(args.files, 1):
        progress.step(done, name)
        try:
            result = import_one(Path(name), known, args, root, out)
        except ImportFailure as failure:
            print(f"✗ {name}: {failure}", file=sys.stderr)
            failed += 1
            continue
        except Exception as error:  # never a traceback for the person importing
            print(f"✗ {name}: lỗi không lường trước khi đọc tệp ({type(error).__name__}). Hãy "
                  "mở tệp bằng Word, Lưu thành (Save As) .docx hoặc .txt (UTF-8) rồi nhập lại; "
                  "nếu vẫn lỗi, gửi tệp cho người phụ trách Bảng vàng", file=sys.stderr)
            failed += 1
            continue
        if result is None:
            failed += 1
            continue
        path, new_campaigns = result
        if path is not None:
            written.append(path)
        created += new_campaigns
    progress.finish()
    if written:
        _check_written(root, written + created)
    if len(args.files) > 1 and not args.json:
        print(f"\nĐã nhập {len(written)}/{len(args.files)} tệp"
              + (f", tạo {len(created)} hồ sơ phong trào" if created else "")
              + (f"; {failed} tệp không nhập được (xem lỗi ở trên)" if failed else "") + ".")
    return 1 if failed else 0


def import_one(path: Path, known: dict[str, str], args, root: Path, out: Path):
    """(written record path or None for --json, created campaign paths), or None on refusal."""
    read = read_lines(path)
    conversion = getattr(read, "legacy", None)
    lines, restored = restore_document(read, root, path.name)
    values = extract(lines, known)
    # Text converted from TCVN3 / VNI: said in the summary; what the text alone decided is
    # also a warning to check.
    values["converted"] = conversion.notes() if conversion else []
    values["warnings"] += conversion.warnings() if conversion else []
    values["warnings"] += field_warnings(lines, values)    # digits read back from letters
    if restored:   # marks put back by the importer: a person reads them before publishing
        values["warnings"] += restored
        values["damaged"] = True
    campaign_ids, missing = link_campaigns(values["campaigns"], known)
    lacking = [label for field, label in REQUIRED.items() if not values.get(field)]
    # The importer's judgement (the --json answer): publishable once read, or not. The file is
    # written as a draft either way (below): nothing imported is published unread.
    status = "draft" if values["damaged"] or lacking else "published"
    if lacking and not values["damaged"]:
        values["warnings"].append(f"Thiếu {', '.join(lacking)}: hồ sơ để ở dạng bản nháp "
                                  "(status: draft); điền đủ rồi đổi thành published")
    record_id = plan_id(values)
    if args.json:
        shown = {field: values[field] for field in FIELDS}
        shown.update({"id": record_id, "status": status, "quality": values["quality"],
                      "campaign_ids": campaign_ids, "file": str(path),
                      "converted": values["converted"]})
        print(json.dumps(shown, ensure_ascii=False))
        return None, []
    target = out / f"{record_id}.md"
    if target in args.written or (target.exists() and not _same_document(target, values, path)):
        # Two documents with the same year and title (in this batch, or one imported before):
        # keep both, under distinct ids.
        number = 2
        while (out / f"{record_id}-{number}.md").exists():
            number += 1
        values["warnings"].append(f"Đã có một kế hoạch khác cũng mang mã “{record_id}” (cùng năm, "
                                  f"cùng trích yếu); hồ sơ này được đặt mã “{record_id}-{number}”. "
                                  "Hãy kiểm tra xem hai văn bản có phải là một kế hoạch không")
        record_id = f"{record_id}-{number}"
        target = out / f"{record_id}.md"
    if target.exists() and not args.force:
        print(f"✗ {path}: {_shown(target, root)} đã có, không ghi đè. Nếu muốn thay bằng bản "
              "nhập mới, chạy lại với --force (bản cũ được cất vào backups/)", file=sys.stderr)
        return None
    created: list[Path] = []
    if missing and args.create_campaigns:
        for name in missing:
            created_path, campaign_id = _create_campaign(root, name, values, record_id, known)
            campaign_ids.append(campaign_id)
            if created_path:
                created.append(created_path)
        missing = []
    if missing:
        names = "; ".join(f"“{name}”" for name in missing)
        values["warnings"].append(f"{len(missing)} phong trào chưa có hồ sơ trong "
                                  f"plans/campaigns/ nên chưa được liên kết: {names}. Chạy lại "
                                  "với --create-campaigns để tạo, hoặc tạo bằng `bangvang new "
                                  "phong-trao <mã>` rồi thêm mã vào `campaigns`")
    _save_crops(root, record_id, lines, values)
    kept = None
    if target.exists():
        kept = _backup(target, root)
    target.parent.mkdir(parents=True, exist_ok=True)
    status = "draft"
    data = front_matter(values, campaign_ids, status)
    target.write_text(render(data, values["body"], path.name), encoding="utf-8")
    args.written.add(target)
    _summary(path, target, root, values, campaign_ids, created, status, kept)
    return target, created


def _save_crops(root: Path, record_id: str, lines, values: dict) -> None:
    """A scan's doubtful lines saved as images beside the draft (scan-crops/plans/<id>/), the
    scan's warning rewritten to name each image."""
    from .scan import scan_warning
    from .scancrops import clear_crops, save_doubt_list, save_line_crops
    # The record is written again (--force): the images of its last reading go with it.
    clear_crops(root, "plans", record_id)
    images = getattr(lines, "images", None)
    if not images or not lines.doubts or not lines.warnings:
        return
    before = lines.warnings[0]
    save_line_crops(root, "plans", record_id, lines.doubts, images)
    save_doubt_list(root, "plans", record_id, lines.doubts, list(lines),
                    {"number": values.get("number"), "place": values.get("place"),
                     "issuer": values.get("issuer"), "issuer_parent": values.get("issuer_parent"),
                     "title": values.get("title"),
                     "signer.name": (values.get("signer") or {}).get("name")})
    after = scan_warning(lines.doubts, len(images))
    values["warnings"] = [after if w == before else w for w in values["warnings"]]


def _same_document(record: Path, values: dict, source: Path) -> bool:
    """Whether an existing record was imported from this document: the same number, or (no
    number on either) the same file name. Another document gets its own id, not --force."""
    try:
        text = record.read_text(encoding="utf-8-sig")[:4000]
    except (OSError, UnicodeDecodeError):
        return True   # unreadable: treat as the same, so it is never silently doubled
    found = re.search(r'^number:[ \t]*"?([^"\n]*?)"?[ \t]*$', text, re.MULTILINE)
    old_number = normalise_number(found.group(1)) if found and found.group(1) else ""
    new_number = normalise_number(values.get("number") or "")
    if old_number or new_number:
        return old_number == new_number
    named = re.search(r"Nhập từ “(.+?)”", text)
    return named is None or named.group(1) == source.name


def _backup(path: Path, root: Path) -> Path:
    """Copy an existing record to backups/ before --force replaces it, under a name no backup
    has yet: two --force runs within one second keep both old versions."""
    try:
        folder = path.parent.resolve().relative_to(Path(root).resolve())
    except ValueError:   # --out outside the project
        folder = Path(path.parent.name)
    target = Path(root) / "backups" / folder
    target.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    data = path.read_bytes()
    for number in itertools.count(1):
        suffix = "" if number == 1 else f"-{number}"
        kept = target / f"{path.stem}-{stamp}{suffix}{path.suffix}"
        try:
            with open(kept, "xb") as file:   # exclusive: an existing backup is never replaced
                file.write(data)
        except FileExistsError:
            continue
        return kept


def _create_campaign(root: Path, name: str, values: dict, plan_record_id: str,
                     known: dict[str, str]) -> tuple[Path | None, str]:
    words = slugify(name).split("-")[:8]
    base = "-".join(words) or "phong-trao"
    campaign_id, number = base, 1
    while (root / "plans" / "campaigns" / f"{campaign_id}.md").exists():
        # Names that begin alike ("Cán bộ, công chức, viên chức, người lao …") get their own
        # record: the first words of a long name do not make it the same campaign.
        number += 1
        campaign_id = f"{base}-{number}"
    path = root / "plans" / "campaigns" / f"{campaign_id}.md"
    kind = values["campaign_kinds"].get(name, "phong-trao")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(campaign_record(name, kind, values, plan_record_id), encoding="utf-8")
    known[name] = campaign_id
    return path, campaign_id


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _summary(source: Path, target: Path, root: Path, values: dict, campaign_ids: list[str],
             created: list[Path], status: str, kept: Path | None) -> None:
    state = "bản nháp, chưa công bố" if status == "draft" else "sẵn sàng công bố sau khi soát"
    print(f"✓ {source} → {_shown(target, root)} ({state})")
    facts = [f"số {values['number'] or '(trống)'}",
             f"ngày {shown_date(values['issued']) or '(trống)'}",
             f"{len(values['basis'])} căn cứ",
             f"{len(values['references'])} văn bản được nhắc đến",
             f"{len(values['campaigns'])} phong trào ({len(campaign_ids) - len(created)} đã có"
             + (f", {len(created)} mới tạo" if created else "") + ")",
             f"{len(values['targets'])} chỉ tiêu",
             f"{len(values['sections'])} mục"]
    print("  " + ", ".join(facts))
    for note in values.get("converted", []):
        if note not in values["warnings"]:      # those are printed below, with the others
            print(f"  Bảng mã: {note}")
    if kept:
        print(f"  Bản cũ được cất ở {_shown(kept, root)}")
    for path in created:
        print(f"  Đã tạo hồ sơ phong trào {_shown(path, root)}")
    for warning in values["warnings"]:
        print(f"  ! {warning}")
    if values["warnings"] and status == "draft":
        print(f"  Còn {len(values['warnings'])} ghi chú nên hồ sơ là bản nháp: soát từng ghi chú, "
              "sửa hồ sơ, xoá phần `warnings` rồi đổi `status: draft` thành `status: published`.")


def _check_written(root: Path, paths: list[Path]) -> None:
    """Check the whole project with the new records and say what concerns them."""
    if not (root / "data" / "vocabulary.yml").exists():
        return  # importing outside a Bảng vàng project: nothing to check against
    names = {_shown(p, root) for p in paths}
    outside = sorted(n for n in names if not n.startswith("plans/"))
    if outside:
        print(f"\nHồ sơ ghi ngoài thư mục plans/ của dự án chưa được kiểm tra ({outside[0]}…); "
              "hãy chép vào plans/ rồi chạy `bangvang check`.")
        return
    report_check(root, names)


def report_check(root: Path, names: set[str]) -> bool:
    """Check the whole project and say what concerns the records just written (`names`,
    project-relative); True when one of them has a problem. Shared by every importer."""
    result = pipeline.check(root)
    mine = [p for p in result.problems if p.file in names]
    if mine:
        print("\nHồ sơ vừa nhập còn lỗi (`bangvang check` sẽ báo); trang web chưa được tạo lại "
              "cho đến khi sửa xong:", file=sys.stderr)
        for problem in mine:
            print(f"  {problem}", file=sys.stderr)
    elif result.problems:
        print(f"\nHồ sơ vừa nhập hợp lệ; dự án còn {len(result.problems)} lỗi khác, chạy "
              "`bangvang check` để xem.")
    else:
        print("\nĐã kiểm tra: hồ sơ vừa nhập hợp lệ, có thể chạy `bangvang build`.")
    return bool(mine)

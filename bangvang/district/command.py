"""`bangvang district new` and `bangvang district build` (registered by commands/cli.py)."""
from __future__ import annotations

import sys
from pathlib import Path

from bangvang.commands.publish import PublishError, recover
from bangvang.district import samples
from bangvang.district.config import DISTRICT_FILE, SAMPLE
from bangvang.district.own import CAMPAIGNS, DECISIONS, NEWS
from bangvang.records.data import VOCABULARY_FILE

IGNORED = "site/\n.site-*\n.build/\n"


def add_parser(sub) -> None:
    parser = sub.add_parser("district", help="cổng thông tin của Phòng GDĐT: ghép trang web "
                            "Bảng vàng của các trường trong huyện")
    commands = parser.add_subparsers(dest="district_command", required=True, metavar="LỆNH")
    new = commands.add_parser("new", help="tạo dự án cổng thông tin mới (thư mục có "
                              "data/district.yml mẫu)")
    new.add_argument("folder", metavar="THƯ_MỤC", help="thư mục dự án mới, ví dụ pgd-binh-son")
    new.add_argument("--ten", default="Phòng Giáo dục và Đào tạo huyện Bình Sơn",
                     metavar="TÊN", help="tên đơn vị, ví dụ \"Phòng GDĐT huyện Bình Sơn\"")
    new.set_defaults(func=cmd_new)
    build = commands.add_parser("build", help="lấy dữ liệu mở của từng trường rồi tạo trang "
                                "web của Phòng trong site/ (dùng --root để chỉ thư mục dự án)")
    build.set_defaults(func=cmd_build)


def cmd_new(args) -> int:
    folder = Path(args.folder)
    if not folder.is_absolute() and args.root != ".":
        folder = Path(args.root) / folder
    target = folder / DISTRICT_FILE
    if target.exists():
        print(f"Lỗi: {target} đã có; không ghi đè. Hãy sửa tệp đó rồi chạy "
              f"`bangvang --root {folder} district build`.", file=sys.stderr)
        return 1
    name = " ".join(args.ten.split())
    short = name.replace("Phòng Giáo dục và Đào tạo", "Phòng GDĐT")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(SAMPLE.format(name=_yaml_text(name), short=_yaml_text(short)), "utf-8")
    examples = {".gitignore": IGNORED, VOCABULARY_FILE: samples.VOCABULARY,
                f"{DECISIONS}/2024-2025-giay-khen.yml": samples.DECISION,
                f"{NEWS}/2025-09-05-phat-dong-thi-dua.md": samples.NEWS,
                f"{CAMPAIGNS}/nguoi-tot-viec-tot.md": samples.CAMPAIGN}
    for relative, text in examples.items():
        if not (folder / relative).exists():     # a folder already in use keeps its files
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(text, "utf-8")
    print(f"Đã tạo {target}. Hãy ghi danh sách trường (mã trường, tên, cấp học, cụm, địa chỉ "
          f"trang web) vào tệp đó, rồi chạy: bangvang --root {folder} district build")
    print(f"Mẫu quyết định khen thưởng của Phòng: {folder / DECISIONS}/; mẫu phong trào: "
          f"{folder / CAMPAIGNS}/; mẫu tin bài: {folder / NEWS}/ (đều là bản nháp, chưa công "
          "bố).")
    return 0


def _yaml_text(text: str) -> str:
    """A one-line YAML string, quoted (a name may hold “:” or “#”)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cmd_build(args) -> int:
    from bangvang.district import build     # the build's modules load only when asked for
    root = Path(args.root).resolve()
    try:
        recover(root, build.SITE_FOLDER)
        report = build.build(root)
    except (PublishError, build.search.SearchError) as error:
        print(f"Lỗi: {error}. Trang web cũ vẫn giữ nguyên.", file=sys.stderr)
        return 1
    if report.problems.warnings:
        print(report.problems.warning_report(), file=sys.stderr)
    if report.problems:
        print(report.problems.report(), file=sys.stderr)
        return 1
    for line in build.summary(report):
        print(line)
    print(f"Đã đưa trang web mới của Phòng vào thư mục {build.SITE_FOLDER}/.")
    return 0

"""`bangvang`: the communications team's command (Vietnamese messages, no tracebacks)."""
from __future__ import annotations

import argparse
import errno
import gc
import importlib.util
import ipaddress
import os
import re
import sys
from pathlib import Path

from bangvang import caches
from bangvang.commands import certificates, publish, stamp
from bangvang.records import kinds
from bangvang.checking import leakgate, permalinks
from bangvang.exports import opendata
from bangvang import pipeline
from bangvang.problems import Problems
from bangvang.commands.scaffold import KINDS as NEW_KINDS, create_record
from bangvang.commands.jsonschema import write_schemas

EPILOG = """Ví dụ:
  bangvang check                      kiểm tra mọi hồ sơ
  bangvang build                      kiểm tra rồi tạo trang web trong thư mục site/
  bangvang serve                      xem trước tại http://127.0.0.1:8000, tự cập nhật khi sửa;
                                      soạn hồ sơ bằng biểu mẫu tại http://127.0.0.1:8000/admin/
  bangvang new guong nguyen-van-an    tạo hồ sơ gương điển hình từ mẫu
  bangvang import plan ke-hoach.docx  chuyển văn bản Word thành hồ sơ kế hoạch
  bangvang rename nguyen-van-an nguyen-van-an-7a2 --dry-run   xem trước việc đổi mã hồ sơ
"""


# argparse's own words, in Vietnamese: the team reads `bangvang --help` and its errors.
# argparse looks them up through gettext (`argparse._`), so they are given to it there.
ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tuỳ chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "còn thiếu: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "không có lựa chọn %(value)r (dùng một trong: %(choices)s)",
    "expected one argument": "cần một giá trị",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s":
        "tuỳ chọn %(option)s chưa rõ: có thể là %(matches)s",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ",
}
argparse._ = lambda text: ARGPARSE_VI.get(text, text)


def _utf8_console() -> None:
    # Windows consoles default to a legacy code page; Vietnamese must print correctly.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def cmd_check(args) -> int:
    result = pipeline.check(Path(args.root))
    catalog = result.catalog
    consent_line = result.consent_line
    _report(result)
    if result.problems:
        print(result.problems.report(), file=sys.stderr)
        return 1
    print(f"Hồ sơ hợp lệ: {counted(catalog)}.")
    if consent_line:
        print(consent_line)
    drafts = sorted(catalog.drafts)
    if drafts:   # imported records are drafts: nothing is published that nobody has read
        shown = ", ".join(drafts[:10]) + (f" và {len(drafts) - 10} tệp khác" if len(drafts) > 10
                                           else "")
        print(f"Bản nháp chờ soát (chưa công bố, xoá dòng `status: draft` để công bố): "
              f"{len(drafts)} — {shown}.")
    return 0


def counted(catalog) -> str:
    """"4 phong trào, 3 kế hoạch, … 4 tin bài": every kind of the registry, as it counts."""
    parts = []
    for kind in kinds.registry():
        records = catalog.records(kind.name)
        if kind.count:
            items = sum(len(getattr(r, kind.items)) for r in records) if kind.items else None
            parts.append(kind.count.format(n=len(records), items=items))
    return ", ".join(parts)


def _site_folder(root: Path) -> str:
    """`site_dir` of mkdocs.yml (read as text: the file has Material's !!python tags)."""
    try:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return "site"
    match = re.search(r"""^site_dir:[ \t]*["']?([^"'#\r\n]+?)["']?[ \t]*(#.*)?$""", text,
                      re.MULTILINE)
    return match.group(1) if match else "site"


def _glue(root: Path, name: str = "bangvang_build"):
    """The project's MkDocs glue for building (hooks/bangvang_build.py) or previewing
    (hooks/bangvang_serve.py): only hooks/ imports MkDocs, and it is loaded, like MkDocs
    loads hooks, from the project's own folder."""
    path = root / "hooks" / f"{name}.py"
    if not path.is_file():
        raise MissingGlue(f"Lỗi: thiếu tệp hooks/{name}.py của dự án. Hãy chép lại thư mục hooks/ "
                          "từ bản Bảng vàng mới nhất vào thư mục dự án rồi chạy lại lệnh.")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class MissingGlue(Exception):
    """A project folder without the glue file a command needs (message in Vietnamese)."""




def _report(result) -> None:
    if result.problems.warnings:
        listing = result.folder.parent / pipeline.WARNINGS_FILE
        print(result.problems.warning_report(listing), file=sys.stderr)


def cmd_build(args) -> int:
    """One pass of the core, then MkDocs in this process into a staging folder that replaces
    site/ only when everything has succeeded (publish.py)."""
    root = Path(args.root).resolve()
    folder = _site_folder(root)
    try:
        # A build killed while replacing site/ left the previous site beside it: put it back
        # first, whatever happens next.
        publish.recover(root, folder)
    except publish.PublishError as error:
        print(f"Lỗi: {error}.", file=sys.stderr)
        return 1
    if not args.force and stamp.current(root, root / folder):
        print(f"Không có gì thay đổi từ lần tạo trước: trang web trong {folder}/ đã mới nhất. "
              "(Muốn tạo lại: `bangvang build --force`.)")
        return 0
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    result = _core_pass(root, folder)
    if result is None:
        return 1
    try:
        glue = _glue(root)
    except MissingGlue as error:
        print(error, file=sys.stderr)
        return 1
    failed = _publish(root, folder, glue, result)
    if failed is not None:
        return failed
    _record_published(root, result)
    stamp.write(root, root / folder)
    print(f"Đã đưa trang web mới vào thư mục {folder}/.")
    return 0


def _core_pass(root: Path, folder: str):
    """The core's pass of a build (pipeline.generate), its warnings and problems said; None
    when the site cannot be built."""
    try:
        result = pipeline.generate(root)
    except OSError as error:
        # The generated pages (.build/) come first; only a full disk is explained here.
        if publish.disk_full(error) is None:
            raise
        print(f"Lỗi: {publish.disk_full_message(root, error, folder)}.\n"
              "Trang web cũ vẫn giữ nguyên.", file=sys.stderr)
        return None
    _report(result)
    if result.problems:
        print(result.problems.report(), file=sys.stderr)
        return None
    pipeline.release(result)
    return result


def _publish(root: Path, folder: str, glue, result) -> int | None:
    """MkDocs into a staging folder swapped in as site/ (publish.py); the exit code when it
    failed, None when the new site is in place."""
    try:
        publish.publish(root, lambda staging: _build_and_gate(glue, root, staging, result),
                        folder)
    except leakgate.LeakFound as leak:
        print(f"{leak}\nTrang web cũ vẫn giữ nguyên.", file=sys.stderr)
        return 1
    except glue.BuildFailed as failed:
        print(f"{failed}\nTrang web cũ vẫn giữ nguyên.", file=sys.stderr)
        return 1
    except publish.PublishError as error:
        print(f"Lỗi: {error}.", file=sys.stderr)
        if error.site_kept:
            print("Trang web cũ vẫn giữ nguyên.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng. Trang web cũ vẫn giữ nguyên.", file=sys.stderr)
        return 130
    return None


def _record_published(root: Path, result) -> None:
    """Only a finished, strict build publishes URLs and data names that must then live
    forever: those of the build that produced the site."""
    added = permalinks.record_published(root, result.urls)
    if added:
        print(f"Đã ghi thêm {added} địa chỉ mới vào {permalinks.PUBLISHED_FILE} (danh sách "
              "địa chỉ đã công bố, giữ cùng hồ sơ; đừng xoá tệp này).")
    data_added = opendata.record_published(root, set(result.output.files))
    if data_added:
        print(f"Đã ghi thêm {data_added} tên tệp, tên cột dữ liệu mở mới vào "
              f"{opendata.PUBLISHED_FILE} (giữ cùng hồ sơ; đừng xoá tệp này).")


def _build_and_gate(glue, root: Path, staging: Path, result) -> None:
    """MkDocs into the staging folder, then the last gate over every file written there
    (leakgate.py): a hidden name anywhere stops the swap."""
    glue.build_site(root, staging, result)
    hidden = result.catalog.checked.hidden
    pipeline.written(result)
    online = frozenset(permalinks.read_published(root, Problems()))
    print(leakgate.check_site(staging, hidden, online,
                              root / leakgate.VERDICTS), file=sys.stderr)


def cmd_serve(args) -> int:
    """Live preview, in this process (hooks/bangvang_serve.py): after an edit of a record's
    text its page shows first, then the whole pass follows; the search index is rebuilt in
    the background after the pages are served (the hooks know the preview from MkDocs'
    `on_startup("serve")`). The preview is not strict: `bangvang build` is."""
    root = Path(args.root).resolve()
    try:
        host, port, loopback = _serve_address(args.addr)
    except ValueError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 1
    if not loopback and not args.lan:
        print(_LAN_REFUSED.format(addr=args.addr), file=sys.stderr)
        return 1
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    here = _browser_url(host, port)
    print(f"Xem trước: {here}  —  soạn hồ sơ bằng biểu mẫu: {here}admin/\n"
          "Bản nháp hiện trong bản xem trước (có dòng «Bản nháp — chưa công bố»); khi hồ sơ có "
          "lỗi, trang hiện danh sách lỗi và tự trở lại khi sửa xong. Dừng: Ctrl+C.")
    if not loopback:
        editing = _LAN_EDITOR if host in ("0.0.0.0", "::") else _LAN_NO_EDITOR
        print(_LAN_WARNING.format(addr=args.addr) + editing.format(here=here, port=port),
              file=sys.stderr)
    try:
        glue = _glue(root, "bangvang_serve")
        _glue(root)._logging()
    except MissingGlue as error:
        print(error, file=sys.stderr)
        return 1
    try:
        # A record error does not stop the preview: its pages list the problems (preview.py).
        return glue.serve(root, args.addr)
    except KeyboardInterrupt:
        return 0
    except glue.CannotListen as failed:
        print(_listen_problem(failed.error, host, port, args.lan), file=sys.stderr)
        return 1


# What `serve` on another address than this computer's own would show: the preview is made
# for the team's own screen (drafts, the problem list with names and private notes).
_LAN_REFUSED = (
    "Lỗi: {addr} không chỉ là địa chỉ riêng của máy này. Mở ở đó, mọi máy trong cùng mạng "
    "(ví dụ Wi-Fi của trường) đều xem được bản xem trước: cả bản nháp chưa công bố, danh sách "
    "lỗi của hồ sơ (có thể có họ tên, ghi chú riêng) và thấy trang /admin/ của trình soạn hồ "
    "sơ — trình soạn này có thể ghi tệp vào dự án (Bảng vàng chỉ cho chính máy này dùng nó).\n"
    "Chỉ xem trên máy này: bangvang serve (địa chỉ 127.0.0.1:8000).\n"
    "Nếu thật sự muốn cho máy khác trong mạng xem, hãy thêm --lan: "
    "bangvang serve --addr {addr} --lan")
_LAN_WARNING = (
    "Cảnh báo (--lan): bản xem trước mở cho mọi máy trong mạng tại {addr}. Ai cùng mạng cũng "
    "xem được bản nháp chưa công bố và danh sách lỗi của hồ sơ (có thể có họ tên, ghi chú "
    "riêng). Xem xong hãy dừng ngay: Ctrl+C.\n")
# The editor answers only connections from this computer's loopback address (editor.py).
_LAN_EDITOR = ("Trình soạn hồ sơ (có thể ghi tệp) vẫn chỉ dùng được trên chính máy này, tại "
               "{here}admin/; máy khác mở /admin/ sẽ bị từ chối.")
_LAN_NO_EDITOR = ("Trình soạn hồ sơ /admin/ không dùng được qua địa chỉ này (nó chỉ trả lời "
                  "chính máy này qua 127.0.0.1); muốn vừa soạn vừa cho máy khác xem, hãy dùng "
                  "--addr 0.0.0.0:{port} --lan.")


def _serve_address(addr: str) -> tuple[str, int, bool]:
    """(host, port, whether only this computer can connect) of `--addr`; ValueError with a
    Vietnamese reason when it is not IP:PORT (MkDocs' own check would end in a traceback)."""
    host, colon, port_text = addr.rpartition(":")
    example = "ví dụ 127.0.0.1:8000"
    if not colon or not host:
        raise ValueError(f"địa chỉ “{addr}” phải có dạng IP:CỔNG, {example}")
    if not port_text.isascii() or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"cổng “{port_text}” trong “{addr}” phải là một số từ 1 đến 65535, "
                         f"{example}")
    if host == "localhost":
        return host, int(port_text), True
    try:
        ip = ipaddress.ip_address(host[1:-1] if host.startswith("[") and host.endswith("]")
                                  else host)
    except ValueError:
        raise ValueError(f"“{host}” trong “{addr}” không phải địa chỉ IP; hãy dùng {example}, "
                         "hoặc 0.0.0.0:8000 --lan để máy khác trong mạng xem") from None
    mapped = getattr(ip, "ipv4_mapped", None)
    return str(ip), int(port_text), ip.is_loopback or bool(mapped and mapped.is_loopback)


def _browser_url(host: str, port: int) -> str:
    """The address to open on this computer (the editor answers only 127.0.0.1/localhost)."""
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _listen_problem(error: OSError, host: str, port: int, lan: bool) -> str:
    other = f"bangvang serve --addr {'[' + host + ']' if ':' in host else host}:" \
        f"{port + 1 if port < 65535 else 8001}{' --lan' if lan else ''}"
    if error.errno == errno.EADDRINUSE:
        return (f"Lỗi: cổng {port} đang được một chương trình khác dùng (có thể là một "
                f"`bangvang serve` khác vẫn đang chạy). Hãy dừng chương trình đó, hoặc chọn cổng "
                f"khác, ví dụ: {other}")
    if isinstance(error, PermissionError):
        return (f"Lỗi: máy này không cho dùng cổng {port} (cổng dưới 1024 cần quyền quản trị, "
                f"hoặc bị chặn). Hãy chọn cổng khác, ví dụ: {other}")
    return (f"Lỗi: không mở được bản xem trước tại {host}:{port} ({error.strerror or error}); "
            "máy này có thể không có địa chỉ đó. Hãy dùng địa chỉ mặc định: bangvang serve "
            "(127.0.0.1:8000)")


def cmd_new(args) -> int:
    try:
        path = create_record(Path(args.root), args.kind, args.id)
    except ValueError as error:
        print(f"Không tạo được hồ sơ: {error}", file=sys.stderr)
        return 1
    print(f"Đã tạo {path}. Hãy mở tệp, điền thông tin rồi chạy `bangvang check`.")
    return 0


def cmd_rename(args) -> int:
    from bangvang.checking import rename
    root = Path(args.root)
    try:
        plan = rename.plan_rename(root, args.old, args.new, args.kind)
        if not args.dry_run:
            rename.apply(root, plan)
    except (rename.RenameError, OSError) as error:
        print(f"Không đổi được mã: {error}", file=sys.stderr)
        return 1
    print(rename.report(plan, args.dry_run))
    if args.dry_run:
        return 0
    print("Kiểm tra lại sau khi đổi:")
    return cmd_check(args)


def cmd_schema(args) -> int:
    written = write_schemas(Path(args.root), Path(args.out))
    print(f"Đã ghi {len(written)} tệp JSON Schema vào {args.out}/ (xem docs/editor.md để dùng "
          "với VS Code).")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bangvang", description="Bảng vàng: tạo trang tin thi đua, khen thưởng từ hồ sơ.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=".", help="thư mục dự án (mặc định: thư mục hiện tại)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    sub.add_parser("check", help="kiểm tra mọi hồ sơ, liệt kê mọi lỗi").set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="kiểm tra rồi tạo trang web (site/)")
    build.add_argument("--force", action="store_true",
                       help="tạo lại cả khi hồ sơ không thay đổi từ lần tạo trước")
    build.set_defaults(func=cmd_build)
    serve = sub.add_parser("serve", help="xem trước, tự cập nhật khi sửa hồ sơ; soạn hồ sơ bằng "
                           "biểu mẫu tại /admin/")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="địa chỉ IP:CỔNG (mặc định "
                       "127.0.0.1:8000, chỉ máy này xem được)")
    serve.add_argument("--lan", action="store_true",
                       help="cho phép địa chỉ khác 127.0.0.1, ví dụ --addr 0.0.0.0:8000 --lan: "
                       "mọi máy trong cùng mạng xem được cả bản nháp và danh sách lỗi")
    serve.set_defaults(func=cmd_serve)
    new = sub.add_parser("new", help="tạo hồ sơ mới từ mẫu")
    new.add_argument("kind", metavar="LOẠI", choices=sorted(NEW_KINDS),
                     help="loại hồ sơ: " + ", ".join(sorted(NEW_KINDS)))
    new.add_argument("id", metavar="MÃ", help="mã hồ sơ = tên tệp, chữ thường không dấu, ví dụ nguyen-van-an")
    new.set_defaults(func=cmd_new)
    rename = sub.add_parser("rename", help="đổi mã (tên tệp) một hồ sơ, sửa mọi chỗ dẫn tới nó "
                            "và giữ địa chỉ cũ bằng chuyển hướng")
    rename.add_argument("old", metavar="MÃ", help="mã hiện tại, ví dụ nguyen-van-an")
    rename.add_argument("new", metavar="MÃ_MỚI", help="mã mới, ví dụ nguyen-van-an-7a2")
    rename.add_argument("--loai", dest="kind", choices=sorted(kinds.KINDS), metavar="LOẠI",
                        help="loại hồ sơ khi hai loại có cùng mã: " + ", ".join(sorted(kinds.KINDS)))
    rename.add_argument("--dry-run", action="store_true",
                        help="chỉ in những gì sẽ đổi, không ghi gì")
    rename.set_defaults(func=cmd_rename)
    schema = sub.add_parser("schema", help="ghi JSON Schema cho trình soạn thảo (VS Code)")
    schema.add_argument("--out", default="schemas", help="thư mục ghi (mặc định schemas)")
    schema.set_defaults(func=cmd_schema)
    certificates.add_parser(sub)  # giay-khen
    from bangvang.commands import consent_slips
    consent_slips.add_parser(sub)  # phieu-dong-y
    from bangvang.district import command as district_command
    district_command.add_parser(sub)  # district new / build
    from bangvang.commands import proposals
    proposals.add_parser(sub)  # ho-so-de-nghi
    from bangvang.commands import sovang
    sovang.add_parser(sub)  # so-vang
    from bangvang.commands import editor_install
    editor_install.add_parser(sub)  # cai-trinh-soan
    imports = sub.add_parser("import", help="nhập văn bản (Word, .txt) thành hồ sơ, ví dụ "
                             "`bangvang import plan ke-hoach.docx`", add_help=False)
    imports.add_argument("rest", nargs=argparse.REMAINDER)
    imports.set_defaults(func=cmd_import)
    return parser


def cmd_import(args) -> int:
    # The importer (python-docx, lxml) loads only when asked for: `check` stays quick.
    from bangvang.importer import cli as import_cli
    parser = argparse.ArgumentParser(prog="bangvang import",
                                     description="Nhập văn bản thành hồ sơ Bảng vàng.")
    import_sub = parser.add_subparsers(dest="import_kind", required=True, metavar="LOẠI")
    import_cli.add_plan_parser(import_sub)
    import_cli.add_awards_parser(import_sub)
    import_cli.add_entry_parser(import_sub)
    import_cli.add_initiatives_parser(import_sub)
    import_args = parser.parse_args(args.rest)
    if getattr(import_args, "root", None) in (None, ".") and args.root != ".":
        import_args.root = args.root
    return import_args.func(import_args)


# Python's cyclic garbage collector (thresholds 700, 10, 10) walks every live object each
# time the oldest generation has grown by a quarter. A build's Catalog, pages and caches are
# hundreds of thousands of objects that live to the end of the command, so at 6,000 records
# it walked them 14 times in a cold build: 6.2 s of its 87 s of CPU, and about 2 s of each
# 7 s core pass of the preview. Young objects are collected less often and the full walk
# nearly never: 1.6 s in the same cold build, with the same peak memory (700 MB). The
# preview collects once it has been quiet after a pass (hooks/bangvang_serve.py): its Catalog
# holds reference cycles (Jinja's environment), so the last pass's is freed only by a collection.
GC_THRESHOLDS = (20_000, 20, 20)


def main(argv: list[str] | None = None) -> int:
    _utf8_console()
    gc.set_threshold(*GC_THRESHOLDS)
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if args.command == "import":
        args.rest = unknown + args.rest    # `bangvang import --help` is the importer's help
    elif unknown:
        parser.parse_args(argv)            # the usual error message, and exit
    try:
        with caches.temporary_files_inside(Path(args.root)):
            return args.func(args)
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

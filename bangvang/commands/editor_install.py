"""`bangvang cai-trinh-soan`: installs the /admin/ editor's bundle (Decap CMS, version and SHA-512
pinned here) into the virtual environment, with or without Node.js.

The bundle is the `dist/` folder of the `decap-cms` package of the npm registry. With npm on
the machine (developers, CI) the tarball is fetched by `npm pack`, npm's own client; without it
(a school's Windows computer: the launcher Xem-truoc.bat runs this) it is downloaded over HTTPS
from the same registry address npm uses. Either way the tarball must match the pinned SHA-512
before anything is unpacked, only `package/dist/` is unpacked (regular files, no link, no path
outside), and the folder appears whole or not at all. `--tep` installs a tarball already
downloaded (a computer without internet: bring the .tgz on a USB stick).
"""
from __future__ import annotations

import base64
import fnmatch
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from bangvang.commands.editor_config import DECAP_VERSION, decap_folder

# `npm view decap-cms@3.16.3 dist.integrity` (sha512, base64) as hex: the tarball's checksum.
DECAP_SHA512 = ("85ff9d3e50a1ed32665a5f3ee954731d839686b8b9c605249eb65b0dec1a59ee2cf41ef127c3"
                "d0ba0a7640779295d3142b36afebecf4a08a7051885424362d63")
REGISTRY_URL = "https://registry.npmjs.org/decap-cms/-/decap-cms-{version}.tgz"
MAX_TARBALL = 64 * 1024 * 1024      # 3.16.3's is 14 MB
# Not needed by the page (source maps, the second copy of the bundle and its lazy chunks).
SKIPPED = ("*.map", "[0-9]*.cms.js", "cms.js")
TARBALL = f"decap-cms-{DECAP_VERSION}.tgz"


class InstallProblem(Exception):
    """A Vietnamese sentence: why the editor was not installed and what to do."""


def _fetch_with_npm(folder: Path) -> Path:
    result = subprocess.run(["npm", "pack", "--silent", "--pack-destination", str(folder),
                             f"decap-cms@{DECAP_VERSION}"], capture_output=True, text=True)
    tarball = folder / TARBALL
    if result.returncode != 0 or not tarball.is_file():
        raise InstallProblem("npm không tải được decap-cms@" + DECAP_VERSION + ": "
                             + (result.stderr.strip().splitlines() or ["không rõ lý do"])[-1])
    return tarball


def _download(url: str, folder: Path) -> Path:
    tarball = folder / TARBALL
    try:
        with urllib.request.urlopen(url, timeout=60) as answer, open(tarball, "wb") as out:
            size = 0
            while chunk := answer.read(1 << 20):
                size += len(chunk)
                if size > MAX_TARBALL:
                    raise InstallProblem(f"tệp tải về từ {url} lớn bất thường; đã dừng")
                out.write(chunk)
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise InstallProblem(f"không tải được {url} ({reason}). Hãy kiểm tra kết nối mạng "
                             "rồi chạy lại; bản xem trước vẫn dùng được khi chưa có trình "
                             "soạn thảo") from None
    return tarball


def _verified(tarball: Path, expected: str) -> None:
    digest = hashlib.sha512()
    with open(tarball, "rb") as data:
        for chunk in iter(lambda: data.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != expected:
        raise InstallProblem(f"tệp {tarball.name} không đúng bản đã kiểm (mã SHA-512 khác): "
                             "không cài. Hãy tải lại; nếu vẫn khác, đừng dùng tệp đó")


def _unpack(tarball: Path, target: Path) -> int:
    """`package/dist/` of the tarball into `target`, flat names kept; the count of files."""
    count = 0
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive.getmembers():
            name = member.name.removeprefix("./")
            if not name.startswith("package/dist/") or not member.isfile():
                continue
            relative = name[len("package/dist/"):]
            parts = relative.split("/")
            if any(part in ("", ".", "..") for part in parts) or relative.startswith("/"):
                raise InstallProblem(f"tệp {tarball.name} có đường dẫn lạ ({name}): không cài")
            if any(fnmatch.fnmatch(parts[-1], pattern) for pattern in SKIPPED):
                continue
            destination = target.joinpath(*parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(destination, "wb") as out:
                shutil.copyfileobj(source, out)
            count += 1
    if not (target / "decap-cms.js").is_file():
        raise InstallProblem(f"tệp {tarball.name} không có decap-cms.js: không cài")
    return count


def install(target: Path | None = None, tarball: Path | None = None,
            url: str | None = None, expected: str = DECAP_SHA512,
            use_npm: bool | None = None) -> tuple[Path, str]:
    """Install the bundle into `target` (default: decap_folder()); (folder, how). Nothing is
    done when it is there already. InstallProblem when it cannot be done."""
    target = Path(target or decap_folder())
    if (target / "decap-cms.js").is_file():
        return target, "đã có"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".decap-", dir=target.parent) as work:
        work = Path(work)
        if tarball is not None:
            how, source = f"từ tệp {tarball}", Path(tarball)
        elif use_npm if use_npm is not None else shutil.which("npm"):
            how, source = "bằng npm", _fetch_with_npm(work)
        else:
            address = url or REGISTRY_URL.format(version=DECAP_VERSION)
            how, source = f"tải từ {address}", _download(address, work)
        _verified(source, expected)
        part = work / "dist"
        part.mkdir()
        _unpack(source, part)
        if (target / "decap-cms.js").is_file():     # installed meanwhile by another run
            return target, "đã có"
        if target.exists():
            shutil.rmtree(target)                   # an earlier, incomplete folder
        os.replace(part, target)
    return target, how


def integrity_to_hex(integrity: str) -> str:
    """npm's `sha512-<base64>` as the hex digest kept above (for a version bump)."""
    return base64.b64decode(integrity.removeprefix("sha512-")).hex()


def cmd_install(args) -> int:
    try:
        folder, how = install(tarball=Path(args.tep) if args.tep else None)
    except InstallProblem as problem:
        print(f"Chưa cài được trình soạn hồ sơ (Decap CMS {DECAP_VERSION}): {problem}.",
              file=sys.stderr)
        return 1
    if how == "đã có":
        print(f"Trình soạn hồ sơ (Decap CMS {DECAP_VERSION}) đã có sẵn.")
    else:
        print(f"Đã cài trình soạn hồ sơ (Decap CMS {DECAP_VERSION}, {how}) vào {folder}.")
    return 0


def open_when_ready(url: str, timeout: float = 300, opener=None) -> bool:
    """Open `url` in the browser once the preview answers there (its first build takes a
    while); False when it never does. Run by the launcher Xem-truoc.bat beside `serve`."""
    import time
    import webbrowser
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                break
        except urllib.error.HTTPError:
            break                   # it answers (the page itself says what is wrong)
        except OSError:
            time.sleep(1)
    else:
        return False
    (opener or webbrowser.open)(url)
    return True


def add_parser(sub) -> None:
    """`bangvang cai-trinh-soan`, registered by cli.build_parser."""
    parser = sub.add_parser("cai-trinh-soan", help="cài trình soạn hồ sơ bằng biểu mẫu (/admin/ "
                            "của bản xem trước); không cần Node.js")
    parser.add_argument("--tep", metavar="TỆP", help=f"cài từ tệp {TARBALL} đã tải sẵn (máy "
                        "không có mạng)")
    parser.set_defaults(func=cmd_install)



if __name__ == "__main__":     # python -m bangvang.commands.editor_install --mo URL
    if len(sys.argv) == 3 and sys.argv[1] == "--mo":
        sys.exit(0 if open_when_ready(sys.argv[2]) else 1)
    sys.exit(2)

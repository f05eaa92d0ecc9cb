"""Publishing a build: the public site/ folder changes only when a build has finished.

`publish(root, build)` gives `build` a new, empty folder beside site/
(`.site-new-<pid>-<random>`), and only when `build(staging)` returns normally puts it in
place of site/. Whatever goes wrong before that — an exception, Ctrl-C, SIGTERM, a closed
terminal — the staging folder is removed and site/ is left exactly as it was. How the site is
built (MkDocs in a subprocess or in this process) is the caller's business.

Putting in place: on Linux one renameat2(RENAME_EXCHANGE) swaps the two folders atomically,
so site/ never goes missing, not even for a moment. Elsewhere (Windows, macOS, file systems
without it) two renames: site → `.site-old-<pid>-<random>`, staging → site. A process killed
between the two leaves no site/ but the old one beside it; the next publish (or `recover`)
renames it back before anything else. Leftover `.site-new-*` / `.site-old-*` folders of
processes that no longer run are removed at the start of every publish, so none pile up.

Windows refuses to rename or remove a folder while a file inside it is open (an Explorer
window, an antivirus scan): renames and removals are retried a few times with a short pause,
then a PublishError says to close the window and run again.

A full disk (or a used-up quota) anywhere during `build` ends as DiskFull, a PublishError
that names the folder that could not be written and how much the previous site took, as a
guide to the space a new one needs.

Only one publish at a time per site folder: `.site-build.lock` is locked by the operating
system (flock, or msvcrt.locking on Windows) and holds the pid of the build for the message.
The lock dies with its process, so the lock of a killed build is simply taken over.
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import signal
import stat
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

RETRIES = 6          # attempts at a rename or removal that Windows refuses (file open elsewhere)
RETRY_PAUSE = 0.2    # seconds before the second attempt, growing by as much each time
# Signals that stop a build the way Ctrl-C does (those the platform has).
STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")
_LOCK_OFFSET = 4096  # Windows locks this byte, past the pid, so the pid stays readable


class PublishError(Exception):
    """The site could not be put in place; the message is Vietnamese and says what to do.

    `site_kept` is False only when the previous site is, for now, beside site/ rather than in
    it (the next run puts it back)."""

    def __init__(self, message: str, site_kept: bool = True):
        super().__init__(message)
        self.site_kept = site_kept


# errno values of "no space left": the disk is full, or the user's quota is used up.
DISK_FULL = frozenset(n for n in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if n)


class DiskFull(PublishError):
    """The disk filled up while building; the previous site is untouched."""


def disk_full(error: BaseException) -> OSError | None:
    """The full-disk OSError behind `error`, if any: MkDocs and the glue may wrap it (a
    plugin error, or BuildFailed raised from the MkDocs exception)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OSError) and error.errno in DISK_FULL:
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def disk_full_message(root: Path, error: OSError, site_folder: str = "site") -> str:
    """Which folder could not be written, the space left there and the size of the previous
    site (a new one needs about as much, while the previous one is kept until the swap)."""
    places = _Places(Path(root), site_folder)
    named = isinstance(error.filename, (str, bytes, os.PathLike)) and error.filename
    folder = Path(os.path.abspath(os.fsdecode(error.filename))).parent if named else places.base
    if any(places.is_leftover(part) for part in folder.parts):
        folder = places.base   # the staging folder is gone: name where the site is built
    quota = " (hoặc đã dùng hết hạn mức dung lượng)" if error.errno != errno.ENOSPC else ""
    message = f"ổ đĩa chứa thư mục “{folder}” đã đầy{quota} nên không tạo xong trang web mới"
    try:
        message += f"; trên ổ đó còn trống {_size_text(shutil.disk_usage(places.base).free)}"
    except OSError:
        pass
    previous = _tree_size(places.site)
    if previous:
        message += (f". Trang web trước (“{places.site.name}/”) chiếm khoảng "
                    f"{_size_text(previous)}: cần trống thêm ít nhất chừng ấy, cộng một ít dự "
                    "phòng")
    return (f"{message}. Hãy xoá bớt tệp không cần trên ổ đó (thùng rác, tệp tải về, bản sao "
            "lưu cũ) rồi chạy lại `bangvang build`")


def _tree_size(path: Path) -> int:
    """Bytes of the files under `path` (links not followed); 0 when there is none."""
    total = 0
    for folder, _dirs, names in os.walk(path):
        for name in names:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                continue
    return total


def _size_text(size: int) -> str:
    """1536 → "1,5 KB": Vietnamese decimal comma."""
    for unit, scale in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if size >= scale:
            number = f"{size / scale:.1f}".removesuffix(".0").replace(".", ",")
            return f"{number} {unit}"
    return f"{size} byte"


class _CutShort(BaseException):
    """A signal stopped the removal of the previous site after the swap (left for next run)."""


def publish(root: Path, build: Callable[[Path], None], site_folder: str = "site") -> None:
    """Build into a new folder beside site/ and put it in place only when `build(staging)`
    returned normally.

    Any exception from `build` (KeyboardInterrupt and SystemExit too; SIGTERM and SIGHUP are
    turned into KeyboardInterrupt while this runs) removes the staging folder and is re-raised,
    site/ untouched. Once `build` has returned, a signal no longer cancels: the new site is
    put in place and publish returns normally. Raises PublishError when another build of the
    same site is running or the folders cannot be renamed, DiskFull when the disk filled up
    during `build`."""
    places = _Places(Path(root), site_folder)
    with _Interrupts() as interrupts, _locked(places):
        _tidy(places)
        staging = places.fresh("new")
        try:
            staging.mkdir()
        except OSError as error:
            raise PublishError(f"không tạo được thư mục tạm “{staging.name}” trong "
                               f"“{places.base}” ({_reason(error)})") from None
        try:
            build(staging)
            interrupts.mode = "defer"   # finished: from here on the build is put in place
            if not staging.is_dir() or not any(staging.iterdir()):
                raise PublishError("bản dựng mới không có tệp nào nên không được đưa lên")
            _swap(places, staging, interrupts)
        except BaseException as error:
            interrupts.mode = "defer"   # a second Ctrl-C does not stop the cleanup
            _remove(staging)
            full = disk_full(error)
            if full is not None:
                raise DiskFull(disk_full_message(root, full, site_folder)) from None
            raise


def published_folder(staging: Path) -> Path | None:
    """The site folder a staging folder of `publish` will replace (`.site-new-…` → `site`),
    when it is there: the previous build, whose unchanged pages a build may keep."""
    match = re.match(r"\.(.+)-new-\d+-[0-9a-f]+\Z", staging.name)
    if match is None:
        return None
    site = staging.parent / match.group(1)
    return site if site.is_dir() else None


def recover(root: Path, site_folder: str = "site") -> None:
    """Put back the previous site if a build was killed while replacing it, and remove the
    leftover folders of builds that no longer run. Raises PublishError when another build of
    the same site is running."""
    places = _Places(Path(root), site_folder)
    with _locked(places):
        _tidy(places)


# --- Where things are ---------------------------------------------------------------------

class _Places:
    def __init__(self, root: Path, site_folder: str):
        root = Path(os.path.abspath(root))
        site = root / site_folder
        if site.is_symlink():   # site/ linked to the web server's folder: replace the target
            site = Path(os.path.realpath(site))
        site = Path(os.path.abspath(site))
        if site == root or root.is_relative_to(site) or not site.name:
            raise PublishError(f"thư mục trang web “{site_folder}” không được là thư mục dự án "
                               "hay thư mục chứa nó; hãy đặt site_dir là một thư mục con, "
                               "ví dụ site")
        self.site = site
        self.base = site.parent
        self.lock = self.base / f".{site.name}-build.lock"
        self._pattern = re.compile(rf"\.{re.escape(site.name)}-(new|old)-(\d+)-[0-9a-f]+\Z")

    def fresh(self, what: str) -> Path:
        return self.base / f".{self.site.name}-{what}-{os.getpid()}-{secrets.token_hex(4)}"

    def is_leftover(self, name: str) -> bool:
        return self._pattern.match(name) is not None

    def leftovers(self) -> Iterator[tuple[str, int, Path]]:
        """(new|old, pid, path) of every staging or previous-site folder beside the site."""
        try:
            entries = list(os.scandir(self.base))
        except OSError:
            return
        for entry in entries:
            match = self._pattern.match(entry.name)
            if match and entry.is_dir(follow_symlinks=False):
                yield match.group(1), int(match.group(2)), Path(entry.path)


def _tidy(places: _Places) -> None:
    """With the lock held: restore a site left beside site/ by a killed build, then remove
    the folders of builds that no longer run."""
    leftovers = [item for item in places.leftovers()
                 if item[1] == os.getpid() or not _alive(item[1])]
    if not os.path.lexists(places.site):
        olds = [path for what, _pid, path in leftovers if what == "old"]
        if olds:
            newest = max(olds, key=lambda path: path.stat().st_mtime)
            _rename(newest, places.site, "khôi phục trang web cũ", site_kept=False)
            leftovers = [item for item in leftovers if item[2] != newest]
    for _what, _pid, path in leftovers:
        _remove(path, attempts=1)   # still there? the next run tries again


def _swap(places: _Places, staging: Path, interrupts: _Interrupts) -> None:
    site = places.site
    if _exchange(staging, site):
        old = staging               # now holds the previous site
    else:
        old = None
        if os.path.lexists(site):
            old = places.fresh("old")
            _rename(site, old, "thay trang web cũ bằng bản mới")
        try:
            _rename(staging, site, "đưa trang web mới vào chỗ")
        except PublishError:
            if old is not None:
                try:
                    _rename(old, site, "khôi phục trang web cũ")
                except PublishError as error:
                    raise PublishError(str(error), site_kept=False) from None
            raise
    if old is not None:
        # The new site is in place. Removing the previous one can take a while; a signal cuts
        # it short (the next run removes the rest) instead of being ignored.
        try:
            interrupts.mode = "cut"
            _remove(old)
            interrupts.mode = "defer"
        except _CutShort:
            pass


# --- File system, patiently ---------------------------------------------------------------

def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return ("một chương trình khác đang mở tệp trong đó — cửa sổ thư mục, trình duyệt, "
                "trình diệt virus — hoặc không có quyền ghi")
    if error.errno in DISK_FULL:
        return "ổ đĩa đã đầy"
    return f"lỗi hệ thống: {error.strerror or error}"


def _rename(source: Path, target: Path, doing: str, site_kept: bool = True) -> None:
    for attempt in range(1, RETRIES + 1):
        try:
            os.replace(source, target)
            return
        except PermissionError as error:   # Windows: a file inside is open; wait a little
            if attempt == RETRIES:
                failure = error
                break
            time.sleep(RETRY_PAUSE * attempt)
        except OSError as error:
            failure = error
            break
    hint = ("Hãy đóng các cửa sổ thư mục và chương trình đang mở tệp trong thư mục trang web "
            "rồi chạy lại lệnh" if isinstance(failure, PermissionError) else "Hãy chạy lại lệnh")
    if not site_kept:
        hint += "; lần chạy sau sẽ khôi phục trang web cũ"
    raise PublishError(f"không {doing} được: “{source.name}” → “{target.name}” trong "
                       f"“{target.parent}” ({_reason(failure)}). {hint}", site_kept=site_kept)


def _remove(path: Path, attempts: int = RETRIES) -> bool:
    """Remove a folder (or file); False when it is still there after `attempts` tries."""
    def writable_then_retry(function, name, _error):
        try:   # Windows will not remove read-only files
            os.chmod(name, stat.S_IWRITE | stat.S_IREAD)
            function(name)
        except OSError:
            pass
    handler = {"onexc" if sys.version_info >= (3, 12) else "onerror": writable_then_retry}
    for attempt in range(1, attempts + 1):
        if not os.path.lexists(path):
            return True
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, **handler)
            else:
                os.unlink(path)
        except OSError:
            pass
        if not os.path.lexists(path):
            return True
        if attempt < attempts:
            time.sleep(RETRY_PAUSE * attempt)
    return False


def _exchange(first: Path, second: Path) -> bool:
    """Linux: swap two folders in one atomic step; False where that is not available."""
    if not sys.platform.startswith("linux") or not second.is_dir() or second.is_symlink():
        return False
    try:
        import ctypes
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (ImportError, OSError, AttributeError):
        return False
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    return function(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second),
                    rename_exchange) == 0


# --- One build at a time ------------------------------------------------------------------

@contextlib.contextmanager
def _locked(places: _Places) -> Iterator[None]:
    path = places.lock
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        except OSError as error:
            raise PublishError(f"không tạo được tệp khoá “{path.name}” trong “{path.parent}” "
                               f"({_reason(error)})") from None
        if not _try_lock(fd):
            holder = _read_pid(fd)
            os.close(fd)
            who = f" (tiến trình số {holder})" if holder else ""
            raise PublishError(f"một lần tạo trang web khác đang chạy trong dự án này{who}. "
                               "Hãy đợi lần đó xong rồi chạy lại lệnh")
        try:   # the file may have been removed by a build that just finished: lock afresh
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except OSError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    except OSError:
        pass   # the pid is only for the message
    try:
        yield
    finally:
        # POSIX: unlink while still holding the lock; Windows cannot remove an open file.
        if os.name != "nt":
            _unlink(path)
        else:
            _unlock_windows(fd)
        os.close(fd)
        if os.name == "nt":
            _unlink(path)


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _try_lock(fd: int) -> bool:
    if os.name == "nt":
        import msvcrt
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    except OSError:   # a file system without locks (some network drives): trust the pid
        holder = _read_pid(fd)
        return holder is None or not _alive(holder)


def _unlock_windows(fd: int) -> None:
    import msvcrt
    try:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    except OSError:
        pass


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 64).decode("ascii", "replace").strip()
        return int(text.split()[0]) if text else None
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    """Whether a process with this pid runs (conservative: True when unsure)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    if os.name == "nt":
        # os.kill(pid, 0) would terminate the process on Windows: ask the kernel instead.
        import ctypes
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel32.OpenProcess(0x1000, False, pid)   # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5             # access denied: it exists
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259                        # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:   # PermissionError: another user's process
        return True
    return True


# --- Signals ------------------------------------------------------------------------------

class _Interrupts:
    """While publishing, SIGTERM, SIGHUP (and Ctrl-Break) stop the build as Ctrl-C does.

    mode "raise": KeyboardInterrupt (during the build); "defer": noted and ignored (swap,
    cleanup); "cut": stops the removal of the previous site. Signals that were ignored before
    (nohup) stay ignored; outside the main thread nothing is installed."""

    def __init__(self):
        self.mode = "raise"
        self.pending: int | None = None
        self._saved: dict[int, object] = {}

    def __enter__(self) -> _Interrupts:
        if threading.current_thread() is not threading.main_thread():
            return self
        for name in STOP_SIGNALS:
            number = getattr(signal, name, None)
            if number is None:
                continue
            try:
                previous = signal.getsignal(number)
                if previous == signal.SIG_IGN:
                    continue
                signal.signal(number, self._handle)
            except (ValueError, OSError):
                continue
            self._saved[number] = signal.SIG_DFL if previous is None else previous
        return self

    def __exit__(self, *_exc) -> None:
        for number, previous in self._saved.items():
            try:
                signal.signal(number, previous)
            except (ValueError, OSError, TypeError):
                pass

    def _handle(self, number, _frame) -> None:
        if self.mode == "raise":
            raise KeyboardInterrupt
        self.pending = number
        if self.mode == "cut":
            self.mode = "defer"
            raise _CutShort

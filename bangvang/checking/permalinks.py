"""Permanent links: once a URL is published it keeps working.

District reviewers put our URLs into their reports. `data/published-urls.txt` (checked in)
lists every URL the site has published, news posts included; a build fails when one of them
would disappear without an entry in `data/redirects.yml`, and each redirect becomes a small
HTML page (exports.py). Both files are read like records: a bad line gets a message.
"""
from __future__ import annotations

import re
from pathlib import Path

from bangvang.records.data import load_data_file
from bangvang.records.loader import read_project_text
from bangvang.problems import Problems
from bangvang.pages.urls import clean, url_for

PUBLISHED_FILE = "data/published-urls.txt"
REDIRECTS_FILE = "data/redirects.yml"
URL_PATH = re.compile(r"^/([a-z0-9]+([._-][a-z0-9]+)*/)*$")
# Folders of the site that hold files, not pages: a redirect may not be written there.
RESERVED = ("assets/", "pagefind/", "anh/", "search/", "stylesheets/", "javascripts/")
PEOPLE_FOLDER = "/" + url_for("people")   # person pages (people.py), named after the person
HEADER = ("# Địa chỉ đã công bố: không xoá dòng nào. Bảng vàng tự thêm địa chỉ mới sau mỗi lần "
          "build.\n")


def read_published(root: Path, problems: Problems) -> frozenset[str]:
    """The addresses published before. One build asks four times (renames suggested on
    evidence, the privacy scan's withholding, the permanence check, the list's update): the
    file is read and parsed once per version of it (its stat), and its problems are given to
    every caller, who reports them or not."""
    path = Path(root) / PUBLISHED_FILE
    try:
        info = path.lstat()
    except FileNotFoundError:
        return frozenset()
    except OSError:
        info = None   # read_project_text says what is wrong with it
    key = (str(path), info and (info.st_mtime_ns, info.st_size, info.st_ino))
    if info is None or _read.get(key[0], (None,))[0] != key[1]:
        found = Problems()
        _read[key[0]] = (key[1], _parse_published(root, found), found)
    _, published, found = _read[key[0]]
    problems.items.extend(found.items)
    problems.warnings.extend(found.warnings)
    return published


_read: dict[str, tuple] = {}   # read_published's memo: path → (stat, addresses, problems)


def _parse_published(root: Path, problems: Problems) -> frozenset[str]:
    text = read_project_text(root, PUBLISHED_FILE, problems)
    published = set()
    for number, line in enumerate((text or "").split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        url = clean(line)
        if not URL_PATH.match(url):
            problems.add(PUBLISHED_FILE, number, None, f"“{line.strip()[:80]}” không phải địa chỉ "
                         "trang (dạng /guong-dien-hinh/ma-ho-so/); hãy sửa lại dòng này")
            continue
        published.add(url)
    return frozenset(published)


def read_redirects(root: Path, problems: Problems) -> dict[str, str]:
    data = load_data_file(root, REDIRECTS_FILE, problems, required=False)
    redirects = {}
    for old, new in (data or {}).items():
        line = data.line_of(old)
        if not isinstance(new, str):
            problems.add(REDIRECTS_FILE, line, str(old), "mỗi dòng có dạng "
                         "`/dia-chi-cu/: /dia-chi-moi/`")
            continue
        old_url, new_url = clean(str(old)), clean(new)
        for url in (old_url, new_url):
            if not URL_PATH.match(url):
                problems.add(REDIRECTS_FILE, line, str(old), f"“{url[:80]}” không phải địa chỉ "
                             "trang trong trang web (chữ thường không dấu, số, gạch ngang, không "
                             "có ..); hãy sửa lại")
                break
        else:
            if old_url.lstrip("/").startswith(RESERVED) or old_url == "/":
                problems.add(REDIRECTS_FILE, line, str(old), f"“{old_url}” là thư mục tệp của "
                             "trang web, không phải trang cũ; hãy xoá dòng này")
                continue
            redirects[old_url] = new_url
    return redirects


def check_links(root: Path, current: set[str], files: set[str], problems: Problems,
                withheld: set[str] = frozenset()) -> tuple[dict[str, str], set[str]]:
    """(redirects to write, withheld URLs to answer with a "not published" page); a problem
    for every other published URL that would vanish and for every redirect that would
    overwrite a page or a file of the site (`files`: site paths). `withheld`: URLs of records
    and news posts that are still there but may no longer be shown (consent lowered, back to
    draft)."""
    redirects = read_redirects(root, problems)
    for old, new in sorted(redirects.items()):
        if new not in current:
            problems.add(REDIRECTS_FILE, None, old, f"chuyển hướng tới “{new}” nhưng trang đó "
                         "không có trên trang web; hãy sửa địa chỉ mới")
        if old in current:
            problems.add(REDIRECTS_FILE, None, old, "địa chỉ cũ này vẫn còn trang; hãy xoá dòng "
                         "chuyển hướng")
        elif old.strip("/") in files or old.lstrip("/") + "index.html" in files:
            problems.add(REDIRECTS_FILE, None, old, "địa chỉ cũ này trùng với một tệp của trang "
                         "web; hãy xoá dòng chuyển hướng")
    published = read_published(root, problems)
    gone = published - current - set(redirects)
    # Consent withdrawn (or a person page whose person may no longer be named): the address
    # keeps answering, with nothing of the person, and the build goes on.
    tombstones = {url for url in gone if url in withheld or url.startswith(PEOPLE_FOLDER)}
    for url in sorted(tombstones):
        problems.warn(PUBLISHED_FILE, None, None, f"trang “{url}” đã công bố nay không còn được "
                      "công bố (mức đồng ý công bố đã hạ, hoặc hồ sơ, tin bài thành bản nháp): địa "
                      "chỉ này "
                      "sẽ hiện trang báo “nội dung không còn được công bố”. Nếu chỉ là đổi tên, "
                      f"hãy thêm vào {REDIRECTS_FILE} một dòng `{url}: /dia-chi-moi/`")
    for url in sorted(gone - tombstones):
        problems.add(PUBLISHED_FILE, None, None, f"trang “{url}” đã được công bố (có thể đang "
                     "được dẫn trong báo cáo) nhưng lần này không còn. " +
                     _renamed(url, current, published) +
                     "Hãy khôi phục hồ sơ, hoặc "
                     f"thêm vào {REDIRECTS_FILE} một dòng `{url}: /dia-chi-moi/` để chuyển người "
                     "đọc sang trang khác")
    return {old: new for old, new in redirects.items() if old not in current}, tombstones


def _renamed(url: str, current: set[str], published: set[str]) -> str:
    """The `bangvang rename` to run when a new page (never published) of the same folder has a
    similar address; a page already published under its own address is another record."""
    from bangvang.checking.rename import vanished_url_hint   # rename reads this module's files
    return vanished_url_hint(url, current, published)


def record_published(root: Path, current: set[str]) -> int:
    """Add the URLs published by this build to the list; returns how many are new."""
    published = read_published(root, Problems())
    new = current - published
    if new:
        path = Path(root) / PUBLISHED_FILE
        path.write_text(HEADER + "".join(f"{url}\n" for url in sorted(published | new)), "utf-8")
    return len(new)

"""Permanent links: once a URL is published it keeps working.

District reviewers put our URLs into their reports. `data/published-urls.txt` (checked in)
lists every URL the site has published; a build fails when one of them would disappear
without an entry in `data/redirects.yml`, and each redirect becomes a small HTML page that
sends the visitor on.
"""
from __future__ import annotations

import html
from pathlib import Path

from .problems import Problems
from .yamlload import LineDict, YamlProblem, load_yaml
from .encoding import EncodingProblem, read_text

PUBLISHED_FILE = "data/published-urls.txt"
REDIRECTS_FILE = "data/redirects.yml"


def page_url(path: str) -> str:
    """Docs-relative Markdown path → the URL MkDocs gives it: "a/b.md" → "/a/b/"."""
    stem = path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return "/" + stem[:-5]
    return f"/{stem}/"


def site_urls(generated: list[str], content: Path) -> set[str]:
    """URLs of generated and hand-written pages; news URLs belong to the blog plugin."""
    paths = [p for p in generated if p.endswith(".md")]
    paths += [f.relative_to(content).as_posix() for f in content.rglob("*.md")]
    return {page_url(p) for p in paths if not p.startswith("tin-tuc/")}


def read_published(root: Path) -> set[str]:
    path = root / PUBLISHED_FILE
    if not path.is_file():
        return set()
    return {_clean(line) for line in path.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def read_redirects(root: Path, problems: Problems) -> dict[str, str]:
    path = root / REDIRECTS_FILE
    if not path.is_file():
        return {}
    try:
        data = load_yaml(read_text(path))
    except (EncodingProblem, YamlProblem) as error:
        problems.add(REDIRECTS_FILE, getattr(error, "line", None), None, str(error))
        return {}
    if data is None:
        return {}
    if not isinstance(data, LineDict):
        problems.add(REDIRECTS_FILE, 1, None, "mỗi dòng có dạng `/dia-chi-cu/: /dia-chi-moi/`")
        return {}
    return {_clean(str(old)): _clean(str(new)) for old, new in data.items()}


def _clean(url: str) -> str:
    """Any spelling of a site URL → "/path/" (leading and trailing slash)."""
    url = url.strip().strip("/")
    return f"/{url}/" if url else "/"


def check_links(root: Path, current: set[str]) -> tuple[dict[str, str], Problems]:
    """Redirects to write, and a problem for every published URL that would vanish."""
    problems = Problems()
    redirects = read_redirects(root, problems)
    for old, new in sorted(redirects.items()):
        if new not in current:
            problems.add(REDIRECTS_FILE, None, old, f"chuyển hướng tới “{new}” nhưng trang đó "
                         "không có trên trang web; hãy sửa địa chỉ mới")
        if old in current:
            problems.add(REDIRECTS_FILE, None, old, "địa chỉ cũ này vẫn còn trang; hãy xoá dòng "
                         "chuyển hướng")
    for url in sorted(read_published(root) - current - set(redirects)):
        problems.add(PUBLISHED_FILE, None, None, f"trang “{url}” đã được công bố (có thể đang "
                     "được dẫn trong báo cáo) nhưng lần này không còn. Hãy khôi phục hồ sơ, hoặc "
                     f"thêm vào {REDIRECTS_FILE} một dòng `{url}: /dia-chi-moi/` để chuyển người "
                     "đọc sang trang khác")
    return redirects, problems


def record_published(root: Path, current: set[str]) -> int:
    """Add the URLs published by this build to the list; returns how many are new."""
    published = read_published(root)
    new = current - published
    if new:
        path = root / PUBLISHED_FILE
        header = ("# Địa chỉ đã công bố: không xoá dòng nào. Bảng vàng tự thêm địa chỉ mới sau "
                  "mỗi lần build.\n")
        path.write_text(header + "".join(f"{url}\n" for url in sorted(published | new)), "utf-8")
    return len(new)


def redirect_page(target_url: str) -> str:
    """A page that sends the visitor on: works without JavaScript, tells search engines too."""
    target = html.escape(target_url)
    return (f'<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
            f'<title>Trang đã chuyển</title><link rel="canonical" href="{target}">'
            f'<meta name="robots" content="noindex">'
            f'<meta http-equiv="refresh" content="0; url={target}"></head>'
            f'<body><p>Trang này đã chuyển tới <a href="{target}">{target}</a>.</p></body></html>\n')

"""The exports stage: files of the site that are not pages, made from the same Catalog.

Photos (re-encoded, metadata removed: images.py) and redirect pages today; open data,
feeds and share images plug in here, as functions `Catalog → {site path: bytes}`, so they can
only publish what the Catalog holds. `write_site_files` is the only writer into the site
folder: every path is built from validated ids, checked to stay inside the folder, and may
not overwrite a file MkDocs wrote (a page or an asset).
"""
from __future__ import annotations

import html
import os
import posixpath
import re
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from bangvang.pages import urls
from bangvang.records.model import Catalog
from bangvang.problems import Problems
from bangvang.records.text import slugify

_SITE_PATH = re.compile(r"^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$")
IMAGE_CACHE = ".build/images"


class ExportError(Exception):
    """A file could not be written where it must go; Vietnamese message."""


def export_photos(catalog: Catalog, root: Path, problems: Problems) -> tuple[dict, dict]:
    """({exemplar id: site path of its photo}, {site path: bytes}) for photos consent allows."""
    from bangvang.exports.images import ImageProblem, publish_photo
    paths, files = {}, {}
    for exemplar in catalog.exemplars.values():
        if not exemplar.person.photo:
            continue
        try:
            image = publish_photo(root, exemplar.person.photo, root / IMAGE_CACHE)
        except ImageProblem as problem:
            problems.add(exemplar.file, None, "photo", str(problem))
            continue
        stem, ending = image.name.rsplit(".", 1)
        path = urls.photo_url(f"{slugify(stem) or exemplar.id}.{ending.lower()}")
        thumb = urls.photo_url(f"{slugify(stem) or exemplar.id}-nho.{ending.lower()}")
        if path in files or thumb in files:
            problems.add(exemplar.file, None, "photo", f"ảnh “{exemplar.person.photo}” trùng tên "
                         f"xuất bản ({path}) với ảnh của một hồ sơ khác; hãy đổi tên một tệp ảnh")
            continue
        files[path], files[thumb] = image.data, image.thumb
        paths[exemplar.id] = path
    return paths, files


def export_open_data(catalog: Catalog, published, site_url: str = "", checks: dict | None = None):
    """Open data at /du-lieu/ (opendata.py): every kind as CSV and JSON, whole and per school
    year, with its Data Package. Returns the DataSet: its files and the figures its page shows."""
    from bangvang.exports.opendata import build
    return build(catalog, published, site_url, checks)


def export_redirects(redirects: dict[str, str]) -> dict[str, bytes]:
    """A small page at each old URL that sends the reader to the new one."""
    files = {}
    for old, new in redirects.items():
        old_path, new_path = old.strip("/"), new.strip("/")
        target = posixpath.relpath("/" + new_path, "/" + old_path).rstrip("/") + "/"
        files[f"{old_path}/index.html"] = redirect_page(target).encode("utf-8")
    return files


def export_withheld(paths: set[str]) -> dict[str, bytes]:
    """At each published address whose content may no longer be shown (a record whose
    consent was lowered or set back to draft, a news post set back to draft): a short page
    that says so, with nothing of the record or post, not indexed, not searched."""
    files = {}
    for url in sorted(paths):
        home = "../" * len(url.strip("/").split("/"))
        files[f"{url.strip('/')}/index.html"] = (
            '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<title>Nội dung không còn được công bố</title>'
            '<meta name="robots" content="noindex, nofollow"></head>'
            '<body style="font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em;'
            'line-height:1.5"><h1>Nội dung không còn được công bố</h1>'
            '<p>Nhà trường không còn công bố nội dung của trang này: theo nguyện vọng của người '
            'được nêu tên hoặc của gia đình, hoặc vì bài đã được rút lại.</p>'
            f'<p><a href="{home}">Về trang chủ</a></p>'
            '</body></html>\n').encode("utf-8")
    return files


def redirect_page(target_url: str) -> str:
    """A page that sends the visitor on: works without JavaScript, tells search engines too."""
    target = html.escape(target_url)
    return (f'<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
            f'<title>Trang đã chuyển</title><link rel="canonical" href="{target}">'
            f'<meta name="robots" content="noindex">'
            f'<meta http-equiv="refresh" content="0; url={target}"></head>'
            f'<body><p>Trang này đã chuyển tới <a href="{target}">{target}</a>.</p></body></html>\n')


def write_site_files(site: Path, files: dict[str, bytes | Path],
                     replace: Mapping[str, bytes | Path] | None = None,
                     linked: Mapping[str, Path] | None = None) -> None:
    """Write exports into the built site; never outside it, never over MkDocs' files.
    A value is the file's bytes, or a file of the build's cache to copy (share cards).
    `replace`: the exports of the previous build of the same folder (the preview rebuilds
    into it), which may be written again; one whose value is the same as then is left as it
    is. `linked`: {path: the previous site's file of it}, the same card as the previous build
    wrote there (bangvang_build.Reuse.cards), linked instead of copied from the cache."""
    site = Path(site).resolve()
    replace, linked = replace or {}, linked or {}
    folders: set[Path] = set()   # made already: thousands of cards share one folder
    for relative, data in sorted(files.items()):
        if not _SITE_PATH.match(relative) or ".." in PurePosixPath(relative).parts:
            raise ExportError(f"đường dẫn xuất “{relative}” không hợp lệ")
        target = site / relative
        if relative in replace:
            if replace[relative] == data and target.is_file():
                continue   # the preview's folder holds it already (4,444 cards at 6,000)
        elif target.exists():
            raise ExportError(f"“{relative}” đã có trong trang web (một trang hoặc tệp khác); "
                              "hãy kiểm tra data/redirects.yml")
        if target.parent not in folders:   # a folder made here is no file
            for parent in target.parents:
                if parent == site:
                    break
                if parent.is_file():
                    raise ExportError(f"“{relative}” trùng với tệp {parent.relative_to(site)} "
                                      "của trang web; hãy kiểm tra data/redirects.yml")
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if isinstance(data, Path):
            _copy_card(data, target, linked.get(relative))
        else:
            target.write_bytes(data)


def _copy_card(cached: Path, target: Path, previous: Path | None) -> None:
    """A card into the site: a link to the previous site's file of it when that is the same
    card (a link costs a twentieth of a copy: some 1.7 s of CPU for 4,444 cards), else a
    copy of the cache's file — never a link to it, so the cache is never written through."""
    if previous is not None:
        try:
            os.link(previous, target)
            return
        except OSError:   # gone since, or a file system without links: copied instead
            pass
    shutil.copyfile(cached, target)

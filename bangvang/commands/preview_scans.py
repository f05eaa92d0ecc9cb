"""What was read from a scan, shown where it is checked: the preview (`bangvang serve`) of an
honour roll whose lines came from a scan lists every doubtful cell beside the image of the
page region it was read from, and marks the names in doubt on the page itself.

Only the preview does this (preview.wrap puts `wrap` in front of the server): the crops live
in the project's git-ignored scan-crops/ folder (importer/scancrops.py) and are served from
there under /_scan-crops/, never written into site/. The roll's text is read from the record,
and everything taken from it is escaped here before it reaches the page.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from bangvang.importer.scancrops import FOLDER, SHOWN
from bangvang.records.safepath import PathProblem, read_project_bytes

PREFIX = "/_scan-crops/"
DOUBT = "Chưa chắc (quét): "
_ROLL_PAGE = re.compile(r"/bang-vang/(\d{4}-\d{4})/(?:index\.html)?$")
MAX_CROP = 5 * 1024 * 1024
PANEL_STYLE = ("background:#fff;border:2px solid #e0a800;border-radius:6px;padding:.6em 1em;"
               "margin:0 0 1.2em")


@dataclass
class Doubtful:
    """One award line of the roll read from a scan and waiting for a person (status: draft),
    with what the scan left in doubt."""
    line: int
    name: str
    unit: str
    award: str                    # the title or form, as its label
    decision: str
    doubts: list[tuple[str, str, str]] = field(default_factory=list)  # (field, said, crop)

    def doubt_in(self, name: str) -> list[tuple[str, str, str]]:
        return [d for d in self.doubts if d[0] == name]


def _field_of(said: str) -> str:
    """The field a doubt is about, from the column heading it names ("cột “Họ và tên”")."""
    from bangvang.importer.columns import heading_field
    if re.match(r"trang \d+, (?:số|ngày) quyết định:", said):
        return "decision"
    found = re.search(r"cột “([^”]*)”", said)
    field_name = heading_field(found.group(1)) if found else None
    return {"class": "unit", "title": "award", "form": "award"}.get(field_name or "",
                                                                    field_name or "")


def doubtful_lines(root: Path, year: str) -> list[Doubtful]:
    """The roll's draft award lines (from a scan) with their doubts; none when the roll
    cannot be read (the preview's problem page then says why)."""
    try:
        text = read_project_bytes(root, f"exemplars/honours/{year}.yml").decode("utf-8-sig")
        data = yaml.safe_load(text)
    except (PathProblem, OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    awards = data.get("awards") if isinstance(data, dict) else None
    labels = _labels(root)
    out = []
    for index, award in enumerate(awards or [], 1):
        if not isinstance(award, dict) or award.get("status") != "draft":
            continue
        decision = award.get("decision") if isinstance(award.get("decision"), dict) else {}
        key = award.get("title") or award.get("form") or ""
        line = Doubtful(index, str(award.get("recipient") or ""), str(award.get("unit") or ""),
                        labels.get(str(key), str(key)),
                        " ".join(str(decision.get(k) or "") for k in ("number", "date")))
        for warning in award.get("warnings") or []:
            if not str(warning).startswith(DOUBT):
                continue
            said, _, image = str(warning)[len(DOUBT):].partition(SHOWN)
            image = image.strip() if image.strip().startswith(FOLDER + "/") else ""
            line.doubts.append((_field_of(said), said, image))
        out.append(line)
    return out


def _labels(root: Path) -> dict[str, str]:
    from bangvang.problems import Problems
    from bangvang.records.data import load_vocabulary
    vocabulary = load_vocabulary(root, Problems())
    if vocabulary is None:
        return {}
    return {**vocabulary.labels("titles"), **vocabulary.labels("forms")}


def _picture(said: str, image: str) -> str:
    if not image:
        return "<em>(chưa có ảnh vùng quét)</em>"
    return (f'<img src="{html.escape(PREFIX + image[len(FOLDER) + 1:])}" alt="Vùng trang quét: '
            f'{html.escape(said)}" style="display:block;min-width:12rem;max-width:100%;'
            'border:1px solid #999;'
            'margin:.3em 0" loading="lazy">')


def _cell(line: Doubtful, name: str, text: str) -> str:
    doubts = line.doubt_in(name)
    if not doubts:
        return f"<td>{html.escape(text)}</td>"
    said = "".join(f'<small style="display:block">{html.escape(s)}</small>{_picture(s, image)}'
                   for _, s, image in doubts)
    return (f'<td class="bv-scan-cell"><mark class="bv-scan-doubt" title="Chưa chắc: đọc từ '
            f'bản quét">{html.escape(text)}</mark>{said}</td>')


def panel(lines: list[Doubtful]) -> str:
    """The lines read from a scan, as a table: every doubtful cell marked, with what was read
    and the image of the page region it was read from."""
    rows = []
    for line in lines:
        others = "".join(f"<div><small>{html.escape(s)}</small>{_picture(s, image)}</div>"
                         for name, s, image in line.doubts
                         if name not in ("name", "unit", "award"))
        rows.append(f"<tr><td>{line.line}</td>{_cell(line, 'name', line.name)}"
                    f"{_cell(line, 'unit', line.unit)}{_cell(line, 'award', line.award)}"
                    f"<td>{html.escape(line.decision)}{others}</td></tr>")
    doubtful = sum(1 for line in lines if line.doubts)
    return (f'<section class="bv-scan-doubts" role="note" style="{PANEL_STYLE}">'
            f"<h2>Dòng đọc từ bản quét chờ soát: {len(lines)} dòng, {doubtful} dòng có chỗ "
            "chưa chắc</h2><p>Các dòng này chưa được công bố. So từng ô tô vàng với ảnh vùng "
            "trang bên cạnh và với bản giấy, sửa trong tệp "
            "<code>exemplars/honours/…yml</code>, rồi xoá <code>warnings</code> và "
            "<code>status: draft</code> của dòng đó.</p>"
            '<div style="overflow-x:auto"><table><thead><tr><th>Dòng</th><th>Họ và tên</th>'
            "<th>Đơn vị, lớp</th><th>Danh hiệu, hình thức</th><th>Quyết định</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div></section>")


def mark_names(page: str, names: set[str]) -> str:
    """The names in doubt highlighted where the page shows them (in text, never inside a
    tag: attribute values stay as they are)."""
    wanted = sorted((html.escape(n, quote=False) for n in names if n.strip()), key=len,
                    reverse=True)
    if not wanted:
        return page
    pattern = re.compile("|".join(re.escape(n) for n in wanted))
    parts = re.split(r"(<[^>]*>)", page)
    for index, part in enumerate(parts):
        if part and not part.startswith("<"):
            parts[index] = pattern.sub(
                lambda m: f'<mark class="bv-scan-doubt" title="Chưa chắc: đọc từ bản quét">'
                          f"{m.group(0)}</mark>", part)
    return "".join(parts)


def annotate(body: bytes, year: str, root: Path) -> bytes:
    """The roll's page with its lines read from a scan: the table after the draft banner (or
    at the start of the content), and doubtful names marked where the page shows them."""
    lines = doubtful_lines(root, year)
    if not lines:
        return body
    page = body.decode("utf-8", errors="replace")
    start = page.find("<article")
    head, rest = (page[:start], page[start:]) if start >= 0 else ("", page)
    rest = mark_names(rest, {line.name for line in lines if line.doubt_in("name")})
    banner = rest.find("bv-draft-banner")
    if banner >= 0:
        cut = rest.find("</div>", banner) + len("</div>")
    else:
        opened = rest.find(">")
        cut = opened + 1 if opened >= 0 else 0
    return (head + rest[:cut] + panel(lines) + rest[cut:]).encode("utf-8")


def serve_crop(root: Path, path: str, start_response) -> list[bytes]:
    relative = FOLDER + "/" + path[len(PREFIX):]
    try:
        if not relative.endswith(".png"):
            raise PathProblem("not a crop")
        data = read_project_bytes(root, relative, MAX_CROP)
    except (PathProblem, OSError):
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return ["Không có ảnh vùng quét này.".encode("utf-8")]
    start_response("200 OK", [("Content-Type", "image/png"), ("Content-Length", str(len(data))),
                              ("Cache-Control", "no-store")])
    return [data]


def wrap(app: Callable, root: Path) -> Callable:
    """The preview's WSGI app serving the crops and annotating honour roll pages."""
    root = Path(root)

    def scans_app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(PREFIX):
            return serve_crop(root, path, start_response)
        found = _ROLL_PAGE.search(path)
        if not found or environ.get("REQUEST_METHOD") != "GET":
            return app(environ, start_response)
        captured = {}

        def remember(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        chunks = app(environ, remember)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        headers = captured.get("headers", [])
        if captured.get("status", "").startswith("200") and any(
                k.lower() == "content-type" and "text/html" in v for k, v in headers):
            body = annotate(body, found.group(1), root)
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"] + [
                ("Content-Length", str(len(body)))]
        start_response(captured.get("status", "200 OK"), headers)
        return [body]

    return scans_app

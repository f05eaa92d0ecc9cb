"""What was read from a scan, shown where it is checked: the preview (`bangvang serve`) of an
honour roll whose lines came from a scan shows those draft lines inside the roll's own list,
tagged "Nháp", every doubtful cell marked beside the image of the page region it was read
from, and above the roll the decision's number and date as read. The page of a draft plan
or contest entry read from a scan shows, above the text, each field that came from a
doubtful line beside the image of that line, then the other doubtful lines with theirs
(the list the importer kept in scan-crops/<kind>/<id>/doubts.json).

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
_ROLL_PAGE = re.compile(r"/bang-vang/(\d{4}-\d{4})/(?:trang-(\d+)/)?(?:index\.html)?$")
_SUMMARY_LINK = re.compile(r'<a href="([^"#]*)#([a-z0-9-]+)"')
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
    anchor: str = ""              # the roll's group this line belongs to ("<key>-<level>")
    group: str = ""               # that group's heading ("Lao động tiên tiến — cấp Trường")
    role: str = ""                # the role, as its label
    reason: str = ""

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
        key, level = str(award.get("title") or award.get("form") or ""), str(award.get("level")
                                                                          or "")
        shown = labels.get(key, key)
        line = Doubtful(index, str(award.get("recipient") or ""), str(award.get("unit") or ""),
                        shown, " ngày ".join(str(decision.get(k) or "") for k in
                                             ("number", "date") if decision.get(k)),
                        anchor=f"{key}-{level}",
                        group=f"{shown} — cấp {labels.get('level:' + level, level)}",
                        role=labels.get("role:" + str(award.get("role") or ""), ""),
                        reason=str(award.get("reason") or ""))
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
    return {**vocabulary.labels("titles"), **vocabulary.labels("forms"),
            **{f"level:{k}": v for k, v in vocabulary.labels("levels").items()},
            **{f"role:{k}": v for k, v in vocabulary.labels("roles").items()}}


def _picture(said: str, image: str) -> str:
    if not image:
        return "<em>(chưa có ảnh vùng quét)</em>"
    return (f'<img src="{html.escape(PREFIX + image[len(FOLDER) + 1:])}" alt="Vùng trang quét: '
            f'{html.escape(said)}" style="display:block;min-width:12rem;max-width:100%;'
            'border:1px solid #999;'
            'margin:.3em 0" loading="lazy">')


def _cell(line: Doubtful, names: tuple[str, ...], text: str) -> str:
    """One cell of a draft line: marked, with what the scan left in doubt and the image of
    the page region it was read from."""
    doubts = [d for name in names for d in line.doubt_in(name)]
    if not doubts:
        return f"<td>{html.escape(text)}</td>"
    said = "".join(f'<small style="display:block">{html.escape(s)}</small>{_picture(s, image)}'
                   for _, s, image in doubts)
    return (f'<td class="bv-scan-cell"><mark class="bv-scan-doubt" title="Chưa chắc: đọc từ '
            f'bản quét">{html.escape(text)}</mark>{said}</td>')


def _decision_cell(line: Doubtful) -> str:
    """The decision as the line holds it, marked when it was read from the scan: its images
    stand once above the roll (the same for every line), so the cell only points there."""
    if not line.doubt_in("decision"):
        return f"<td>{html.escape(line.decision)}</td>"
    return (f'<td class="bv-scan-cell"><mark class="bv-scan-doubt" title="Chưa chắc: đọc từ '
            f'bản quét">{html.escape(line.decision)}</mark><small style="display:block">'
            "đọc từ bản quét: so với ảnh ở đầu trang</small></td>")


def draft_row(line: Doubtful) -> str:
    """A draft line as a row of the roll's own table (STT │ name │ role, unit │ decision │
    reason): tagged "Nháp", its doubtful cells marked beside their crops. The decision's
    images are shown once, in the panel above the roll."""
    who = ", ".join(part for part in (line.role, line.unit) if part)
    others = [d for d in line.doubts if d[0] not in ("name", "unit", "role", "decision")]
    reason = html.escape(line.reason) + "".join(
        f'<small style="display:block">{html.escape(s)}</small>{_picture(s, image)}'
        for _, s, image in others)
    # The tag goes with the name: a phone's card hides the first cell (bangvang.css).
    name = _cell(line, ("name",), line.name).replace(
        ">", '><strong class="bv-scan-tag" title="Dòng đọc từ bản quét, chưa công bố" '
        'style="color:#5c3c00;margin-right:.4em">Nháp</strong>', 1)
    return (f'<tr class="bv-scan-draft" id="nhap-dong-{line.line}" style="background:#fff8e1">'
            f'<td align="right">{line.line}</td>{name}'
            f'{_cell(line, ("unit", "role"), who)}'
            f'{_decision_cell(line)}'
            f'<td>{reason}</td></tr>')


def _elsewhere(lines: list[Doubtful], where: dict[str, int], number: int) -> str:
    """On a roll split into pages: which other pages hold draft lines, linked."""
    counts: dict[int, int] = {}
    for line in lines:
        page = where.get(line.anchor, 1)
        if page != number:
            counts[page] = counts.get(page, 0) + 1
    if not counts:
        return ""
    up = "" if number == 1 else "../"
    links = ", ".join(f'<a href="{up + ("" if page == 1 else f"trang-{page}/") or "./"}">trang '
                      f"{page}</a>: {count} dòng" for page, count in sorted(counts.items()))
    return f"<p>Danh sách dài nên được chia trang; dòng nháp ở các trang khác: {links}.</p>"


def panel(lines: list[Doubtful], where: dict[str, int] | None = None, number: int = 1) -> str:
    """What stands above the roll: how many lines wait, what to do, where the others are on
    a roll split into pages, and the decision's number and date as read, each beside the
    image of where it was read."""
    # The decision's doubts stand on every line: a line is doubtful for its own cells.
    doubtful = sum(1 for line in lines if any(d[0] != "decision" for d in line.doubts))
    decision = {(s, image) for line in lines for name, s, image in line.doubts
                if name == "decision"}
    shown = "".join(f"<li>{html.escape(s)}{_picture(s, image)}</li>"
                    for s, image in sorted(decision))
    return (f'<section class="bv-scan-doubts" role="note" style="{PANEL_STYLE}">'
            f"<h2>Dòng đọc từ bản quét chờ soát: {len(lines)} dòng, {doubtful} dòng có chỗ "
            "chưa chắc</h2><p>Các dòng này nằm ngay trong danh sách bên dưới, ghi "
            "<strong>Nháp</strong> trên nền vàng; chúng chưa được công bố. So từng ô tô vàng "
            "với ảnh vùng trang bên cạnh và với bản giấy, sửa trong tệp "
            "<code>exemplars/honours/…yml</code>, rồi xoá <code>warnings</code> và "
            "<code>status: draft</code> của dòng đó.</p>" + _elsewhere(lines, where or {}, number)
            + (f"<p>Số và ngày quyết định đọc từ bản quét (dùng cho mọi dòng):</p><ul>{shown}"
               "</ul>" if shown else "") + "</section>")


def _group_table(anchor: str, heading: str, rows: str) -> str:
    return (f'<h2 id="nhap-{html.escape(anchor)}">{html.escape(heading)} — bản nháp</h2>'
            '<div class="bv-cards bv-awards"><table><thead><tr><th align="right">STT</th>'
            "<th>Họ tên</th><th>Vai trò, đơn vị</th><th>Quyết định</th><th>Thành tích</th>"
            f"</tr></thead><tbody>{rows}</tbody></table></div>")


def _div_end(page: str, start: int) -> int:
    """Where the <div> opened at `start` closes (the index of its "</div>"), or -1."""
    depth, index = 0, start
    for match in re.finditer(r"<(/?)div\b", page[start:]):
        depth += -1 if match.group(1) else 1
        index = start + match.start()
        if depth == 0:
            return index
    return -1


def group_pages(page: str, number: int = 1) -> dict[str, int]:
    """Anchor → the number of the roll's page where that group stands, from the roll's
    summary on page `number` (its links are relative: "./#a" this page, "trang-2/#a" or
    "../trang-2/#a" page 2, "../#a" page 1)."""
    out = {}
    for href, anchor in _SUMMARY_LINK.findall(page):
        found = re.search(r"trang-(\d+)/?$", href)
        out.setdefault(anchor, int(found.group(1)) if found else
                       number if href in ("", "./", "index.html") else 1)
    return out


def in_roll(page: str, lines: list[Doubtful], number: int = 1) -> str:
    """The draft lines put into the roll's own list: each at the end of its group's table
    (the title or form and level it would be published under), a group the roll does not
    show yet as a table of its own at the end of the roll's first page. On a roll split into
    pages, each line stands on the page of its group."""
    where = group_pages(page, number)
    groups: dict[str, list[Doubtful]] = {}
    for line in lines:
        if where.get(line.anchor, 1) == number:
            groups.setdefault(line.anchor, []).append(line)
    new = []
    for anchor, members in groups.items():
        rows = "".join(draft_row(line) for line in members)
        heading = re.search(rf'<h[23] id="{re.escape(html.escape(anchor))}"', page)
        if heading:
            close = page.find("</tbody>", heading.end())
            following = re.search(r"<h[23]\b", page[heading.end():])
            if close >= 0 and (following is None or close < heading.end() + following.start()):
                page = page[:close] + rows + page[close:]
                continue
        new.append(_group_table(anchor, members[0].group, rows))
    if not new:
        return page
    roll = page.find('<div class="bv-roll">')
    end = _div_end(page, roll) if roll >= 0 else -1
    if end < 0:      # a roll with nothing published yet: the drafts after the panel
        end = page.find("</section>", page.find("bv-scan-doubts")) + len("</section>")
    return page[:end] + "".join(new) + page[end:]


def annotate(body: bytes, year: str, root: Path, number: int = 1) -> bytes:
    """The roll's page (page `number` of a long one) with its lines read from a scan: the
    panel after the draft banner (or at the start of the content), the lines themselves in
    the roll's list."""
    lines = doubtful_lines(root, year)
    if not lines:
        return body
    page = body.decode("utf-8", errors="replace")
    start = page.find("<article")
    head, rest = (page[:start], page[start:]) if start >= 0 else ("", page)
    banner = rest.find("bv-draft-banner")
    if banner >= 0:
        cut = rest.find("</div>", banner) + len("</div>")
    else:
        opened = rest.find(">")
        cut = opened + 1 if opened >= 0 else 0
    return (head + in_roll(rest[:cut] + panel(lines, group_pages(page, number), number) + rest[cut:],
                           lines, number)).encode("utf-8")


# --- plans and contest entries ----------------------------------------------------------------

_RECORD_PAGES = (
    (re.compile(r"/ke-hoach/([a-z0-9-]+)/(?:index\.html)?$"), "plans", "plans"),
    (re.compile(r"/cuoc-thi-viet/\d{4}/([a-z0-9-]+)/(?:index\.html)?$"), "exemplars/contest",
     "entries"),
)
# The fields a person checks first, as the record holds them (dotted: inside a mapping).
FIELDS = {
    "plans": (("number", "Số"), ("issued", "Ngày ban hành"), ("place", "Nơi ban hành"),
              ("issuer", "Cơ quan ban hành"), ("issuer_parent", "Cơ quan chủ quản"),
              ("title", "Trích yếu"), ("signer.name", "Người ký")),
    "entries": (("title", "Tên bài"), ("author.name", "Tác giả"), ("author.unit", "Lớp, đơn vị"),
                ("subject", "Viết về")),
}


def _front_matter(root: Path, relative: str) -> dict:
    try:
        text = read_project_bytes(root, relative).decode("utf-8-sig")
        head = text.split("\n---", 1)[0] if text.startswith("---") else ""
        data = yaml.safe_load(head[3:]) if head else None
    except (PathProblem, OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _record_doubts(root: Path, kind: str, record: str) -> list[dict]:
    import json
    from bangvang.importer.scancrops import DOUBTS
    try:
        items = json.loads(read_project_bytes(root, f"{FOLDER}/{kind}/{record}/{DOUBTS}"))
    except (PathProblem, OSError, ValueError):
        return []
    return [i for i in items if isinstance(i, dict) and isinstance(i.get("text"), str)] \
        if isinstance(items, list) else []


def _value(data: dict, dotted: str) -> str:
    for part in dotted.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return "" if data is None or isinstance(data, (dict, list)) else str(data)


def field_doubts(data: dict, doubts: list[dict], kind: str) -> tuple[list, list[dict]]:
    """[(field label, value in the record now, [doubtful lines it was read from])] for the
    fields the importer found on a doubtful line (its "field" in doubts.json), and the
    doubtful lines no field comes from."""
    rows = []
    for name, label in FIELDS[kind]:
        found = [d for d in doubts if name in (d.get("fields") or [])]
        value = _value(data, name)
        if found and value:
            rows.append((label, value, found))
    used = {id(d) for _, _, found in rows for d in found}
    return rows, [d for d in doubts if id(d) not in used]


def _said(doubt: dict) -> str:
    return f"trang {doubt.get('page')}: “{doubt['text']}” (độ tin cậy {doubt.get('conf')} %)"


def _crop_of(doubt: dict) -> str:
    image = str(doubt.get("image") or "")
    return image if image.startswith(FOLDER + "/") else ""


def record_panel(data: dict, doubts: list[dict], kind: str) -> str:
    """Above a draft plan or entry read from a scan: each field read from a doubtful line,
    its value now beside the image of the line it came from; then the other doubtful
    lines with theirs."""
    rows, others = field_doubts(data, doubts, kind)
    table = "".join(
        f'<tr class="bv-scan-field"><th scope="row">{html.escape(label)}</th><td><mark '
        f'class="bv-scan-doubt">{html.escape(value)}</mark>'
        + "".join(f'<small style="display:block">{html.escape(_said(d))}</small>'
                  f"{_picture(_said(d), _crop_of(d))}" for d in found) + "</td></tr>"
        for label, value, found in rows)
    rest = "".join(f"<li>{html.escape(_said(d))}{_picture(_said(d), _crop_of(d))}</li>"
                   for d in others)
    what = "kế hoạch" if kind == "plans" else "bài dự thi"
    return (f'<section class="bv-scan-doubts" role="note" style="{PANEL_STYLE}">'
            f"<h2>Đọc từ bản quét: {len(doubts)} dòng chưa chắc</h2><p>Hồ sơ {what} này được "
            "đọc từ bản quét hoặc ảnh chụp. So từng trường tô vàng với ảnh vùng trang bên cạnh "
            "và với bản giấy, sửa trong tệp hồ sơ, rồi xoá <code>warnings</code> và đổi "
            "<code>status: draft</code> thành <code>published</code>.</p>"
            + (f'<table class="bv-scan-fields"><tbody>{table}</tbody></table>' if table else "")
            + (f"<details{' open' if not table else ''}><summary>Các dòng khác chưa chắc "
               f"({len(others)})</summary><ul>{rest}</ul></details>" if others else "")
            + "</section>")


def annotate_record(body: bytes, kind: str, data: dict, doubts: list[dict]) -> bytes:
    """The page of a draft plan or entry with the scan's panel after the draft banner."""
    page = body.decode("utf-8", errors="replace")
    start = page.find("<article")
    if start < 0:
        return body
    banner = page.find("bv-draft-banner", start)
    cut = page.find("</div>", banner) + len("</div>") if banner >= 0 else \
        page.find(">", start) + 1
    return (page[:cut] + record_panel(data, doubts, kind) + page[cut:]).encode("utf-8")


def _record_page(root: Path, path: str):
    """(kind, front matter, doubts) when `path` is the page of a draft plan or entry whose
    doubts from a scan are kept, else None."""
    for pattern, folder, kind in _RECORD_PAGES:
        found = pattern.search(path)
        if not found:
            continue
        record = found.group(1)
        data = _front_matter(root, f"{folder}/{record}.md")
        doubts = _record_doubts(root, kind, record) if data.get("status") == "draft" else []
        return (kind, data, doubts) if doubts else None
    return None


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
        record = None
        if not found and environ.get("REQUEST_METHOD") == "GET":
            record = _record_page(root, path)
        if not (found or record) or environ.get("REQUEST_METHOD") != "GET":
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
            body = annotate(body, found.group(1), root, int(found.group(2) or 1)) if found else \
                annotate_record(body, *record)
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"] + [
                ("Content-Length", str(len(body)))]
        start_response(captured.get("status", "200 OK"), headers)
        return [body]

    return scans_app

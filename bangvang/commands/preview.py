"""What only the preview (`bangvang serve`) serves: the problem page and the /admin/ editor.

Nothing here is ever written into site/: the glue wraps the preview server's WSGI app
(`wrap`, called from `on_serve`), so these answers exist only while `bangvang serve` runs on
this computer.

A preview never hangs on a record error: while the last pass of the core found problems, the
glue lets MkDocs finish a build that changes nothing (so the browser's live reload fires) and
every page of the preview answers with the Vietnamese problem list instead. When the file is
fixed, the next build clears the list and live reload brings the page back.
"""
from __future__ import annotations

import html
import threading
import dataclasses
from dataclasses import replace
from pathlib import Path
from typing import Callable

from bangvang.commands import preview_awards
from bangvang.records import fields, kinds
from bangvang.records.loader import read_record
from bangvang.records.yamlload import LineDict, YamlProblem, load_yaml
from bangvang.problems import Problems
from bangvang.pages.sections import record_pages

DRAFT_BANNER = ('<div class="bv-draft-banner" role="note" style="background:#fff3cd;'
                'color:#5c3c00;border:2px solid #e0a800;padding:.6em 1em;margin:0 0 1em;'
                'font-weight:bold">Bản nháp — chưa công bố. Trang này chỉ hiện trong bản xem '
                'trước; <code>bangvang build</code> không đưa nó lên trang web.</div>')


class _State:
    """The last pass of the core in this preview process (the glue's module is loaded
    again on every rebuild, this one is not)."""
    problems: list[str] | None = None
    generation: int = 0
    exported: dict = {}   # files the glue's last build wrote into the preview folder (path → data)
    serving: bool = False         # MkDocs started this process to serve (the glue's on_startup)


STATE = _State()


class Later:
    """One background job at a time, the newest waiting: the preview's search index is
    rebuilt after each pass, and two Pagefind runs at once would double the memory."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pending: Callable[[], None] | None = None
        self._running = False

    def submit(self, job: Callable[[], None]) -> None:
        with self._lock:
            self._pending = job
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        try:
            while True:
                with self._lock:
                    job, self._pending = self._pending, None
                    if job is None:
                        return
                job()
        finally:   # a job that failed (its error is printed) does not stop the later ones
            with self._lock:
                self._running = False
                if self._pending is not None:
                    self._running = True
                    threading.Thread(target=self._run, daemon=True).start()


SEARCH_INDEX = Later()
# What the preview's search index was made of at its last pass, by bundle (searchkept.py):
# the next pass keeps each bundle and folds in the pages changed since, as a build does.
SEARCH_RECORDS: dict = {}


def search_places(site: Path) -> tuple[Path, Path]:
    """Beside the preview's site folder: its search index's own kept view (the preview's
    pages hold drafts: never the build's view) and the previous pass's bundles while the
    next one is made. Removed with the site folder when the preview stops."""
    return site.with_name(site.name + "-view"), site.with_name(site.name + "-truoc")


def show_problems(problems: Problems | None) -> None:
    """Called by the glue after every pass of the core: the list to show, or None."""
    STATE.problems = [str(p) for p in problems] if problems else None
    STATE.generation += 1


def exported(files: dict[str, bytes | Path]) -> dict[str, bytes | Path]:
    """The exports of the preview's previous build (which the next one may write again, and
    leaves as they are when the same), remembering these. Called by the glue only in the
    preview."""
    previous, STATE.exported = STATE.exported, dict(files)
    return previous


def problem_page(lines: list[str]) -> bytes:
    """The Vietnamese page shown instead of every page while records have problems. Record
    text inside messages is escaped."""
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hồ sơ có lỗi — bản xem trước</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.5}} h1{{color:#b00020}} li{{margin:.4em 0}} code{{white-space:pre-wrap;
word-break:break-word}}</style></head>
<body><main class="bv-problems">
<h1>Hồ sơ có {len(lines)} lỗi</h1>
<p>Bản xem trước tạm dừng cho tới khi sửa xong. Mỗi dòng ghi: tệp:dòng: trường: lỗi và cách
sửa. Hãy mở tệp, sửa rồi lưu lại: trang này sẽ tự tải lại.</p>
<ol>
{items}
</ol></main></body></html>""".encode("utf-8")


def _is_page(path: str) -> bool:
    return path.endswith("/") or path.endswith(".html")


def wrap(app: Callable, root: Path, inject: Callable[[bytes], bytes]) -> Callable:
    """The preview server's WSGI app with the editor under /admin/ and the problem page in
    front of every page while records have problems. `inject` adds the live-reload script."""
    from bangvang.commands import editor, preview_scans

    admin = editor.EditorApp(Path(root))
    # Honour rolls read from a scan: their doubtful cells beside the page regions they came
    # from (preview_scans.py), served from the project's scan-crops/, never from site/.
    app = preview_scans.wrap(app, Path(root))

    def preview_app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/admin" or path.startswith("/admin/"):
            return admin(environ, start_response)
        if path == CONSENT_PAGE:   # the team's list of consent answers: full names, preview only
            return _consent_page(root, start_response)
        lines = STATE.problems
        if lines and environ.get("REQUEST_METHOD") == "GET" and _is_page(path):
            body = inject(problem_page(lines))
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                      ("Content-Length", str(len(body))),
                                      ("Cache-Control", "no-store")])
            return [body]
        return app(environ, start_response)

    return preview_app


CONSENT_PAGE = "/_phieu-dong-y/"   # "_": no page of the site can have this address


def _consent_page(root: Path, start_response) -> list[bytes]:
    """Who answered the consent slips of the newest roll, made on request from the files:
    children's full names, so only this local preview shows it (consent_slips.py)."""
    from bangvang.commands import consent_slips
    html = consent_slips.preview_team_page(Path(root))
    status = "200 OK" if html else "404 Not Found"
    body = (html or "<p>Chưa có bảng vàng nào, hoặc tệp trong data/ đang có lỗi.</p>").encode()
    start_response(status, [("Content-Type", "text/html; charset=utf-8"),
                            ("Content-Length", str(len(body))), ("Cache-Control", "no-store"),
                            ("X-Robots-Tag", "noindex")])
    return [body]


def quick_update(result, root: Path, changed: list[Path]) -> list[str] | None:
    """The pages to show first after `changed` files were saved: when every one is a
    published record whose front matter is as before but for its prose (its text, its
    summary: fields.Text `prose`), and what changed passes its checks, the record's own page
    is rendered again into `result` and its source returned; for an honour roll whose award
    lines changed only in a decision's number or date or a reason, every page showing them
    (preview_awards.py). Otherwise None, and the glue runs the whole core at once.

    Prose is never matched, grouped or linked by, so every relation and check is as in the
    last pass; lists that show a summary are out of date until the whole pass, which follows
    right after and replaces everything (pipeline.Result): lists, search, share cards and
    data catch up."""
    catalog = result.catalog
    if catalog is None or result.problems or catalog.checked is None or not changed:
        return None
    checked, sources = catalog.checked, []
    for path in changed:
        try:
            relative = path.resolve().relative_to(Path(root).resolve()).as_posix()
        except (OSError, ValueError):
            return None
        known = checked.fronts.get(relative)
        if known is None or (record_pages(known[0]) is None and known[0] != "honour_roll"):
            return None
        kind, record_id, front = known
        problems = Problems()
        raw = read_record(root, kind, path, problems)
        if raw is None or problems:
            return None
        if kind == "honour_roll":   # its award lines (preview_awards.py reads their text)
            rendered = preview_awards.update(result, raw, front, checked)
            if rendered is None:
                return None
            sources += rendered
            continue
        if checked.text_problems(raw):
            return None
        prose = {} if raw.front == front else _prose_edits(kind, front, raw, catalog)
        record = catalog.of_kind(kind).get(record_id)
        if record is None or prose is None:
            return None
        updated = replace(record, body=raw.body, body_line=raw.body_line, **prose)
        catalog.of_kind(kind)[record_id] = updated
        rendered = _render_again(result, kind, updated)
        if rendered is None:
            catalog.of_kind(kind)[record_id] = record
            return None
        sources += rendered
    return sources


def _prose_edits(kind_name: str, front: str, raw, catalog) -> dict | None:
    """{attribute: new value} when the front matter differs from `front` (as the last pass
    read it) only in prose fields the record's model holds under the same name, each valid;
    None otherwise."""
    kind = kinds.KINDS[kind_name]
    try:
        before = load_yaml(front, 2) if front.strip() else LineDict()
    except YamlProblem:
        return None
    after = raw.data
    if not isinstance(before, dict) or not isinstance(after, dict):
        return None
    changed = {key for key in set(before) | set(after) if before.get(key) != after.get(key)}
    model = {f.name for f in dataclasses.fields(kind.model)} if kind.model else set()
    edits, problems = {}, Problems()
    context = fields.Context(raw.path, catalog.vocabulary, problems)
    for key in changed:
        field = kind.fields.get(key)
        if not isinstance(field, fields.Text) or not field.prose or key not in model or \
                key not in after:
            return None
        edits[key] = field.check(after[key], context, key, after.line_of(key))
    return edits if context.ok and None not in edits.values() else None


def _render_again(result, kind: str, record) -> list[str] | None:
    """Render one record's page(s) into result.output; the sources whose page changed, or
    None when the new text has a problem (a link to nowhere, lists nested too deep)."""
    renderer, pages = result.renderer, result.output.pages
    before = dict(pages)
    renderer.problems, renderer.pending_links = Problems(), []
    record_pages(kind)(result.catalog, result.index, renderer, record)
    renderer.check_links(result.targets)
    if renderer.problems:
        pages.update(before)
        return None
    return [source for source, page in pages.items() if page is not before.get(source)
            and (source not in before or page.html != before[source].html)]

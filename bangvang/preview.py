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
import os
from pathlib import Path
from typing import Callable

from .problems import Problems

DRAFT_BANNER = ('<div class="bv-draft-banner" role="note" style="background:#fff3cd;'
                'color:#5c3c00;border:2px solid #e0a800;padding:.6em 1em;margin:0 0 1em;'
                'font-weight:bold">Bản nháp — chưa công bố. Trang này chỉ hiện trong bản xem '
                'trước; <code>bangvang build</code> không đưa nó lên trang web.</div>')


class _State:
    """The last pass of the core in this preview process (the glue's module is loaded
    again on every rebuild, this one is not)."""
    problems: list[str] | None = None
    generation: int = 0
    exported: set[str] = set()    # files the glue's last build wrote into the preview folder


STATE = _State()


def show_problems(problems: Problems | None) -> None:
    """Called by the glue after every pass of the core: the list to show, or None."""
    STATE.problems = [str(p) for p in problems] if problems else None
    STATE.generation += 1


def exported(paths: set[str]) -> set[str]:
    """The exports of the preview's previous build (which the next one may write again),
    remembering these. Outside the preview the glue passes nothing: a build writes into a
    fresh folder and refuses any clash."""
    if not os.environ.get("BANGVANG_PREVIEW"):
        return set()
    previous, STATE.exported = STATE.exported, set(paths)
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
    from . import editor

    admin = editor.EditorApp(Path(root))

    def preview_app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/admin" or path.startswith("/admin/"):
            return admin(environ, start_response)
        lines = STATE.problems
        if lines and environ.get("REQUEST_METHOD") == "GET" and _is_page(path):
            body = inject(problem_page(lines))
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                      ("Content-Length", str(len(body))),
                                      ("Cache-Control", "no-store")])
            return [body]
        return app(environ, start_response)

    return preview_app

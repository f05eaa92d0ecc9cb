"""What the paper documents share (consent slips, the Sổ vàng; the Giấy khen came first and
keeps its own copy): a Jinja2 environment with autoescape, the output folder rule and one
WeasyPrint rendering that fetches nothing but the font files and the images it is given.

Output folders hold full names or are print runs: they are git-ignored, inside the project,
never in site/, a record folder or the tool's own folders (certificates.FORBIDDEN).
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from bangvang.commands import certificates
from bangvang.commands.certificates import CertificateError as PaperError  # noqa: F401 (re-export)


def environment() -> Environment:
    return Environment(loader=PackageLoader("bangvang", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def output_folder(root: Path, default: str, out: str | None, what: str) -> Path:
    """`default` (relative to the project) or --out: inside the project, outside what is
    published or read as records (the documents carry full names and are only printed).
    `what` names the documents in messages ("giấy khen", "phiếu đồng ý")."""
    from bangvang.commands.cli import _site_folder
    target = Path(out) if out else Path(default)
    shown = "".join(c if c.isprintable() else "?" for c in str(out))
    try:
        if any(ord(c) < 32 or c == "\x7f" for c in str(target)):
            raise ValueError("control character")
        target = (target if target.is_absolute() else root / target).resolve()
    except (OSError, ValueError, RuntimeError):
        raise PaperError(f"thư mục “{shown}” không dùng được; hãy chọn thư mục khác, ví dụ "
                         f"--out {default}") from None
    if not target.is_relative_to(root):
        raise PaperError(f"thư mục “{shown}” nằm ngoài thư mục dự án; {what} chỉ được ghi "
                         f"trong dự án, ví dụ --out {default}")
    first = target.relative_to(root).parts[:1]
    site = Path(_site_folder(root)).parts[:1]
    if first and (first == site or first[0] in certificates.FORBIDDEN
                  or first[0].startswith(".site-")):
        kind = "trang web được công bố" if first == site else "thư mục hồ sơ, cấu hình của dự án"
        raise PaperError(f"không ghi {what} vào “{first[0]}/” ({kind}); hãy bỏ --out hoặc chọn "
                         f"thư mục khác, ví dụ --out {default}")
    if target.exists() and not target.is_dir():
        raise PaperError(f"“{shown}” là một tệp, không phải thư mục; hãy chọn thư mục khác")
    return target


def school_year(root: Path, value: str | None, command: str) -> str:
    """The NĂM_HỌC argument of `command`, or a Vietnamese message with an example of it."""
    try:
        return certificates._school_year(root, value)
    except PaperError as error:
        raise PaperError(str(error).replace("bangvang giay-khen", f"bangvang {command}")) \
            from None


def missing_requirements() -> str | None:
    """Why PDFs cannot be made on this machine (Vietnamese), or None."""
    return certificates.missing_requirements()


def font_css(fonts: list[Path], family: str = "BV Serif") -> str:
    return "".join(f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
                   f"font-weight: {weight}; font-style: {style}; }}\n"
                   for path, (weight, style) in zip(fonts, certificates.FONT_FACES))


def render(html: str, css: str, images: set[str] = frozenset()):
    """The WeasyPrint document of `html` + `css` (fonts added). Only the font files and the
    `images` (file: URIs chosen by the caller, never read from record text) are fetched."""
    weasyprint = certificates._weasyprint()
    fonts = certificates.font_files()
    from weasyprint.text.fonts import FontConfiguration
    allowed = {path.as_uri() for path in fonts} | set(images)

    class Allowed(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            if url not in allowed:
                raise ValueError("refused")
            return super().fetch(url, headers)

    config = FontConfiguration()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        return weasyprint.HTML(string=html, url_fetcher=Allowed()).render(
            stylesheets=[weasyprint.CSS(string=font_css(fonts) + css, font_config=config,
                                        url_fetcher=Allowed())], font_config=config)
    except Exception as error:  # the renderer is a third party's: a message, never a traceback
        raise PaperError(f"không tạo được tệp PDF ({type(error).__name__}: "
                         f"{str(error)[:200]})") from None


def write(document, path: Path) -> Path:
    """The PDF through a temporary file, then renamed: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        document.write_pdf(temporary)
        os.replace(temporary, path)
    except OSError as error:
        raise PaperError(f"không ghi được tệp {path.name} ({error.strerror or error})") from None
    finally:
        temporary.unlink(missing_ok=True)
    return path


def write_text(text: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        raise PaperError(f"không ghi được tệp {path.name} ({error.strerror or error})") from None
    finally:
        temporary.unlink(missing_ok=True)
    return path

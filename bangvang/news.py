"""News posts (pages of the Material blog in content/tin-tuc/posts/), checked like records.

Everything that would make the blog plugin stop a build after `check` passed is found here,
with file and line: front matter against the NEWS declaration, authors missing from
.authors.yml, categories written as text, two posts with one URL (slug). The post URL is
computed the way the blog computes it (`post_url_format: "{slug}"`, slug from `slug:` or
the title) so that news URLs are permanent like record URLs.
"""
from __future__ import annotations

import re
from pathlib import Path

from . import kinds, safe, urls
from .data import load_data_file
from .fields import Context, check_mapping
from .loader import read_project_text, split_front_matter
from .model import NewsPost
from .problems import Problems
from .text import nfc, slugify
from .vocabulary import Vocabulary
from .yamlload import LineDict, YamlProblem, load_yaml

NEWS_FOLDER = kinds.NEWS.folder
AUTHORS_FILE = "content/tin-tuc/.authors.yml"
CONTENT = "content"
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|href=\"([^\"]+)\"")


def load_news(root: Path, problems: Problems) -> tuple[list[NewsPost], LineDict]:
    """Published news posts, newest first (drafts are checked and left out), and the authors
    of .authors.yml as read (their names are published on every post)."""
    folder = Path(root) / NEWS_FOLDER
    if not folder.is_dir():
        return [], LineDict()
    entries = _authors(root, problems)
    authors = set(entries)
    posts, slugs = [], {}
    for path in sorted(folder.glob("*.md")):
        relative = path.relative_to(root).as_posix()
        post = _read_post(root, relative, authors, problems)
        if post is None:
            continue
        if post.slug in slugs:
            problems.add(relative, post.slug_line, "slug", f"tin này có cùng địa chỉ "
                         f"/{post.url} với {slugs[post.slug]}; hãy ghi `slug:` khác cho một tin")
            continue
        slugs[post.slug] = relative
        if not post.draft:
            posts.append(post)
    return sorted(posts, key=lambda p: p.date, reverse=True), entries


def _authors(root: Path, problems: Problems) -> LineDict:
    data = load_data_file(root, AUTHORS_FILE, problems, required=False)
    entries = data.get("authors") if data else None
    return entries if isinstance(entries, LineDict) else LineDict()


def _read_post(root: Path, relative: str, authors: set[str], problems: Problems) -> NewsPost | None:
    text = read_project_text(root, relative, problems)
    if text is None:
        return None
    split = split_front_matter(text)
    if split is None:
        problems.add(relative, 1, None, "tin bài cần phần đầu tệp giữa hai dòng `---`, có ít nhất "
                     "`date: 2024-09-05`")
        return None
    front, body, body_line = split
    try:
        data = load_yaml(front, 2)
    except YamlProblem as problem:
        problems.add(relative, problem.line, None, problem.message)
        return None
    if not isinstance(data, LineDict):
        problems.add(relative, 2, None, "phần đầu tệp phải là các dòng “tên: giá trị”, có ít "
                     "nhất `date: 2024-09-05`")
        return None
    if isinstance(data.get("date"), LineDict):   # the blog's {created: …, updated: …}
        data["date"] = data["date"].get("created")
    ctx = Context(relative, Vocabulary({}), problems)
    values = check_mapping(kinds.NEWS.fields, data, ctx)
    lines = getattr(data.get("authors"), "lines", None) or []
    for index, author in enumerate(values["authors"] or []):
        if author not in authors:
            line = lines[index] if index < len(lines) else data.line_of("authors")
            ctx.error(line, f"authors[{index + 1}]", f"không có người viết mã "
                      f"“{author}” trong {AUTHORS_FILE}; hãy dùng một trong: "
                      f"{', '.join(sorted(authors)) or '(chưa có ai)'} hoặc thêm vào tệp đó")
    if not ctx.ok:
        return None
    title = values["title"] or next((line[2:].strip() for line in body.splitlines()
                                     if line.startswith("# ")), None)
    if not title:
        problems.add(relative, body_line, "title", "tin bài cần tiêu đề: một dòng `# Tiêu đề` "
                     "đầu nội dung, hoặc `title:` ở phần đầu tệp")
        return None
    slug = values["slug"] or slugify(title)
    if not slug or slugify(slug) != slug:
        problems.add(relative, data.line_of("slug"), "slug", f"“{slug}” không dùng được làm địa "
                     f"chỉ; hãy viết chữ thường không dấu nối bằng gạch ngang, ví dụ "
                     f"“{slugify(slug) or 'tin-moi'}”")
        return None
    if not values["draft"]:
        for offset, row in enumerate(body.split("\n")):
            sample = kinds.PLACEHOLDER.search(row)
            if sample:
                problems.add(relative, body_line + offset, None, f"còn chữ mẫu {sample.group(0)} "
                             "của tệp mẫu; hãy thay bằng nội dung thật, hoặc để `draft: true`")
                return None
    try:   # MkDocs renders the post: what it cannot render must stop here, not there
        safe.markdown_html(body)
    except safe.TooDeep:
        problems.add(relative, body_line, None, "nội dung có danh sách lồng nhau quá nhiều tầng; "
                     "hãy viết lại thành danh sách thường")
        return None
    excerpt = body.split("<!-- more -->")[0]
    excerpt = "\n".join(l for l in excerpt.splitlines() if not l.startswith("# ")).strip()
    return NewsPost(
        title=nfc(title), date=values["date"], slug=slug, url=urls.url_for("news_post", slug=slug),
        src_uri=Path(relative).relative_to(CONTENT).as_posix(), excerpt=excerpt,
        file=relative, source=body, body_line=body_line, draft=bool(values["draft"]),
        slug_line=data.line_of("slug"), links=_links(body, body_line), front=data)


def _links(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, target) of every link in a Markdown body."""
    found = []
    for offset, line in enumerate(body.split("\n")):
        for match in LINK.finditer(line):
            found.append((first_line + offset, match.group(1) or match.group(2)))
    return found

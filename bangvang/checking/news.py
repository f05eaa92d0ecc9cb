"""News posts (pages of the Material blog in content/tin-tuc/posts/), checked like records.

Everything that would make the blog plugin stop a build after `check` passed is found here,
with file and line: front matter against the NEWS declaration, .authors.yml against the
AUTHOR declaration, authors missing from it, categories written as text, two posts with one
URL (slug). The post URL is computed the way the blog computes it (`post_url_format:
"{slug}"`, slug from `slug:` or the title) so that news URLs are permanent like record URLs;
a published post set back to `draft: true` is withdrawn like a record (`NewsList.withdrawn`).
Pictures follow the records' rule (safe.image_allowed): others are left out, with a warning.
"""
from __future__ import annotations

import re
from pathlib import Path

from bangvang.records import kinds
from bangvang.pages import safe, urls
from bangvang.records.data import load_data_file
from bangvang.records.fields import Context, Slug, Text, check_mapping
from bangvang.records.filenames import reserved_message
from bangvang.records.loader import read_project_text, split_front_matter
from bangvang.records.model import NewsPost
from bangvang.records.plausible import markdown_cost_problem
from bangvang.problems import Problems
from bangvang.records.text import nfc, slugify
from bangvang.records.vocabulary import Vocabulary
from bangvang.records.yamlload import LineDict, YamlProblem, load_yaml

NEWS_FOLDER = kinds.NEWS.folder
AUTHORS_FILE = "content/tin-tuc/.authors.yml"
CONTENT = "content"
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|href=\"([^\"]+)\"|src=\"([^\"]+)\"")
# A reference definition, "[1]: ../../bang-vang/index.md" (footnotes, "[^1]: …", are text).
REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*<?([^\s>]+)>?")
# The blog's authors file (Material's Author: name, description and avatar required, slug
# and url optional), declared like a record: the blog stops a build on it in English, with
# no line. Name and description are printed by the theme unescaped on every post (the glue
# passes them through safe.theme_text); avatar and url are printed as a picture and a link.
AUTHOR = {
    "name": Text("Tên hiện trên mỗi tin bài, ví dụ Ban Truyền thông", required=True),
    "description": Text("Một dòng giới thiệu, ví dụ Trường THCS Hòa An", required=True),
    "avatar": Text("Ảnh đại diện: một tệp trong content/ (ví dụ assets/ban-truyen-thong.svg) "
                   "hoặc địa chỉ https://", required=True),
    "slug": Slug("Mã trang giới thiệu người viết (chữ thường không dấu)"),
    "url": Text("Trang của người viết: một trang của trang web hoặc địa chỉ https://"),
}


class NewsList(list):
    """The published posts, newest first; `withdrawn`: URL ("/tin-tuc/x/") → file of every
    post set to `draft: true`, whose address, if it was published, answers "no longer
    published" like a withdrawn record's (permalinks.check_links)."""

    def __init__(self, posts=(), withdrawn: dict[str, str] | None = None):
        super().__init__(posts)
        self.withdrawn = withdrawn or {}


def load_news(root: Path, problems: Problems) -> tuple[NewsList, LineDict]:
    """Published news posts, newest first (drafts are checked and left out, their URLs kept
    as `withdrawn`), and the authors of .authors.yml as read (their names are published on
    every post)."""
    folder = Path(root) / NEWS_FOLDER
    if not folder.is_dir():
        return NewsList(), LineDict()
    entries = _authors(root, problems)
    authors = set(entries)
    posts, slugs, withdrawn = [], {}, {}
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
        if post.draft:
            withdrawn[urls.clean(post.url)] = relative
        else:
            posts.append(post)
    return NewsList(sorted(posts, key=lambda p: p.date, reverse=True), withdrawn), entries


def _authors(root: Path, problems: Problems) -> LineDict:
    """The authors of .authors.yml as read, each checked against AUTHOR: what the blog would
    stop on, and addresses that are neither https:// nor of the site (safe.site_or_https)."""
    data = load_data_file(root, AUTHORS_FILE, problems, required=False)
    if data is None:
        return LineDict()
    for key in data:
        if key != "authors":
            problems.add(AUTHORS_FILE, data.line_of(key), str(key), "tệp này chỉ có một mục "
                         "`authors:`, dưới đó là từng người viết; hãy xoá hoặc chuyển dòng này")
    entries = data.get("authors")
    if not isinstance(entries, LineDict):
        if "authors" in data:
            problems.add(AUTHORS_FILE, data.line_of("authors"), "authors", "dưới `authors:` "
                         "cần từng người viết, thụt vào: `ma-nguoi-viet:` rồi `name:`, "
                         "`description:`, `avatar:`")
        return LineDict()
    ctx = Context(AUTHORS_FILE, Vocabulary({}), problems)
    for key, entry in entries.items():
        line = entries.line_of(key)
        if not isinstance(entry, LineDict):
            ctx.error(line, f"authors.{key}", "mỗi người viết là một nhóm dòng thụt vào: "
                      "`name:`, `description:`, `avatar:` (và nếu muốn `url:`)")
            continue
        values = check_mapping(AUTHOR, entry, ctx, f"authors.{key}.")
        for name in ("avatar", "url"):
            if values.get(name) and not safe.site_or_https(values[name]):
                ctx.error(entry.line_of(name), f"authors.{key}.{name}", f"“{values[name][:80]}” "
                          "không dùng được: chỉ dùng địa chỉ bắt đầu bằng https:// hoặc đường "
                          "dẫn tới một tệp, một trang của trang web (ví dụ "
                          "assets/ban-truyen-thong.svg)")
        _warn_missing_avatar(root, key, entry, values.get("avatar"), problems)
    return entries


def _warn_missing_avatar(root: Path, key, entry: LineDict, avatar: str | None,
                         problems: Problems) -> None:
    """A site-relative avatar that is not a file of content/: a broken picture, not a stop."""
    if not avatar or "://" in avatar or not safe.site_or_https(avatar):
        return
    path = avatar.split("#")[0].split("?")[0].lstrip("/")
    folder = Path(root) / CONTENT
    if not (folder / path).is_file():
        problems.warn(AUTHORS_FILE, entry.line_of("avatar"), f"authors.{key}.avatar",
                      f"không có tệp content/{path[:80]}: ảnh đại diện sẽ không hiện; hãy "
                      "chép ảnh vào đó hoặc sửa đường dẫn")


def _read_post(root: Path, relative: str, authors: set[str], problems: Problems) -> NewsPost | None:
    parts = post_parts(root, relative, problems)
    if parts is None:
        return None
    data, body, body_line, _text = parts
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
    if not _body_renders(relative, body, body_line, bool(values["draft"]), problems):
        return None
    excerpt = body.split("<!-- more -->")[0]
    excerpt = "\n".join(l for l in excerpt.splitlines() if not l.startswith("# ")).strip()
    return NewsPost(
        title=nfc(title), date=values["date"], slug=slug, url=urls.url_for("news_post", slug=slug),
        src_uri=Path(relative).relative_to(CONTENT).as_posix(), excerpt=excerpt,
        file=relative, source=body, body_line=body_line, draft=bool(values["draft"]),
        slug_line=data.line_of("slug"), links=_links(body, body_line), front=data)


def post_parts(root: Path, relative: str, problems: Problems
               ) -> tuple[LineDict, str, int, str] | None:
    """(front matter, body, body's first line, the file as written) of a post, or None after
    a problem. The district's posts are read by it too (district/own.py)."""
    text = read_project_text(root, relative, problems)
    if text is None:
        return None
    split = split_front_matter(text)
    if split is None:
        problems.add(relative, 1, None, "tin bài cần phần đầu tệp giữa hai dòng `---`, có ít nhất "
                     "`date: 2024-09-05`")
        return None
    reserved = reserved_message(Path(relative).name)
    costly = markdown_cost_problem(split[1], split[2])
    if reserved or costly:   # a name Windows cannot hold; Markdown that renders for minutes
        problems.add(relative, costly[0] if costly and not reserved else None, None,
                     reserved or costly[1])
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
    return data, body, body_line, text


def _body_renders(relative: str, body: str, body_line: int, draft: bool,
                  problems: Problems) -> bool:
    """No scaffold sample text left in a published post, and a body MkDocs can render (what
    it cannot render must stop here, not in the build)."""
    if not draft:
        for offset, row in enumerate(body.split("\n")):
            sample = kinds.PLACEHOLDER.search(row)
            if sample:
                problems.add(relative, body_line + offset, None, f"còn chữ mẫu {sample.group(0)} "
                             "của tệp mẫu; hãy thay bằng nội dung thật, hoặc để `draft: true`")
                return False
    try:
        safe.markdown_html(body, _picture_rule(relative, body, body_line, problems))
    except safe.TooDeep:
        problems.add(relative, body_line, None, "nội dung có danh sách lồng nhau quá nhiều tầng; "
                     "hãy viết lại thành danh sách thường")
        return False
    return True


def _picture_rule(relative: str, body: str, body_line: int, problems: Problems):
    """The records' rule for pictures (safe.image_allowed), as a warning where it applies:
    the theme leaves such pictures out (safe.clean_news_html)."""
    def links(tag: str, target: str) -> str | None:
        kept = safe.news_links(tag, target)
        if kept is None:
            row = next((i for i, l in enumerate(body.split("\n")) if target in l), 0)
            problems.warn(relative, body_line + row, None, f"đã bỏ ảnh “{target[:80]}”: chỉ "
                          "dùng ảnh có địa chỉ https:// hoặc ảnh của trang web")
        return kept
    return links


def _links(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, target) of every link and picture in a Markdown body, reference definitions
    ("[1]: ../x.md") included."""
    found = []
    for offset, line in enumerate(body.split("\n")):
        for match in LINK.finditer(line):
            found.append((first_line + offset, match.group(1) or match.group(2) or match.group(3)))
        reference = REFERENCE.match(line)
        if reference:
            found.append((first_line + offset, reference.group(1)))
    return found

"""The district's own records: its award decisions (`khen-thuong/*.yml`, a Giấy khen list
naming people of many schools, each line saying its school) and its news
(`content/tin-tuc/posts/*.md`, the folder and front matter of a school's news).

Declared with the school's own declarations (records/kinds.py: an award line is the honour
roll's AWARD with the school's code added; a post is NEWS) and read through the school's
loader (safepath: a regular file of the project, decoded, cleaned), so the same rules hold:

- consent is decided once per person (school, name, role) by checking/consent.py: students
  default to initials, any line can only lower it, `none` is not listed at all;
- `private:` is checked and never carried; a decision or line `status: draft`, a post
  `draft: true`, is checked and not published;
- a hidden name spelled in a published text (a reason, a title, a post) is refused with its
  file and line by the rule of checking/privacy.py (`HiddenNames.spells`);
- text reaches HTML only escaped by the templates or, for a post's Markdown, through
  pages/safe.py (`markdown_html`, pictures by the records' rule).

Every problem is a Vietnamese `file:line: field: message` and stops the build, like one of
data/district.yml: nothing is published from a wrong list.
"""
from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from bangvang.checking import news
from bangvang.checking.consent import lower_consent, public_person
from bangvang.checking.people import role_group, same_name
from bangvang.checking.privacy import HiddenNames
from bangvang.district.config import District, School
from bangvang.pages import safe
from bangvang.problems import Problems
from bangvang.records import kinds
from bangvang.records.data import VOCABULARY_FILE, load_vocabulary
from bangvang.records.fields import (Context, Date, List, Mapping, SchoolYear, Slug, Text, Vocab,
                                     check_mapping)
from bangvang.records.loader import (ID_PATTERN, IGNORED_FILES, LINK_MESSAGE, read_project_text,
                                     read_record)
from bangvang.records.model import PublicPerson
from bangvang.records.text import nfc, slugify, sort_key
from bangvang.records.vocabulary import Vocabulary
from bangvang.records.yamlload import LineDict

DECISIONS = "khen-thuong"
NEWS = kinds.NEWS.folder
CAMPAIGNS = kinds.CAMPAIGN.folder
# An award line of a district decision: the honour roll's line, the school's code added. The
# decision (number, date) is the file's; a line's level and form default to the file's. The
# role is required: it is what decides a student's default (initials), and a district list
# has no record of the person to take it from.
AWARD = {
    "school": Slug("Mã trường của người được khen, như ở data/district.yml", required=True),
    **{name: spec for name, spec in kinds.AWARD.items()
       if name not in ("decision", "campaign", "person", "role", "level")},
    "role": Vocab("roles", "Vai trò: teacher, student, collective …", required=True),
    "level": Vocab("levels", "Cấp khen (không ghi: cấp của quyết định)"),
}
DECISION = {
    "number": Text("Số quyết định, ví dụ 120/QĐ-PGDĐT", required=True),
    "date": Date("Ngày quyết định", required=True),
    "title": Text("Trích yếu, ví dụ về việc tặng Giấy khen …", required=True),
    "school_year": SchoolYear("Năm học, ví dụ 2024-2025", required=True),
    "issuer": Text("Cơ quan ban hành (mặc định: tên ở data/district.yml)"),
    "level": Vocab("levels", "Cấp khen của quyết định, ví dụ huyen", required=True),
    "title_default": Vocab("titles", "Danh hiệu chung của quyết định (nếu có)"),
    "form": Vocab("forms", "Hình thức khen thưởng chung, ví dụ giay-khen"),
    "summary": Text("Tóm tắt"),
    "status": kinds.STATUS,
    "awards": List(Mapping(AWARD), "Danh sách khen thưởng, mỗi người một mục “- school: …”",
                   required=True),
}


@dataclass
class Award:
    school: School
    person: PublicPerson
    role: str            # labels, as shown
    title: str
    form: str
    level: str
    reason: str | None
    number: int          # its place in the decision (1, 2 …), drafts and unlisted counted


@dataclass
class Decision:
    id: str
    number: str
    date: dt.date
    title: str
    school_year: str
    issuer: str
    summary: str | None
    awards: list[Award]
    file: str


@dataclass
class Post:
    slug: str
    title: str
    date: dt.date
    description: str | None
    html: Markup
    pin: bool | None     # None: a draft, checked and not published
    file: str
    source: str = ""     # the file as written (front matter included): the privacy check

    @property
    def excerpt(self) -> str:
        return self.description or safe.plain(str(self.html))[:240]


@dataclass
class Campaign:
    """A campaign the district launched (`plans/campaigns/<id>.md`, the school's CAMPAIGN);
    its page lists the schools' exemplars under a campaign of the same name."""
    id: str
    name: str
    level: str           # labels, as shown
    kind: str
    status: str
    launched_by: str | None
    period: tuple[dt.date | None, dt.date | None]
    summary: str | None
    html: Markup
    file: str
    source: str = ""


@dataclass
class Own:
    decisions: list[Decision] = field(default_factory=list)
    news: list[Post] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)


@dataclass
class _Line:
    """An award line as written, before consent is decided over every decision."""
    values: dict
    data: LineDict
    school: School
    number: int
    published: bool


def load_own(root: Path, district: District, problems: Problems) -> Own | None:
    """The district's published decisions and posts, or None after every problem is said."""
    before = len(problems)
    own = Own()
    decision_files = _files(root, DECISIONS, (".yml", ".yaml"), problems)
    campaign_files = _files(root, CAMPAIGNS, kinds.CAMPAIGN.endings, problems)
    lines: dict[str, list[_Line]] = {}
    raw: dict[str, tuple[dict, str]] = {}
    if decision_files or campaign_files:
        vocabulary = load_vocabulary(root, problems)
        if vocabulary is None:
            problems.add(VOCABULARY_FILE, None, None, "quyết định khen thưởng và phong trào của "
                         "Phòng cần tệp danh mục này; tạo dự án mới bằng `bangvang district new` "
                         "để có tệp mẫu")
            return None
        own.campaigns = [c for c in (_campaign(root, path, vocabulary, problems)
                                     for path in campaign_files) if c is not None]
        for path in decision_files:
            checked = _decision(root, path, district, vocabulary, problems)
            if checked:
                raw[checked[0]["id"]] = (checked[0], path)
                lines[checked[0]["id"]] = checked[1]
    own.news = _posts(root, problems)
    if len(problems) > before:
        return None
    people = _consents([line for group in lines.values() for line in group])
    for decision_id, (values, _path) in sorted(raw.items()):
        if values["status"] == "draft":
            continue
        awards = [_award(line, people, vocabulary) for line in lines[decision_id]
                  if line.published]
        own.decisions.append(Decision(
            decision_id, values["number"], values["date"], values["title"],
            values["school_year"], values["issuer"] or district.name, values["summary"],
            [a for a in awards if a.person.listed], values["file"]))
    own.decisions.sort(key=lambda d: (d.date, d.id), reverse=True)
    _privacy(own, lines, people, problems)
    return None if len(problems) > before else own


def _files(root: Path, folder: str, endings: tuple[str, ...], problems: Problems) -> list[Path]:
    """The record files of a folder of the project, in name order; a link, a sub-folder or a
    file of another kind is said, never followed or silently skipped."""
    base = Path(root) / folder
    if base.is_symlink():
        problems.add(folder, None, None, f"“{folder}” {LINK_MESSAGE}")
        return []
    if not base.is_dir():
        return []
    found = []
    with os.scandir(base) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        relative = f"{folder}/{entry.name}"
        if entry.name in IGNORED_FILES or entry.name.startswith((".", "~$")):
            continue
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISLNK(mode):
            problems.add(relative, None, None, f"“{relative}” {LINK_MESSAGE}")
        elif not stat.S_ISREG(mode) or Path(entry.name).suffix not in endings:
            problems.add(relative, None, None, "tệp lạ trong thư mục này; chỉ để các tệp "
                         f"{' hoặc '.join(endings)} (mỗi tệp một "
                         f"{'quyết định' if folder == DECISIONS else 'tin bài'})")
        else:
            found.append(base / entry.name)
    return found


def _decision(root: Path, path: Path, district: District, vocabulary: Vocabulary,
              problems: Problems) -> tuple[dict, list[_Line]] | None:
    record = read_record(root, "district_decision", path, problems)
    if record is None:
        return None
    ctx = Context(record.path, vocabulary, problems)
    values = check_mapping(DECISION, record.data, ctx)
    values.update(id=record.id, file=record.path)
    rows = record.data.get("awards")
    lines = []
    # List.convert skips empty items ("- " alone): pair the others with their values.
    written = [(i, row) for i, row in enumerate(rows if isinstance(rows, list) else [])
               if row is not None]
    for (index, row), checked in zip(written, values["awards"] or []):
        if not isinstance(row, LineDict) or not checked:
            continue
        where = f"awards[{index + 1}]"
        school = district.school(checked["school"] or "")
        if checked["school"] and school is None:
            # A draft (the scaffold's example, a list being typed) is told, not refused: the
            # district's first build after `district new` must not stop on the example.
            message = (f"mã trường “{checked['school']}” không có trong data/district.yml; hãy "
                       "ghi mã của một trường trong danh sách: "
                       + ", ".join(f"{s.code} ({s.name})" for s in district.schools[:8]))
            if values["status"] == "draft":
                problems.warn(record.path, row.line_of("school"), f"{where}.school", message)
            else:
                ctx.error(row.line_of("school"), f"{where}.school", message)
            continue
        recipient = checked["recipient"] or ""
        if ID_PATTERN.match(recipient) and "-" in recipient:
            ctx.error(row.line_of("recipient"), f"{where}.recipient", f"“{recipient}” là mã "
                      "hồ sơ, không phải họ tên; danh sách của Phòng ghi họ tên đầy đủ như trên "
                      "quyết định")
            continue
        checked["level"] = checked["level"] or values["level"]
        checked["title"] = checked["title"] or values["title_default"]
        checked["form"] = checked["form"] or values["form"]
        if school and recipient:
            lines.append(_Line(checked, row, school, index + 1, checked["status"] != "draft"))
    if not ctx.ok:
        return None
    return values, lines


def _key(line: _Line) -> tuple:
    kind = line.values["kind"] or ("collective" if line.values["role"] == "collective"
                                   else "person")
    return line.school.code, same_name(line.values["recipient"]), role_group(
        line.values["role"], kind)


def _consents(lines: list[_Line]) -> dict[tuple, str | None]:
    """One consent per person of a school across every decision: the lowest any line gives
    (checking/consent.py), drafts included (a line being corrected can only lower it)."""
    people: dict[tuple, str | None] = {}
    for line in lines:
        key = _key(line)
        people[key] = lower_consent(people.get(key), line.values["consent"])
    return people


def _award(line: _Line, people: dict, vocabulary: Vocabulary) -> Award:
    values = line.values
    person = public_person(values["recipient"], values["role"], values["unit"], None,
                           people[_key(line)], values["kind"])
    return Award(line.school, person, vocabulary.label("roles", values["role"]),
                 vocabulary.label("titles", values["title"]),
                 vocabulary.label("forms", values["form"]),
                 vocabulary.label("levels", values["level"]), values["reason"], line.number)


def _privacy(own: Own, lines: dict[str, list[_Line]], people: dict, problems: Problems) -> None:
    """No hidden name (a student by initials, anybody with `none`) spelled in a published
    text of the district: a reason, a decision's title or summary, a post."""
    hidden, published = HiddenNames(), []
    for group in lines.values():
        for line in group:
            person = public_person(line.values["recipient"], line.values["role"], None, None,
                                   people[_key(line)], line.values["kind"])
            if person.name == line.values["recipient"]:
                published.append(person.name)
            elif person.kind == "person":
                hidden.add(line.values["recipient"], "", person.name)
    hidden.allow(published)
    for decision in own.decisions:
        texts = [("title", decision.title), ("summary", decision.summary or "")]
        texts += [(f"awards[{a.number}].reason", a.reason or "") for a in decision.awards]
        for path, text in texts:
            for hit in hidden.spells(text, decision.file):
                problems.add(decision.file, None, path, _leak(hit))
    for campaign in own.campaigns:
        for offset, row in enumerate(campaign.source.split("\n")):
            for hit in hidden.spells(row, campaign.file):
                problems.add(campaign.file, offset + 1, None, _leak(hit))
    for post in own.news:
        for offset, row in enumerate(post.source.split("\n")):
            for hit in hidden.spells(row, post.file):
                problems.add(post.file, offset + 1, None, _leak(hit))


def _leak(hit) -> str:
    shown = f"chỉ hiện “{hit.person.shown}”" if hit.person.shown else "không công bố tên"
    return (f"có tên “{hit.spelled}” của người mà danh sách khen thưởng của Phòng {shown} "
            "(học sinh mặc định chỉ hiện chữ cái đầu); hãy bỏ tên hoặc viết chữ cái đầu")


def _posts(root: Path, problems: Problems) -> list[Post]:
    posts, slugs = [], {}
    for path in _files(root, NEWS, kinds.NEWS.endings, problems):
        relative = path.relative_to(root).as_posix()
        post = _post(root, relative, problems)
        if post is None:
            continue
        if post.slug in slugs:
            problems.add(relative, None, "slug", f"địa chỉ “tin-tuc/{post.slug}/” trùng với tin "
                         f"{slugs[post.slug]}; hãy ghi `slug:` khác cho một trong hai tin")
            continue
        slugs[post.slug] = relative
        if post.pin is not None:
            posts.append(post)
    return sorted(posts, key=lambda p: (not p.pin, -p.date.toordinal(), sort_key(p.title)))


def _post(root: Path, relative: str, problems: Problems) -> Post | None:
    """A post checked against the NEWS declaration; a draft gives a Post whose `pin` is None
    (checked, its address reserved, not published)."""
    # Read as a school's post is: the file's name, Markdown that would take minutes to
    # render and the front matter checked there (checking/news.py).
    parts = news.post_parts(root, relative, problems)
    if parts is None:
        return None
    data, body, body_line, text = parts
    ctx = Context(relative, Vocabulary({}), problems)
    values = check_mapping(kinds.NEWS.fields, data, ctx)
    if values["authors"]:
        ctx.error(data.line_of("authors"), "authors", "trang của Phòng không có danh sách "
                  "người viết; hãy xoá dòng `authors:` (tên người viết ghi trong bài nếu cần)")
    title = values["title"] or next((line[2:].strip() for line in body.splitlines()
                                     if line.startswith("# ")), None)
    if ctx.ok and not title:
        ctx.error(data.line or 2, "title", "tin bài cần tiêu đề: `title: …` ở phần đầu tệp")
    slug = values["slug"] or slugify(title or "")
    if ctx.ok and (not slug or slugify(slug) != slug):
        ctx.error(data.line_of("slug"), "slug", f"“{slug}” không dùng được làm địa chỉ; hãy "
                  "viết chữ thường không dấu nối bằng gạch ngang, ví dụ “tin-moi”")
    if not ctx.ok:
        return None
    draft = bool(values["draft"])
    if not draft:
        for offset, row in enumerate(body.split("\n")):
            sample = kinds.PLACEHOLDER.search(row)
            if sample:
                problems.add(relative, body_line + offset, None, f"còn chữ mẫu "
                             f"{sample.group(0)}; hãy thay bằng nội dung thật, hoặc để `draft: true`")
                return None
    body = "\n".join(line for line in body.splitlines() if not line.startswith("# "))
    try:
        html = safe.markdown_html(body, safe.news_links)
    except safe.TooDeep:
        problems.add(relative, body_line, None, "nội dung có danh sách lồng nhau quá nhiều tầng; "
                     "hãy viết lại thành danh sách thường")
        return None
    return Post(slug, nfc(title), values["date"], values["description"], html,
                None if draft else bool(values["pin"]), relative, text)


def _campaign(root: Path, path: Path, vocabulary: Vocabulary,
              problems: Problems) -> Campaign | None:
    """A campaign checked against the school's CAMPAIGN declaration; None for a draft or
    after a problem."""
    record = read_record(root, "campaign", path, problems)
    if record is None:
        return None
    ctx = Context(record.path, vocabulary, problems)
    values = check_mapping(kinds.CAMPAIGN.fields, record.data, ctx)
    if not ctx.ok or values["status"] == "draft":
        return None
    text = read_project_text(root, record.path, Problems()) or ""
    for offset, row in enumerate(text.split("\n")):
        sample = kinds.PLACEHOLDER.search(row)
        if sample:
            problems.add(record.path, offset + 1, None, f"còn chữ mẫu {sample.group(0)}; hãy "
                         "thay bằng nội dung thật, hoặc để `status: draft`")
            return None
    try:
        html = safe.markdown_html(record.body, safe.news_links)
    except safe.TooDeep:
        problems.add(record.path, record.body_line, None, "nội dung có danh sách lồng nhau quá "
                     "nhiều tầng; hãy viết lại thành danh sách thường")
        return None
    period = values["period"] or {}
    return Campaign(record.id, values["name"], vocabulary.label("levels", values["level"]),
                    vocabulary.label("campaign_kinds", values["kind"]),
                    vocabulary.label("campaign_statuses", values["status"]),
                    values["launched_by"], (period.get("from"), period.get("to")),
                    values["summary"], html, record.path, text)

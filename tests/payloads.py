"""A hostile project: script payloads in every text field of every kind of record.

Used by tests/browser/test_payloads.py. Each payload carries its own number (`alert(137)`,
`zqcomment142`) and `HostileSite.registry` says which file and field it was put in, so a
dialog or a leftover names the field that let it through.

Single-line fields (names, titles, units, numbers, labels) may be refused by `check`: a
refusal that names the file and the line of the field is an acceptable outcome, and the
payload is then replaced with a harmless value and recorded in `HostileSite.refused`.
Markdown bodies must be accepted (legitimate formatting lives there) and published inert.
"""
from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from conftest import make_project, run_bangvang, write

# Every family of payload, "{n}" = the payload's number. Tags are closed where an unclosed one
# would swallow the rest of the page (an unclosed <iframe> or <svg>) and hide later payloads.
FAMILIES: dict[str, str] = {
    "script": "<script>alert({n})</script>",
    "img-onerror": "<img src=x onerror=alert({n})>",
    "svg-onload": "<svg onload=alert({n})></svg>",
    "md-link-javascript": "[x](javascript:alert({n}))",
    "md-link-mixed-case": "[x](JaVaScRiPt:alert({n}))",
    "md-link-data": "[x](data:text/html,<script>alert({n})</script>)",
    "html-link-javascript": '<a href="javascript:alert({n})">x</a>',
    "attr-list-braces": "Chữ { onfocus=alert({n}) autofocus }",
    "attr-list-colon": 'Chữ {: onclick="alert({n})" }',
    "iframe": "<iframe src=javascript:alert({n})></iframe>",
    "details-ontoggle": "<details open ontoggle=alert({n})>x</details>",
    "quote-breakout": '"><script>alert({n})</script>',
    "entity-encoded": "&lt;script&gt;alert({n})&lt;/script&gt;",
    "style": "<style>body{display:none} /* alert({n}) */</style>",
    "form": "<form action=javascript:alert({n})><button>x</button></form>",
    "button-formaction": '<button formaction="javascript:alert({n})">x</button>',
    "object": '<object data="javascript:alert({n})"></object>',
    "embed": '<embed src="javascript:alert({n})">',
    "base": '<base href="javascript:alert({n})//">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert({n})">',
    "comment": "<!-- a comment zqcomment{n} -->",
}
# A comment in a name or a title shown as text is not a hidden note: comments are tested in
# bodies, where writers use them.
SINGLE_LINE_FAMILIES = [name for name in FAMILIES if name != "comment"]
MARKER = re.compile(r"(?:alert\(|zqcomment)(\d+)")
SEARCH_WORD = "zqhostile"          # in every body, so the search box finds the hostile pages
LEGIT_ID = "zq-dinh-dang"          # the exemplar whose body uses ordinary formatting

IMPORTED_TEXT = """PHÒNG GD&ĐT QUẬN THỬ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRƯỜNG THCS THỬ NGHIỆM\tĐộc lập - Tự do - Hạnh phúc
Số: 30/KH-THCS\tThử Nghiệm, ngày 02 tháng 10 năm 2025

KẾ HOẠCH
Tổ chức phong trào đọc sách {title}
năm học 2025 - 2026

Căn cứ Kế hoạch số 12/KH-THCS ngày 10/09/2023 của Trường THCS Thử Nghiệm về thi đua năm học 2023-2024;

I. MỤC ĐÍCH

- Khuyến khích học sinh đọc sách mỗi ngày trong phong trào thi đua “Đọc sách vì ngày mai”.
- Mỗi lớp giới thiệu một cuốn sách hay {line1}
- Thư viện mở cửa cả buổi chiều {line2}

II. TỔ CHỨC THỰC HIỆN

- Mỗi lớp có tủ sách, tối thiểu 30 đầu sách {line3}
{line4}

Nơi nhận:
- Các lớp;
- Lưu: VT.\tHIỆU TRƯỞNG

\tTrần Thị Mai
"""


@dataclass
class Payload:
    number: int
    family: str
    where: str            # "exemplars/zq-guong.md name"
    single_line: bool     # a one-line field (may be refused) rather than a body
    text: str

    def __str__(self) -> str:
        return f"{self.where} [{self.family}]"


@dataclass
class HostileSite:
    root: Path
    registry: dict[int, Payload] = field(default_factory=dict)
    refused: dict[int, str] = field(default_factory=dict)   # payload number → check's line
    imported_plan: Path | None = None
    import_output: str = ""
    failure: str | None = None                              # why there is no site

    @property
    def site(self) -> Path:
        return self.root / "site"

    def describe(self, text: str) -> str:
        """The fields whose payload numbers occur in `text` (a dialog message, a snippet)."""
        found = {int(n) for n in re.findall(r"\d+", text)} & set(self.registry)
        found |= {int(n) for n in MARKER.findall(text)}
        return "; ".join(str(self.registry[n]) for n in sorted(found) if n in self.registry) \
            or "(no known payload)"


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


class _Writer:
    def __init__(self, hostile: HostileSite):
        self.hostile = hostile
        self.numbers = itertools.count(101)
        self.families = itertools.cycle(SINGLE_LINE_FAMILIES)

    def _new(self, family: str, where: str, single_line: bool) -> str:
        number = next(self.numbers)
        text = FAMILIES[family].replace("{n}", str(number))
        self.hostile.registry[number] = Payload(number, family, where, single_line, text)
        return text

    def one(self, where: str) -> str:
        """A payload for a single-line field (families taken in turn)."""
        return self._new(next(self.families), where, True)

    def quoted(self, where: str) -> str:
        return q(self.one(where))

    def body(self, where: str) -> str:
        """A Markdown body holding every family, each where Markdown would give it power."""
        p = lambda family: self._new(family, where, False)  # noqa: E731
        m = lambda family: self._marker(family, where)  # noqa: E731
        parts = [
            f"Câu chuyện {SEARCH_WORD} bắt đầu.",
            p("script"),
            f"Ảnh {p('img-onerror')} giữa dòng.",
            p("svg-onload"),
            f"Liên kết {p('md-link-javascript')}, {p('md-link-mixed-case')} và "
            f"{p('md-link-data')}.",
            f"Thẻ {p('html-link-javascript')} giữa câu.",
            f"## Tiêu đề {SEARCH_WORD} {{ onfocus={m('attr-list-braces')} autofocus }}",
            f"## Tiêu đề khác\n{{: onclick=\"{m('attr-list-colon')}\" }}",
            f"Đoạn văn {SEARCH_WORD} có thuộc tính.\n{{: onclick=\"{m('attr-list-colon')}\" }}",
            f"Đoạn văn khác.\n{{ onfocus={m('attr-list-braces')} autofocus }}",
            f"[liên kết](https://example.org){{ onfocus={m('attr-list-braces')} autofocus }}",
            f"[liên kết](https://example.org){{: onclick=\"{m('attr-list-colon')}\" }}",
            p("iframe"),
            p("details-ontoggle"),
            f"Trích dẫn {p('quote-breakout')}",
            f"Chữ mã hoá {p('entity-encoded')} phải giữ nguyên là chữ.",
            p("style"),
            p("form"),
            p("button-formaction"),
            p("object"),
            p("embed"),
            p("base"),
            p("meta-refresh"),
            p("comment"),
            f"Ghi chú trong câu {p('comment')} vẫn là ghi chú.",
            f"<!--\nghi chú nhiều dòng zqcomment{self._number('comment', where)}\n-->",
            f"Hết câu chuyện {SEARCH_WORD}.",
        ]
        return "\n\n".join(parts) + "\n"

    def _number(self, family: str, where: str) -> int:
        number = next(self.numbers)
        self.hostile.registry[number] = Payload(number, family, where, False,
                                                f"(inline {family} {number})")
        return number

    def _marker(self, family: str, where: str) -> str:
        return f"alert({self._number(family, where)})"


def _write_records(root: Path, w: _Writer, vocabulary_labels: bool = True) -> None:
    one, body = w.quoted, w.body
    write(root, "plans/campaigns/zq-phong-trao.md", f"""---
name: {one("campaign name")}
level: truong
launched_by: {one("campaign launched_by")}
period: {{from: 05/09/2023}}
summary: {one("campaign summary")}
---
{body("campaign body")}""")
    write(root, "plans/zq-ke-hoach.md", f"""---
number: {one("plan number")}
issued: 10/09/2023
place: {one("plan place")}
issuer: {one("plan issuer")}
issuer_parent: {one("plan issuer_parent")}
title: {one("plan title")}
school_year: "2023-2024"
campaigns: [zq-phong-trao]
basis:
  - number: {one("plan basis[1].number")}
    date: 01/09/2023
    issuer: {one("plan basis[1].issuer")}
    title: {one("plan basis[1].title")}
themes:
  - {one("plan themes[1]")}
programmes:
  - {one("plan programmes[1]")}
contests:
  - {one("plan contests[1]")}
targets:
  - {one("plan targets[1] (text)")}
  - text: {one("plan targets[2].text")}
    value: 15
    unit: {one("plan targets[2].unit")}
    result:
      value: 16
      note: {one("plan targets[2].result.note")}
signer:
  name: {one("plan signer.name")}
  title: {one("plan signer.title")}
recipients:
  - {one("plan recipients[1]")}
  - {one("plan recipients[2]")}
---
{body("plan body")}""")
    for record_id, role in (("zq-guong", "teacher"), ("zq-tap-the", "collective")):
        path = f"exemplars/{record_id}.md"
        write(root, path, f"""---
name: {one(f"{path} name")}
role: {role}
unit: {one(f"{path} unit")}
school_year: "2023-2024"
campaigns: [zq-phong-trao]
summary: {one(f"{path} summary")}
---
{body(f"{path} body")}""")
    write(root, f"exemplars/{LEGIT_ID}.md", f"""---
name: Đỗ Thị Định Dạng
role: teacher
consent: full
school_year: "2023-2024"
summary: Cô viết bài có định dạng.
---
Cô dạy **chữ đậm zqbold** và *chữ nghiêng*.

| Lớp | Sĩ số |
|---|---|
| 7A | 40 |

- Một
- Hai

Xem [trang tham khảo](https://example.org).

![Biểu tượng của Ban Truyền thông](/assets/ban-truyen-thong.svg)
""")
    roll = root / "exemplars/honours/2023-2024.yml"
    where = "exemplars/honours/2023-2024.yml"
    roll.write_text(roll.read_text("utf-8") + f"""  - recipient: {one(f"{where} recipient")}
    role: teacher
    unit: {one(f"{where} unit")}
    form: giay-khen
    level: truong
    decision:
      number: {one(f"{where} decision.number")}
      date: 25/05/2024
    reason: {one(f"{where} reason")}
  - recipient: zq-guong
    title: chien-si-thi-dua-co-so
    level: truong
    campaign: zq-phong-trao
    decision: {{number: "50/QĐ-THCS", date: 25/05/2024}}
    reason: {one(f"{where} reason (cited exemplar)")}
  - recipient: zq-tap-the
    form: giay-khen
    level: truong
    decision: {{number: "51/QĐ-THCS", date: 25/05/2024}}
""", "utf-8")
    path = "exemplars/contest/zq-bai-viet.md"
    write(root, path, f"""---
contest_year: 2024
title: {one(f"{path} title")}
author:
  name: {one(f"{path} author.name")}
  role: teacher
  unit: {one(f"{path} author.unit")}
subject: {one(f"{path} subject (a name)")}
prize: nhi
summary: {one(f"{path} summary")}
---
{body(f"{path} body")}""")
    path = "exemplars/contest/zq-bai-ve-guong.md"
    write(root, path, f"""---
contest_year: 2024
title: {one(f"{path} title")}
author: {{name: Lý Văn Viết, role: teacher, unit: Tổ Văn}}
subject: zq-guong
summary: {one(f"{path} summary")}
---
{body(f"{path} body")}""")
    path = "initiatives/zq-sang-kien.md"
    write(root, path, f"""---
title: {one(f"{path} title")}
authors:
  - name: {one(f"{path} authors[1].name")}
    role: teacher
    unit: {one(f"{path} authors[1].unit")}
  - name: zq-guong
school_year: "2023-2024"
level: truong
decision: {{number: {one(f"{path} decision.number")}, date: 15/05/2024}}
applied: true
applied_scope: {one(f"{path} applied_scope")}
campaign: zq-phong-trao
summary: {one(f"{path} summary")}
---
{body(f"{path} body")}""")
    path = "content/tin-tuc/posts/zq-tin.md"
    heading = w._new("img-onerror", f"{path} title (# heading)", False)
    write(root, path, f"""---
date: 2024-05-01
categories:
  - Hoạt động
authors:
  - ban-truyen-thong
slug: zq-tin
---

# Tin hoạt động {heading}

Mở đầu {SEARCH_WORD} {w._new("script", f"{path} excerpt", False)}

<!-- more -->

{body(f"{path} body")}""")
    school = "data/school.yml"
    write(root, school, f"""name: {one(f"{school} name")}
short_name: {one(f"{school} short_name")}
address: {one(f"{school} address")}
intro: {one(f"{school} intro")}
""")
    if not vocabulary_labels:
        return
    vocabulary = root / "data/vocabulary.yml"
    text = vocabulary.read_text("utf-8")
    for group, key in (("roles", "teacher"), ("titles", "chien-si-thi-dua-co-so"),
                       ("forms", "giay-khen"), ("levels", "truong"), ("prizes", "nhi"),
                       ("campaign_kinds", "phong-trao")):
        label = one(f"data/vocabulary.yml {group}.{key}.label")
        text, count = re.subn(rf"(?m)^(  {re.escape(key)}: \{{label: )([^,}}]+|\"[^\"]*\")",
                              lambda m: m.group(1) + label, text, count=1)
        assert count == 1, f"vocabulary entry {group}.{key} not found"
    vocabulary.write_text(text, "utf-8")


def _import_plan(root: Path, w: _Writer, base: Path) -> None:
    """`bangvang import plan` on a .txt whose title and text carry markup; then publish it."""
    where = "imported plan (bangvang import plan)"
    text = IMPORTED_TEXT.format(
        title=w.one(f"{where} title"),
        line1=w._new("img-onerror", f"{where} text", False),
        line2=w._new("md-link-javascript", f"{where} text", False),
        line3=w._new("html-link-javascript", f"{where} text", False),
        line4=w._new("script", f"{where} text", False))
    source = write(base, "nhap/ke-hoach-doc-sach.txt", text)
    before = set((root / "plans").glob("*.md"))
    result = run_bangvang(root, "import", "plan", str(source))
    w.hostile.import_output = result.stdout + result.stderr
    new = sorted(set((root / "plans").glob("*.md")) - before)
    if not new:
        return
    plan = new[0]
    record = plan.read_text("utf-8")
    if re.search(r"(?m)^status: ", record):
        record = re.sub(r"(?m)^status: .*$", "status: published", record, count=1)
    else:
        record = record.replace("---\n", "---\nstatus: published\n", 1)
    plan.write_text(record, "utf-8")
    w.hostile.imported_plan = plan


LOCATION = re.compile(r"(?m)^(?P<file>[^\s:][^:\n]*?):(?P<line>\d+): (?P<rest>.*)$")


def _in_yaml(path: Path, lines: list[str], index: int) -> bool:
    """Whether line `index` is YAML (a data file or front matter), not a Markdown body."""
    if path.suffix in (".yml", ".yaml"):
        return True
    if not lines or lines[0].strip() != "---":
        return False
    closing = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), len(lines))
    return 0 < index < closing


def _harmless(number: int) -> str:
    return f"Giá trị an toàn {number}"


def _accept_refusals(hostile: HostileSite, report: str) -> list[str]:
    """Replace refused single-line payloads; return the problems that are not acceptable."""
    unacceptable = []
    problem_lines = [line for line in report.splitlines()
                     if line.strip() and not line.startswith(("Cảnh báo", "Có ", "INFO", "WARNING"))]
    edited: dict[Path, list[str]] = {}
    for text in problem_lines:
        match = LOCATION.match(text)
        if not match:
            unacceptable.append(text)
            continue
        path = hostile.root / match["file"]
        if not path.is_file():
            unacceptable.append(text)
            continue
        lines = edited.setdefault(path, path.read_text("utf-8").split("\n"))
        index = int(match["line"]) - 1
        line = lines[index] if 0 <= index < len(lines) else ""
        numbers = [int(n) for n in MARKER.findall(line)]
        payloads = [hostile.registry[n] for n in numbers if n in hostile.registry]
        if not payloads or not _in_yaml(path, lines, index):
            unacceptable.append(text)
            continue
        for payload in payloads:
            hostile.refused[payload.number] = text
            if q(payload.text) in line:
                line = line.replace(q(payload.text), q(_harmless(payload.number)))
            elif payload.text in line:
                line = line.replace(payload.text, _harmless(payload.number))
            else:   # written by the importer in its own quoting: replace the whole value
                line = re.sub(r"^(\s*(?:- )?(?:[A-Za-z_]+: )?).*$",
                              lambda m: m.group(1) + q(_harmless(payload.number)), line)
        lines[index] = line
    for path, lines in edited.items():
        path.write_text("\n".join(lines), "utf-8")
    return unacceptable


def build_hostile_site(base: Path, vocabulary_labels: bool = True) -> HostileSite:
    """mini-school + hostile records, checked (refusals of one-line fields accepted), built."""
    root = make_project(base / "hostile-school")
    hostile = HostileSite(root)
    writer = _Writer(hostile)
    _import_plan(root, writer, base)
    _write_records(root, writer, vocabulary_labels)
    for _ in range(4):
        checked = run_bangvang(root, "check")
        if "Traceback" in checked.stderr:
            hostile.failure = "`check` crashed:\n" + checked.stderr[-3000:]
            return hostile
        if checked.returncode == 0:
            break
        unacceptable = _accept_refusals(hostile, checked.stderr)
        if unacceptable:
            hostile.failure = ("`check` refused lines that are not one-line payload fields (bodies "
                               "must be accepted and published inert), or named no file:line:\n"
                               + "\n".join(unacceptable[:40]))
            return hostile
    else:
        hostile.failure = "`check` still fails after replacing refused fields:\n" + checked.stderr
        return hostile
    built = run_bangvang(root, "build")
    if built.returncode != 0 or "Traceback" in built.stderr:
        hostile.failure = "`check` passed but `build` failed:\n" + (built.stdout + built.stderr)[-4000:]
    return hostile


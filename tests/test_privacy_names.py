"""Hidden names, measured at a real school's size (privacy.py, privacy_scan.py, leakgate.py).

Precision: a generated student body of 1,200 (realistic Vietnamese names, students at their
default consent: initials) added to the demo school, over the demo's own texts and, where
they are beside the project, the real sample plans: no text may be refused. Recall: every way
of spelling a hidden name (entities, invisible characters, markup inside a word, look-alike
letters, line breaks, capitals, no accents …) in every place a text is published (stories,
summaries, award reasons, entries, campaign names, plan signers and bodies, news, hand-written
pages, link texts, image alt texts) is refused, naming the file and the line, or made safe. Both print their
figures.
"""
from __future__ import annotations

import shutil
import unicodedata

import pytest

import realschool
from bangvang import pipeline
from bangvang.checking.privacy import HiddenNames
from conftest import REPO, make_project, write

HIDDEN_MESSAGE = "không được công bố họ tên"


def _demo_copy(target):
    shutil.copytree(REPO, target, ignore=shutil.ignore_patterns(
        ".venv", ".git", "site", ".build", "__pycache__", ".pytest_cache", "tests", ".site-*",
        "giay-khen", "backups"))
    return target


def test_a_real_student_body_refuses_none_of_the_schools_own_texts(tmp_path):
    root = _demo_copy(tmp_path / "school")
    names = realschool.add_student_body(root, 1200)
    samples = realschool.add_plan_samples(root)
    result = pipeline.check(root)
    refused = [str(p) for p in result.problems if HIDDEN_MESSAGE in p.message]
    texts = len(list(root.rglob("*.md")))
    print(f"\nĐộ chính xác: {len(refused)} lần từ chối sai / {texts} tệp văn bản "
          f"(kể cả {samples} kế hoạch mẫu), {len(set(names))} tên học sinh ẩn")
    assert refused == [], "\n".join(refused[:20])
    assert not result.problems, "\n".join(str(p) for p in list(result.problems)[:20])
    same = len(names) - len(set(names))
    assert same > 20   # the body has namesakes, as a real school does (people.py keeps them apart)


def test_two_thousand_student_stories_at_default_consent_are_accepted(tmp_path):
    """The issue's synthetic school: 2,000 exemplars of students at their default consent,
    each with a story like the demo's, checks without a refusal."""
    root = _demo_copy(tmp_path / "school")
    stories = []
    for path in sorted((root / "exemplars").glob("*.md")):
        _, front, body = path.read_text("utf-8").split("---", 2)
        own = front.split("name:")[1].split("\n")[0].split()[-2:]
        if " ".join(own) not in body:   # a story that calls its own hero by name is theirs
            stories.append(body)
    for index, (who, unit) in enumerate(realschool.students(2000, seed=11)):
        year = 2022 + index % 4
        write(root, f"exemplars/hs-sinh-{index}.md",
              f"---\nname: {who}\nrole: student\nunit: \"{unit}\"\n"
              f"school_year: \"{year}-{year + 1}\"\nsummary: Em làm việc tốt.\n---"
              + stories[index % len(stories)])
    result = pipeline.check(root)
    refused = [str(p) for p in result.problems if HIDDEN_MESSAGE in p.message]
    print(f"\n2.000 gương học sinh: {len(refused)} lần từ chối")
    assert refused == [], "\n".join(refused[:20])
    # A student who shares the name of the teacher who signs a plan hides nothing of him.
    signers = [str(p) for p in result.problems.warnings if p.field == "signer.name"]
    assert signers == [], signers


# --- Recall: spellings × places ------------------------------------------------------------

def _no_accents(name: str) -> str:
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _inside_word(name: str, before: str, after: str) -> str:
    """Markup around the second letter of the given name: Kh**á**nh."""
    words = name.split(" ")
    given = words[-1]
    words[-1] = given[:1] + before + given[1:2] + after + given[2:]
    return " ".join(words)


def _entity(name: str) -> str:
    """The first letter with a mark as a numeric entity, the first letter as a decimal one."""
    marked = next((i for i, ch in enumerate(name) if not ch.isascii()), 1)
    name = name[:marked] + f"&#x{ord(name[marked]):x};" + name[marked + 1:]
    return f"&#{ord(name[0])};" + name[1:]


def _cyrillic(name: str) -> str:
    for latin, lookalike in (("o", "о"), ("a", "а"), ("e", "е"), ("y", "у"), ("c", "с")):
        if latin in name:
            return name.replace(latin, lookalike, 1)
    return name


def _fullwidth(name: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isascii() and ch.isalpha() else ch for ch in name)


def _between(name: str, mark: str) -> str:
    words = name.split(" ")
    words[-1] = words[-1][:1] + mark + words[-1][1:]
    return " ".join(words)


SPELLINGS = {
    "nguyên văn": lambda n: n,
    "hai chữ cuối": lambda n: " ".join(n.split(" ")[-2:]),
    "xuống dòng": lambda n: " ".join(n.split(" ")[:2]) + "\n" + " ".join(n.split(" ")[2:]),
    "in hoa": str.upper,
    "không dấu": _no_accents,
    "&nbsp;": lambda n: n.replace(" ", "&nbsp;"),
    "thực thể &#…;": _entity,
    "&aacute; …": lambda n: n.replace("á", "&aacute;").replace("à", "&agrave;")
    .replace("ê", "&ecirc;").replace(" ", "&#32;"),
    "zero-width space": lambda n: _between(n, "\u200b"),
    "zero-width joiner": lambda n: _between(n, "\u200d"),
    "word joiner": lambda n: _between(n, "\u2060"),
    "soft hyphen": lambda n: _between(n, "\u00ad"),
    "grapheme joiner": lambda n: _between(n, "\u034f"),
    "Markdown trong chữ": lambda n: _inside_word(n, "**", "**"),
    "HTML trong chữ": lambda n: _inside_word(n, "<span>", "</span>"),
    "toàn khổ": _fullwidth,
    "chữ Kirin": _cyrillic,
    "NFD": lambda n: unicodedata.normalize("NFD", n),
    "dấu kiểu cũ": lambda n: n.replace("Hòa", "Hoà").replace("Thúy", "Thuý"),
    "gạch nối": lambda n: n.replace(" ", "-"),
    "Ð (eth) thay Đ": lambda n: "Đỗ Ð" + n.split(" ", 1)[1][1:] if n.startswith("Đỗ") else n,
}
# Spellings that need a name of their own shape: (middle name, family name) forced.
SHAPES = {"dấu kiểu cũ": ("Hòa", None), "Ð (eth) thay Đ": ("Đức", "Đỗ")}


def _block(text: str, indent: str = "  ") -> str:
    """A YAML block scalar holding `text` exactly (line breaks included)."""
    return "|-\n" + "\n".join(indent + row for row in text.split("\n"))


EXEMPLAR = "---\nname: Phạm Thị Hoa\nrole: teacher\nschool_year: \"2023-2024\"\n{front}---\n{body}\n"
ENTRY = ("---\ncontest_year: 2024\ntitle: {title}\nauthor: {{name: Lý Văn Viết, role: teacher}}\n"
         "subject: Ông Tư\nsummary: Bài viết.\n---\n{body}\n")
CAMPAIGN = "---\nname: {name}\nlevel: truong\nsummary: Phong trào.\n---\nNội dung.\n"
PLAN = ("---\nissued: 01/09/2023\nissuer: Trường\ntitle: Kế hoạch\nyear: 2023\n"
        "signer: {{title: HIỆU TRƯỞNG, name: {signer}}}\n---\n{body}\n")
NEWS = "---\ndate: 2024-05-20\ntitle: {title}\n---\n{body}\n"

# place → (file for case k, text of the file with the spelled name, line where it starts)
PLACES = {
    "truyện gương khác": lambda k, s: (f"exemplars/gv-{k}.md", EXEMPLAR.format(
        front="summary: Cô dạy giỏi.\n", body=f"Cô kèm em {s} học toán."), 7),
    "tóm tắt nhiều dòng": lambda k, s: (f"exemplars/gv-{k}.md", EXEMPLAR.format(
        front=f"summary: {_block('Cô kèm em ' + s + ' học toán.')}\n", body="Chuyện."), 6),
    "chữ của liên kết": lambda k, s: (f"exemplars/gv-{k}.md", EXEMPLAR.format(
        front="summary: Cô dạy giỏi.\n", body=f"Xem [em {s}](https://example.org/)."), 7),
    "chữ thay ảnh": lambda k, s: (f"exemplars/gv-{k}.md", EXEMPLAR.format(
        front="summary: Cô dạy giỏi.\n", body=f"![Cô và em {s}](/anh/lop.jpg)"), 7),
    "lý do khen thưởng": None,   # lines appended to the roll (below)
    "bài dự thi: nội dung": lambda k, s: (f"exemplars/contest/bai-{k}.md", ENTRY.format(
        title="Người bạn", body=f"Tôi viết về {s}, bạn cùng lớp."), 8),
    "bài dự thi: tên bài": lambda k, s: (f"exemplars/contest/bai-{k}.md", ENTRY.format(
        title=_block("Bạn " + s), body="Bài viết."), 4),
    "tên phong trào": lambda k, s: (f"plans/campaigns/pt-{k}.md", CAMPAIGN.format(
        name=_block("Học tập tấm gương em " + s)), 3),
    "người ký kế hoạch": lambda k, s: (f"plans/kh-{k}.md", PLAN.format(
        signer='"' + s.replace("\n", " ").replace('"', "") + '"', body="Nội dung."), 7),
    "nội dung kế hoạch": lambda k, s: (f"plans/kh-{k}.md", PLAN.format(
        signer="Đặng Văn Đỗ", body=f"Tuyên dương em {s}."), 8),
    "tiêu đề tin": lambda k, s: (f"content/tin-tuc/posts/tin-{k}.md", NEWS.format(
        title=_block("Khen em " + s), body="Tin."), 4),
    "nội dung tin": lambda k, s: (f"content/tin-tuc/posts/tin-{k}.md", NEWS.format(
        title=f"Tin vui số {k}", body=f"Chúc mừng em {s}."), 5),
    "trang viết tay": lambda k, s: (f"content/trang-{k}.md",
                                    f"# Trang\n\nChúc mừng em {s}.\n", 3),
}


def _hidden_people(count: int) -> list[str]:
    """Distinct names whose last two words are distinct too (one hit, one person)."""
    found, pairs = [], set()
    for who, _ in realschool.students(count * 20, seed=3):
        pair = " ".join(who.split(" ")[-2:])
        if pair not in pairs and len(who.split(" ")) == 3 and "ư" not in who.lower():
            pairs.add(pair)
            found.append(who)
        if len(found) == count:
            return found
    raise AssertionError("not enough distinct names")


def _recall_project(tmp_path):
    root = make_project(tmp_path / "school")
    cases = [(s, p) for p in PLACES for s in SPELLINGS]
    names = _hidden_people(len(cases))
    taken = {" ".join(n.split(" ")[-2:]) for n in names}
    for index, (spelling, _) in enumerate(cases):
        if spelling in SHAPES:   # a name with "Hòa" to write "Hoà", with Đ to write Ð
            middle, family = SHAPES[spelling]
            words = names[index].split(" ")
            words[1], words[0] = middle, family or words[0]
            while " ".join(words[-2:]) in taken:
                words[2] += "n" if not words[2].endswith("n") else "h"
            taken.add(" ".join(words[-2:]))
            names[index] = " ".join(words)
    roll = root / "exemplars/honours/2023-2024.yml"
    text = roll.read_text("utf-8").rstrip("\n") + "\n"
    expected = {}
    for k, ((spelling, place), name) in enumerate(zip(cases, names)):
        text += (f"  - recipient: {name}\n    role: student\n    unit: 6A1\n"
                 f"    title: hoc-sinh-xuat-sac\n    level: truong\n"
                 f"    decision: {{number: 46/QĐ-THCS, date: 25/05/2024}}\n")
        spelled = SPELLINGS[spelling](name)
        if PLACES[place] is None:
            line = text.count("\n") + 1
            text += ("  - recipient: dang-van-do\n    form: giay-khen\n    level: truong\n"
                     f"    decision: {{number: {200 + k}/QĐ-THCS, date: 25/05/2024}}\n"
                     f"    reason: {_block('Kèm em ' + spelled + ' học', '      ')}\n")
            expected[(spelling, place)] = ("exemplars/honours/2023-2024.yml", line + 5)
            continue
        file, content, line = PLACES[place](k, spelled)
        write(root, file, content)
        expected[(spelling, place)] = (file, line)
    roll.write_text(text, "utf-8")
    return root, expected


def test_every_spelling_of_a_hidden_name_in_every_place_is_refused_or_made_safe(tmp_path):
    root, expected = _recall_project(tmp_path)
    result = pipeline.check(root)
    refused = {(p.file, p.line) for p in result.problems if HIDDEN_MESSAGE in p.message}
    files = {p.file for p in result.problems if HIDDEN_MESSAGE in p.message}
    safe = {p.file for p in result.problems.warnings if p.field == "signer.name"}
    table, missed = [], []
    for place in PLACES:
        row = []
        for spelling in SPELLINGS:
            file, line = expected[(spelling, place)]
            held = (file, line) in refused or (place == "người ký kế hoạch" and
                                               (file in files or file in safe))
            row.append("✓" if held else "✗")
            if not held:
                missed.append(f"{place} × {spelling}: {file}:{line} "
                              f"({[p.line for p in result.problems if p.file == file]})")
        table.append(f"{place:22} {' '.join(row)}")
    print("\nĐộ bao phủ (✓ từ chối đúng tệp và dòng, hoặc thay bằng chức vụ/chữ cái đầu):")
    print(" " * 23 + " ".join(str(i % 10) for i in range(len(SPELLINGS))))
    print("\n".join(table))
    print("  " + "; ".join(f"{i % 10}={s}" for i, s in enumerate(SPELLINGS)))
    held = len(expected) - len(missed)
    print(f"  {held}/{len(expected)} trường hợp giữ được")
    assert not missed, "\n".join(missed)


@pytest.mark.parametrize("text, hidden, refused", [
    ("cuộc vận động", "Nguyễn Văn Đông", False),
    ("Thứ hai hằng tuần", "Lê Thu Hai", False),
    ("phường Hòa An", "Trần Thị Hòa An", False),
    ("VĂN HÓA", "Trần Văn Hoa", False),
    ("EM BẢO NGỌC", "Nguyễn Thị Bảo Ngọc", True),
    ("kỷ niệm Quốc khánh", "Nguyễn Quốc Khánh", False),
    ("tư tưởng Hồ Chí Minh", "Lê Chí Minh", False),
    ("thầy Trần Văn An", "Nguyễn Văn An", False),
    ("em Văn An lớp 6A", "Nguyễn Văn An", True),
    ("Hường và Hương", "Nguyễn Thị Hường", False),
    ("Nguyễn Thị Hương", "Nguyễn Thị Hường", False),
    ("Nguyen Thi Huong", "Nguyễn Thị Hường", True),
    ("Đào Đức Tâm", "Đào Đức Tâm", True),
    ("Nguyễn Thị Bảo Ngọc", "Nguyễn Thị Bảo Ngọc", True),
    ("em Dũng", "Nguyễn Văn Đũng", False),
    ("Văn Dũng", "Nguyễn Văn Đũng", False),
])
def test_a_name_is_matched_as_a_name(text, hidden, refused):
    names = HiddenNames()
    names.add(hidden, "x.md")
    assert bool(names.spells(text, "other.md")) is refused


@pytest.mark.parametrize("record_id, own, refused", [
    ("tam-guong-dao-duc-tu-hoc", False, False),      # student Đào Đức Tâm
    ("thay-tran-ngoc-trung", False, False),          # student Trần Văn Trung
    ("hs-dao-duc-tam", False, True),                 # the full name, in order
    ("hs-duc-tam-6a", True, True),                   # the last two words, in their own story
    ("hs-dao-tam-6a", True, True),                   # family and given name, their own story
    ("hs-duc-tam-6a", False, False),                 # … elsewhere two words are not a name
])
def test_an_id_spells_a_name_only_with_its_words_together_and_in_order(record_id, own, refused):
    names = HiddenNames()
    names.add("Đào Đức Tâm", "exemplars/own.md")
    names.add("Trần Văn Trung", "exemplars/other.md")
    file = "exemplars/own.md" if own else "exemplars/x.md"
    assert (names.spelled_in_id(record_id, file) is not None) is refused


def test_a_photo_name_and_a_news_address_may_not_spell_a_hidden_name(tmp_path):
    """Photo names and news slugs become addresses, like record ids."""
    from PIL import Image
    root = make_project(tmp_path / "school")   # the mini school hides Lê Văn Ân (consent: none)
    (root / "exemplars/photos").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 64), "#c62828").save(root / "exemplars/photos/le-van-an-6a.jpg")
    write(root, "exemplars/gv-hoa.md", EXEMPLAR.format(
        front="summary: Cô dạy giỏi.\nconsent: full\nphoto: le-van-an-6a.jpg\n", body="Chuyện."))
    write(root, "content/tin-tuc/posts/tin-an.md", NEWS.format(
        title="Tin vui", body="Chúc mừng.").replace("---\n", "---\nslug: khen-le-van-an\n", 1))
    result = pipeline.check(root)
    refused = {p.file for p in result.problems if HIDDEN_MESSAGE in p.message}
    assert {"exemplars/gv-hoa.md", "content/tin-tuc/posts/tin-an.md"} <= refused, refused


def test_texts_judged_clean_before_are_judged_again_when_who_is_hidden_changes(tmp_path,
                                                                              monkeypatch):
    """`check` keeps its clean verdicts (privacy.CleanTexts): a second check reads only what
    changed; a text that named a published teacher is refused once her consent hides her,
    although the text itself did not change."""
    root = make_project(tmp_path / "school")
    write(root, "exemplars/gv-lan.md", "---\nname: Võ Thị Lan\nrole: teacher\nunit: Tổ Toán\n"
          "school_year: \"2023-2024\"\nsummary: Cô dạy giỏi.\n---\nCô Lan dạy giỏi.\n")
    write(root, "exemplars/gv-hoa.md", "---\nname: Đỗ Thị Hoa\nrole: teacher\nunit: Tổ Toán\n"
          "school_year: \"2023-2024\"\nsummary: Cô dạy giỏi.\n---\n"
          "Cô cùng cô Võ Thị Lan dạy tốt.\n")
    assert not pipeline.check(root).problems
    cache = root / ".build/cache/kiem-tra-rieng-tu.json"
    assert cache.is_file()
    read = []
    spells = HiddenNames.spells
    monkeypatch.setattr(HiddenNames, "spells", lambda self, text, *a, **k: (
        read.append(text), spells(self, text, *a, **k))[1])
    write(root, "exemplars/gv-hoa.md", (root / "exemplars/gv-hoa.md").read_text("utf-8")
          .replace("dạy tốt.", "dạy tốt lắm."))
    assert not pipeline.check(root).problems
    assert [t for t in read if "Võ Thị Lan" in t] == ["<p>Cô cùng cô Võ Thị Lan dạy tốt lắm.</p>"]
    lan = root / "exemplars/gv-lan.md"
    lan.write_text(lan.read_text("utf-8").replace("role: teacher\n",
                                                  "role: teacher\nconsent: initials\n"), "utf-8")
    refused = [p for p in pipeline.check(root).problems if HIDDEN_MESSAGE in p.message]
    assert [p.file for p in refused] == ["exemplars/gv-hoa.md"]


def test_a_student_added_to_the_roll_reads_again_only_texts_with_her_last_two_words(tmp_path,
                                                                                  monkeypatch):
    """The commonest edit: one more student on the roll, shown by initials. `check` reads
    again the texts that hold her last two words (and refuses the one that names her), not
    the others, which keep their verdicts, even those holding her given name ("Cô Trang")."""
    root = make_project(tmp_path / "school")
    write(root, "exemplars/gv-trang.md", "---\nname: Lê Thị Trang\nrole: teacher\nunit: Tổ "
          "Toán\nschool_year: \"2023-2024\"\nsummary: Cô dạy giỏi.\n---\nCô Trang dạy giỏi.\n")
    write(root, "exemplars/gv-hoa.md", "---\nname: Đỗ Thị Hoa\nrole: teacher\nunit: Tổ Toán\n"
          "school_year: \"2023-2024\"\nsummary: Cô dạy giỏi.\n---\n"
          "Cô dẫn em Phạm Thu Trang đi thi.\n")
    assert not pipeline.check(root).problems
    assert not pipeline.check(root).problems   # whole records' verdicts hold: none read
    read = []
    spells = HiddenNames.spells
    monkeypatch.setattr(HiddenNames, "spells", lambda self, text, *a, **k: (
        read.append(text), spells(self, text, *a, **k))[1])
    roll = root / "exemplars/honours/2023-2024.yml"
    roll.write_text(roll.read_text("utf-8") + "  - recipient: Phạm Thu Trang\n    role: student\n"
                    "    unit: 6A1\n    title: hoc-sinh-xuat-sac\n    level: truong\n"
                    "    decision: {number: 46/QĐ-THCS, date: 25/05/2024}\n", "utf-8")
    refused = [p for p in pipeline.check(root).problems if HIDDEN_MESSAGE in p.message]
    assert [p.file for p in refused] == ["exemplars/gv-hoa.md"]
    assert "<p>Cô dẫn em Phạm Thu Trang đi thi.</p>" in read
    assert not any("Cô Trang dạy giỏi" in t for t in read)   # "Cô Trang": its verdict kept
    assert not any(t == "Cô dạy giỏi." for t in read)        # no "trang": its verdict kept


def test_the_words_before_a_name_are_those_a_reader_sees_before_it():
    """The rule's look-behind (a family name, a place word, a published name around the two
    words) reads the same words as the plain definition: up to five words, each followed by
    one space, ending at the name (or at a line break right before it)."""
    import random
    import re
    from bangvang.checking.privacy import _words_before
    definition = re.compile(r"((?:\w+ ){0,5})$")
    pieces = ["an", "Văn", "Nguyễn", "x", " ", "  ", ".", "\n", "-", "đ", "Ánh", "_", "1"]
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        for start in {0, len(text) // 2, len(text)}:
            expected = definition.search(text, max(0, start - 200), start).group(1).split()
            assert _words_before(text, start) == expected, (text, start)
    assert _words_before("phường Hòa An", len("phường ")) == ["phường"]
    assert _words_before("Trần \nVăn An", len("Trần \n")) == ["Trần"]


def test_block_tags_in_any_case_are_marked_as_when_case_is_ignored():
    # readable._blocks_marked searches lower-case tag names when every tag name is lower
    # case: the same text as the search ignoring case, or a theme's <TD> or <bR> could run a
    # name across two cells, or split one, for the gate alone.
    import random
    from bangvang.checking import readable
    pieces = ["<", "</", ">", "td", "TD", "tD", "br", "BR", "bR", "p", "P", "li", "h2", "H2",
              "span", "SPAN", " ", "x", "=", '"', "/", "Kd", "K", "ſcript", "ſ", "İmg", "hr",
              "tr", "TR", "Nguyễn", "An", "table", "-", "¶", "\n", "<br/>", "<br>", "<BR >"]
    rng = random.Random(26)
    texts = ["<TD>a</TD><td>b</td>", "<bR>x", "<tD>phường</tD><td>Hòa An</td>", "<ſcript>",
             "<P>Nguyễn</P><p>An</p>", "<p class=x>a<br/>b</p>"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    for text in texts:
        whole = readable._BLOCK.sub(" ¶ ", readable._BREAK.sub(" ", text))
        assert readable._blocks_marked(text) == whole, text


def test_words_joined_by_hyphens_are_read_as_the_regular_expression_reads_them():
    # readable._unjoined is a faster re.sub(_JOINED, _unjoin): the same text for every
    # input, or a name written "Nguyễn-Văn-An" could be read differently by the gate.
    import random
    from bangvang.checking import readable
    pieces = list("aAbĐđ1_- -\n.ễÂ¶") + ["--", "Nguyễn", "VAN", "x_y", "2023-2024"]
    rng = random.Random(24)
    texts = ["Nguyễn-Văn-An", "nguyen-van-an", "a--b-", "-a-b", "x_y-z", "Lê-Thị–Hoa",
             "NGUYEN-VAN-AN và Trần-Bình", "2023-2024-2025", "a-b c-D"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 16))) for _ in range(20000)]
    for text in texts:
        assert readable._unjoined(text) == readable._JOINED.sub(readable._unjoin, text), text
    assert readable.reader_text("Em Nguyễn-Văn-An, lớp 9A") == "Em Nguyễn Văn An, lớp 9A"


def test_a_verdict_keeps_every_pair_of_words_that_ends_in_a_given_name():
    # A clean verdict holds for one more hidden person while its text lacks her last two
    # words (verdicts.Names): the pairs `spells` records must be every two whole words one
    # space apart whose second is a known given name, as the plain definition finds them.
    import random
    import re
    from bangvang.checking.readable import folded, reader_text
    hidden = HiddenNames()
    for name in ("Nguyễn Thị Thu", "Lê Văn An", "Trần Anh", "Phạm Minh Thư"):
        hidden.add(name, "")
    hidden.allow(["Đỗ Thị Hoa", "Vũ An"])
    given = hidden.given_names()
    assert given == {"thu", "an", "anh", "hoa"}
    pieces = ["thu", "Thư", "an", "anh", "An", "hoa", "Hoà", "x", " ", "  ", "\n", ".", "-",
              "_", "1", "thuan", "đ", "<b>", "</b>", "&amp;", "minh", "Văn"]
    rng = random.Random(25)
    plain = re.compile(r"(?=(?<!\w)(\w+) (\w+)(?!\w))")
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        kept: set[str] = set()
        hidden.spells(text, words=kept)
        expected = {f"{a}+{b}" for a, b in plain.findall(folded(reader_text(text)))
                    if b in given}
        assert kept - {""} == expected, text

"""The parts of a plan after its header, read by `extract.Plan` (split from extract.py in
session 27, which was over 700 lines): the documents it cites, its campaigns and targets, its
body as Markdown, and the signature block with the recipients. Mixed into `Plan`: the methods
use its lines (`lines`, `folds`, `raw_lines`), `values` and `warnings`."""
from __future__ import annotations

import re

from . import body as body_md
from .clean import strip_emphasis
from .documents import DOC_NUMBER, date_after, is_document_number, normal_number
from .targets import target_of
from .vietnamese import folded, is_upper_line, key, name_case

_MOTTO = re.compile(r"cong hoa xa hoi|doc lap\s*[-–,]?\s*tu do|tu do\s*[-–,]\s*hanh phuc|"
                    r"^\W*(?:dang cong san viet nam|doan tncs ho chi minh|"
                    r"doi tntp ho chi minh)\W*$")
_SEPARATOR = re.compile(r"^[\s\-_=*~.·oO0•]*$")
_SIGNER_TITLE = re.compile(
    r"(?:^|\b)(kt\.?|tm\.?|tl\.?|t/m|k/t|q\.|hieu truong|truong phong|pho truong phong|chu tich|"
    r"pho chu tich|giam doc|pho giam doc|bi thu|truong ban|pho truong ban|tong phu trach|"
    r"thu truong|truong khoa|to truong|nguoi lap|nguoi viet|hieu pho|lien doi truong|"
    r"bi thu doan|tong phu trach doi)\b")
_NOT_NAME = re.compile(r"\b(da ky|ky ten|ky,|dong dau|ghi ro|chu ky|signature|con dau|"
                       r"cong hoa|doc lap|hanh phuc|viet nam|noi nhan|truong|phong|hoi dong|"
                       r"uy ban|ubnd|thcs|thpt|hieu|chu tich|giam doc|ban|so)\b")
_FILLER_SIGN = re.compile(r"^\(?\s*(da ky|ky|ky ten|ky,? ghi ro ho ten|ky ten,? dong dau|"
                          r"ky va ghi ro ho ten|ky,? dong dau|dong dau|chu ky|\[?chu ky\]?|"
                          r"signed|signature)\s*\)?\.?$")


class BodyParts:
    """References, campaigns, targets and the body of a plan."""

    # --- references --------------------------------------------------------------------

    def _references(self, indexes) -> None:
        seen: dict[str, dict] = {}
        own = (self.values["number"] or "").upper()
        for index in indexes:
            if index in self.header_lines and re.match(r"^\W*s[o0]\s*[:.]", self.folds[index].strip()):
                continue
            line = strip_emphasis(self.lines[index])
            fold = folded(line)
            for match in DOC_NUMBER.finditer(line):
                number = normal_number(match.group(0))
                if not is_document_number(number):
                    continue
                date = date_after(fold, match.end())
                key_ = number.upper()
                if key_ == own:
                    continue
                if key_ in seen:
                    if seen[key_]["date"] is None and date:
                        seen[key_]["date"] = date
                    continue
                seen[key_] = {"number": number, "date": date}
        self.values["references"] = list(seen.values())

    # --- campaigns, themes, programmes, contests ------------------------------------------

    def _campaigns(self, indexes: list[int]) -> None:
        from .campaigns import find_named
        found = find_named(self._logical_lines(indexes), self.known)
        self.values["campaigns"] = [c.name for c in found.campaigns]
        self.campaign_kinds = {c.name: c.kind for c in found.campaigns}
        self.values["themes"] = found.themes
        self.values["programmes"] = found.programmes
        self.values["contests"] = found.contests

    def _logical_lines(self, indexes: list[int]) -> list[tuple[str, int]]:
        """Lines joined back into sentences where a hard wrap cut them: a line that starts in
        lower case or with a quote mark after one that did not end its sentence, or that
        follows an unclosed quote, continues the one before."""
        out: list[tuple[str, int]] = []
        for index in indexes:
            text = self.lines[index].strip()
            if not text:
                continue
            if out:
                previous = out[-1][0]
                # A quotation left open by a sentence that ended (its closing mark lost by
                # OCR) does not take in the next paragraph.
                open_quote = _quote_open(previous) and \
                    not previous.endswith((".", ";", "!", "?"))
                continues = (text[:1].islower() or text[:1] in "“”\"") and \
                    not previous.endswith((".", ";", ":", "!", "?"))
                if open_quote or continues:
                    out[-1] = (f"{previous} {text}", out[-1][1])
                    continue
            out.append((text, index))
        return out

    # --- targets -----------------------------------------------------------------------

    def _wrapped_lines(self, indexes: list[int]) -> list[str]:
        """Lines with a target's number cut from its words by the end of a page-wide line
        (a PDF's or a scan's: "… thu được ít nhất" / "800 kg giấy vụn trong năm.") joined
        to the line before: a line of 50 characters or more not ending its sentence goes on
        in a next one that starts with a number that is not an item's ("2." / "3)"), or,
        when it ends with a number ("… ít nhất 03" / "tiết dạy tốt, …"), in lower case.
        Otherwise a line going on in lower case is left apart: it may hold a target."""
        out: list[str] = []
        joins = number_last = False
        for index in indexes:
            line = strip_emphasis(self.lines[index]).strip()
            # … or that starts in lower case with the number as its second or third word:
            # the wrap fell inside the words before it ("… dạy ít" / "nhất 03 tiết …").
            cut_before = bool(re.match(r"[^\W\d]\S*(?:\s+[^\W\d]\S*)?\s+\d[\d.,]*\s+\w",
                                       line)) and line[:1].islower()
            if joins and (re.match(r"\d[\d.,]*(?![.)\d])", line) or cut_before or
                          (number_last and line[:1].islower())):
                out[-1] = f"{out[-1]} {line}"
            else:
                out.append(line)
            joins = len(line) >= 50 and not line.endswith((".", ";", ":", "!", "?"))
            number_last = bool(re.search(r"\d$", line))
        return out

    def _targets(self, indexes: list[int]) -> None:
        targets, seen = [], set()
        in_targets_section = section_of_targets = False
        for line in self._wrapped_lines(indexes):
            heading = body_md.classify(line)
            if heading.kind in ("section", "heading", "subheading"):
                is_targets = bool(re.search(r"\bchi tieu\b", folded(heading.text)))
                # A section of targets keeps its sub-headings ("1. Đối với học sinh") in it.
                if heading.kind == "section":
                    section_of_targets = is_targets
                in_targets_section = is_targets or section_of_targets
                if heading.kind != "section" and len(heading.text) > 80:
                    pass
                else:
                    continue
            for clause in re.split(r"(?<=[;])\s+|(?<=[a-z\)])\.\s+(?=[A-ZĐ])", line):
                target = target_of(clause, in_targets_section)
                if target and key(target["text"]) not in seen:
                    seen.add(key(target["text"]))
                    targets.append(target)
        self.values["targets"] = targets

    # --- body ----------------------------------------------------------------------------

    def _body(self) -> None:
        drop = set()
        for index in self.header_lines:
            fold = strip_emphasis(self.folds[index]).strip()
            if fold and len(fold) > 3:
                drop.add(fold)
        lines = []
        for index in self.body_indexes:
            fold = self.folds[index].strip()
            if _MOTTO.search(fold) and len(fold) < 60:
                continue
            lines.append(self.lines[index])
        markdown, sections, warnings = body_md.to_markdown(lines, drop)
        self.body = markdown
        self.values["sections"] = sections
        self.warnings += warnings
        if not sections:
            self.warnings.append("Không thấy các mục I., II., III. trong nội dung; hãy kiểm tra "
                                 "phần nội dung")


class TailParts:
    """The signature block and the recipients ("Nơi nhận") of a plan."""

    # --- tail: recipients, signer ---------------------------------------------------------

    def _tail_start(self, body_start: int) -> int:
        indexes = self._nonblank(body_start)
        for index in reversed(indexes):
            if re.match(r"^[\W_]*n[o0]i\s*nh[a-z]n\b", self.folds[index].strip()):
                # The signature block may come first, just above "Nơi nhận".
                above = [i for i in indexes if index - 12 <= i < index
                         and self._signer_title_line(i)]
                return above[0] if above else index
        # No "Nơi nhận": the signature block is the last run of titles and a name.
        for index in indexes[-12:]:
            if self._signer_title_line(index):
                return index
        return len(self.lines)

    def _signer_title_line(self, index: int) -> bool:
        fold = self.folds[index].strip().replace("*", "")
        return (is_upper_line(self.lines[index]) and bool(_SIGNER_TITLE.search(fold))
                and len(self.lines[index]) < 60)

    def _tail(self, start: int) -> None:
        recipients: list[str] = []
        titles: list[str] = []
        name = None
        seen_title = False
        for index in range(start, len(self.lines)):
            line = strip_emphasis(self.lines[index]).strip()
            fold = folded(line).strip()
            if not line:
                continue
            head = re.match(r"^[\W_]*n[o0]i\s*nh[a-z]n\s*:?\s*", fold)
            if head:
                line = line[head.end():].strip()
                fold = fold[head.end():].strip()
                if not line:
                    continue
                if re.match(r"^[-+•]", line) and " - " in line:
                    for part in re.split(r"\s+[-+•]\s+", line.lstrip("-+• ")):
                        recipients.append(_clean_recipient(part))
                    continue
            if re.match(r"^[-+•·–]\s*", line) and not seen_title or (
                    re.match(r"^[-+•·]\s*", line) and name is None):
                item = _clean_recipient(line)
                if item:
                    recipients.append(item)
                continue
            if _MOTTO.search(fold) or _SEPARATOR.match(fold):
                if name:
                    break
                continue
            if _FILLER_SIGN.match(fold) or re.match(r"^\(.*\)$", line):
                continue
            if name is None and _SIGNER_TITLE.search(fold) and is_upper_line(line) and len(line) < 70:
                seen_title = True
                titles.append(_signer_title(line))
                continue
            if (name is None and seen_title and _looks_like_name(line)):
                name = name_case(" ".join(line.split()))
                continue
            if not seen_title and recipients and line[:1].islower():
                recipients[-1] = f"{recipients[-1]} {_clean_recipient(line)}"
                continue
            if name is not None:
                break
        self.values["recipients"] = [r for r in recipients if r]
        if name is None and len(titles) >= 2:
            titles, name = self._side_by_side_signers(titles) or (titles, name)
        if titles or name:
            self.values["signer"] = {"name": name, "title": " / ".join(titles) or None}
            if not name:
                self.warnings.append("Không thấy họ tên người ký dưới chức vụ; hãy điền "
                                     "`signer.name`")
        else:
            self.warnings.append("Không thấy phần người ký (HIỆU TRƯỞNG …, họ tên); hãy điền "
                                 "`signer` nếu cần")
        if not recipients:
            self.warnings.append("Không thấy phần “Nơi nhận”")
        self.tail_start = start

    def _side_by_side_signers(self, titles: list[str]) -> tuple[list[str], str] | None:
        """A joint plan signed by two heads side by side ("TM. BCH CÔNG ĐOÀN    HIỆU TRƯỞNG",
        then "Nguyễn Thị A    Trần Văn B"): the head of the school or office is the signer."""
        def columns(raw: str) -> list[str]:
            return [c.strip() for c in re.split(r"\t+| {4,}", raw.strip()) if c.strip()]

        rows = [columns(raw.replace("*", "")) for raw in self.raw_lines[-40:]]
        rows = [row for row in rows if len(row) == 2]
        head = next(((row, i) for row in rows for i, cell in enumerate(row)
                     if re.match(r"(kt\.? ?)?(hieu truong|truong phong|giam doc)$",
                                 folded(cell).lower())), None)
        names = next((row for row in rows if all(_looks_like_name(cell) for cell in row)), None)
        if not head or not names:
            return None
        column = head[1]
        return [_signer_title(head[0][column])], name_case(names[column])


# --- helpers ---------------------------------------------------------------------------------

def _clean_recipient(text: str) -> str:
    text = re.sub(r"^[-+•·–]\s*", "", text.strip())
    return " ".join(text.split()).rstrip(" ;,.")


def _signer_title(line: str) -> str:
    text = " ".join(line.split())
    text = re.sub(r"^(K|T)\s*[/.]\s*(T|M|L)\b\.?\s*", lambda m: f"{m.group(1)}{m.group(2)}. ", text)
    text = re.sub(r"^(KT|TM|TL|Q)\s*\.\s*", lambda m: m.group(1) + ". ", text)
    text = re.sub(r"^(KT|TM|TL)\s+(?=[A-ZĐ])", lambda m: m.group(1) + ". ", text)
    return text.rstrip(" :")


def _looks_like_name(line: str) -> bool:
    words = line.split()
    fold = folded(line)
    if not 2 <= len(words) <= 6 or re.search(r"\d|[:;,(]", line) or _NOT_NAME.search(fold):
        return False
    return all(w[:1].isupper() for w in words)


def _quote_open(text: str) -> bool:
    """Whether a line ends inside a quotation: its last quote mark opens one. Judged on the
    last mark, not on counts, because one straight quote read as a curly one by OCR or
    typed so ("Nói không …” ) would unbalance every count after it."""
    marks = [(m.start(), m.group(0)) for m in re.finditer(r"[“”\"]", text)]
    if not marks:
        return False
    at, mark = marks[-1]
    if mark == "“":
        return True
    if mark == "”":
        return False
    # A straight quote opens when it stands before a word, not after one.
    return (at == 0 or not text[at - 1].isalnum()) and at + 1 < len(text) and \
        text[at + 1].isalnum()

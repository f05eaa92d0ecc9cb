"""Plan text → plan fields. Pure functions: lines in, a dict out, nothing read or written.

Patterns run on the folded form of each line (lower-case, no accents, đ→d, same length as
the line, see vietnamese.folded), and values are cut from the original line at the same
places: a plan whose OCR lost its accents still yields its number, dates, sections and
basis.
"""
from __future__ import annotations

import datetime as dt
import re

from ..text import DateError, normalise_number, parse_date
from . import body as body_md
from .clean import clean_lines, strip_emphasis
from .quality import assess
from .vietnamese import folded, is_upper_line, key, name_case, sentence_case

FIELDS = ("number", "issued", "place", "issuer", "issuer_parent", "title", "year", "school_year",
          "basis", "references", "campaigns", "themes", "programmes", "contests", "targets",
          "signer", "recipients", "sections", "warnings")

# --- Patterns ------------------------------------------------------------------------------

_CODE_PART = r"[A-ZĐƯ][A-Za-zĐđƯư0-9&]*"
DOC_NUMBER = re.compile(
    r"(?<![\w/.,-])(\d{1,5}(?:\s*/\s*\d{4})?)\s*([/-])\s*(" + _CODE_PART +
    r"(?:\s*[-/.]\s*" + _CODE_PART + r")*)")
# Folded: "ngay 07 thang 02 nam 2022", "ngay 7/4/2014", "ngay  thang 02 nam 2022".
_DAY = r"(\d{1,2}|[._…\s]*)"
DATE_WORDS = re.compile(r"\bng[a-z]{0,2}y\s*" + _DAY + r"\s*th[a-z]{1,3}g\s*(\d{1,2}|[._…\s]*?)\s*"
                        r"n[a-z]{1,2}m\s*(\d{4})\b")
DATE_SLASH = re.compile(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b")
DATE_AFTER = re.compile(r"^\s*[,(]?\s*(?:ban hanh\s+|ky\s+)?(?:ngay|vao ngay)\s*(?:"
                        r"(\d{1,2})\s*th[a-z]{1,3}g\s*(\d{1,2})\s*n[a-z]{1,2}m\s*(\d{4})|"
                        r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}))")
SCHOOL_YEAR = re.compile(r"\b(20\d\d|19\d\d)\s*[-–—/]\s*(20\d\d|19\d\d)\b")
YEAR = re.compile(r"\bn[a-z]{1,2}m\s+(20\d\d|19\d\d)\b(?!\s*[-–—/]\s*\d)")
_BASIS_START = re.compile(r"^[-+•*]?\s*(can cu|thuc hien|thi hanh|trien khai thuc hien|"
                          r"quan triet|theo (?=(?:ke hoach|quyet dinh|cong van|huong dan|chi thi|"
                          r"thong tu|nghi dinh|luat|van ban|nghi quyet)))\b")
_DOC_KIND = re.compile(r"^(luat|nghi dinh|nghi quyet|thong tu|quyet dinh|chi thi|ke hoach|"
                       r"cong van|huong dan|van ban|dieu le|quy che|quy dinh|thong bao|"
                       r"chuong trinh|bo luat|phap lenh|hien phap|cv|kh|qd|ct|tt|nd|hd)\b")
_MOTTO = re.compile(r"cong hoa xa hoi|doc lap\s*[-–,]?\s*tu do|tu do\s*[-–,]\s*hanh phuc")
_SEPARATOR = re.compile(r"^[\s\-_=*~.·oO0•]*$")
_ORG_START = re.compile(
    r"^(uy ban|ubnd|phong|so |so$|truong|bo |hoi dong|dang uy|dang bo|chi bo|cong doan|"
    r"lien doi|doan |ban |thanh uy|huyen uy|quan uy|tinh uy|thi uy|hdnd|hoi |cum |pgd|sgd|"
    r"trung tam|nha truong|hdtdkt|cac truong|lien doan)")
_SIGNER_TITLE = re.compile(
    r"\b(kt\.?|tm\.?|tl\.?|q\.|hieu truong|truong phong|pho truong phong|chu tich|"
    r"pho chu tich|giam doc|pho giam doc|bi thu|truong ban|pho truong ban|tong phu trach|"
    r"thu truong|truong khoa|to truong|nguoi lap|nguoi viet|hieu pho)\b")
_NOT_NAME = re.compile(r"\b(da ky|ky ten|ky,|dong dau|ghi ro|chu ky|signature|con dau|"
                       r"cong hoa|doc lap|hanh phuc|viet nam|noi nhan|truong|phong|hoi dong|"
                       r"uy ban|ubnd|thcs|thpt|hieu|chu tich|giam doc|ban|so)\b")
_FILLER_SIGN = re.compile(r"^\(?\s*(da ky|ky|ky ten|ky,? ghi ro ho ten|ky ten,? dong dau|"
                          r"ky va ghi ro ho ten|ky,? dong dau|dong dau|chu ky|\[?chu ky\]?|"
                          r"signed|signature)\s*\)?\.?$")
_CLOSING = re.compile(r"^tren day la\b")
_TITLE_VERB = re.compile(r"^(thuc hien|trien khai thuc hien)\s+(?!(ke hoach|quyet dinh|cong van|"
                         r"huong dan|chi thi|thong tu|nghi dinh|nghi quyet|luat|van ban|chi dao|"
                         r"y kien|thong bao|chuong trinh)\b)")


def _fold(text: str) -> str:
    return folded(text)


def _clean_value(text: str) -> str:
    text = strip_emphasis(text)
    text = text.strip(" \t-–—:;,./")
    return " ".join(text.split())


def _date(day: str | None, month: str | None, year: str | None) -> dt.date | None:
    try:
        return parse_date(f"{int(day)}/{int(month)}/{int(year)}")
    except (DateError, TypeError, ValueError):
        return None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class Plan:
    """The extraction of one document; `result()` is the JSON-ready dict."""

    def __init__(self, raw_lines: list[str], known_campaigns: dict[str, str] | None = None):
        self.warnings: list[str] = []
        self.lines, slips = clean_lines(raw_lines)
        self.folds = [_fold(line) for line in self.lines]
        self.known = known_campaigns or {}
        self.quality = assess(self.lines)
        self.values: dict = {name: None for name in FIELDS}
        for name in ("basis", "references", "campaigns", "themes", "programmes", "contests",
                     "targets", "recipients", "sections"):
            self.values[name] = []
        self.campaign_kinds: dict[str, str] = {}
        if slips:
            shown = ", ".join(f"“{a}” → “{b}”" for a, b in list(dict.fromkeys(slips))[:8])
            self.warnings.append(f"Đã sửa {len(slips)} chữ gõ sai (lỗi gõ Telex hoặc nhận dạng "
                                 f"chữ): {shown}. Hãy soát lại phần nội dung")
        self._run()

    # --- zones ------------------------------------------------------------------------

    def _nonblank(self, start: int = 0, stop: int | None = None):
        stop = len(self.lines) if stop is None else stop
        return [i for i in range(start, stop) if self.lines[i].strip()]

    def _find_title(self) -> int | None:
        for index in self._nonblank()[:60]:
            plain = re.sub(r"^[\W_]+", "", self.folds[index].replace("*", ""))
            if not re.match(r"ke\s*hoach\b", plain):
                continue
            rest = plain[len(re.match(r"ke\s*hoach", plain).group(0)):].strip(" :.-")
            if re.match(r"(so|nay|cua|da|nam hoc \d{4}\s*-\s*\d{4} cua)\b", rest):
                continue
            if len(self.lines[index]) > 220:
                continue
            return index
        return None

    def _run(self) -> None:
        title_index = self._find_title()
        first_section = next((i for i in self._nonblank(title_index or 0)
                              if body_md.section_of(self.lines[i])), None)
        if title_index is None:
            self.warnings.append("Không thấy dòng “KẾ HOẠCH” và tên kế hoạch (trích yếu); hãy "
                                 "điền `title` bằng tay")
            stop = next((i for i in self._nonblank()
                         if _BASIS_START.match(self.folds[i]) or i == first_section),
                        len(self.lines))
            header_end, after_title = stop, stop
        else:
            header_end = title_index
            after_title = self._title(title_index)
        self.header_lines = list(range(0, header_end))
        self._header(self.header_lines)
        tail_start = self._tail_start(first_section if first_section is not None else after_title)
        preamble_end = first_section if first_section is not None else after_title
        intro = self._preamble(after_title, preamble_end)
        body_lines = intro + list(range(preamble_end, tail_start)) if first_section is not None \
            else intro
        if first_section is None:
            body_lines = intro + list(range(after_title, tail_start))
            body_lines = sorted(set(body_lines))
        self.body_indexes = body_lines
        self._tail(tail_start)
        self._issuer_fallback()
        self._years()
        text_indexes = [i for i in range(header_end, tail_start)]
        self._references(range(0, len(self.lines)))
        self._campaigns(text_indexes)
        self._targets(self.body_indexes)
        self._body()
        self._quality_warnings()

    # --- header -------------------------------------------------------------------------

    def _header(self, indexes: list[int]) -> None:
        orgs: list[str] = []
        found_date = False
        for index in indexes:
            line, fold = self.lines[index].strip(), self.folds[index].strip()
            plain_fold = fold.replace("*", "").strip()
            if not plain_fold:
                continue
            if _SEPARATOR.match(plain_fold) or _MOTTO.search(plain_fold):
                continue
            number = re.match(r"^s[o0]\s*(?::|\.|(?=\s*\d)|(?=\s*[._…\s]*/))", plain_fold)
            if number:
                self._number(line, number.end())
                rest_date = DATE_WORDS.search(plain_fold) or None
                if rest_date and not found_date:
                    found_date = self._issued_from(index)
                continue
            if not found_date and (DATE_WORDS.search(plain_fold) or
                                   re.match(r"^[^\d,]{2,40},\s*(?:ngay\s*)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}",
                                            plain_fold)):
                found_date = self._issued_from(index)
                if found_date:
                    continue
            if re.match(r"^(du thao|\(du thao\)|mau|v/v|ban hanh kem theo)", plain_fold):
                continue
            if len(line) <= 120 and re.search(r"[^\W\d_]{2}", line):
                orgs.append(strip_emphasis(line))
        if not found_date:
            # Some documents put place and date under the title or above the signature.
            for index in self._nonblank()[:40] + self._nonblank()[-15:]:
                if DATE_WORDS.search(self.folds[index]) and (
                        re.match(r"^[^\d]{0,40},\s*ng", self.folds[index].strip())
                        or self.folds[index].strip().startswith("ng")):
                    if len(self.lines[index]) < 90 and self._issued_from(index):
                        break
        if self.values["issued"] is None and not any("Ngày ban hành" in w for w in self.warnings):
            self.warnings.append("Không tìm thấy ngày ban hành (dòng “…, ngày … tháng … năm …”); "
                                 "hãy điền `issued`")
        units: list[str] = []
        for org in orgs:
            if not units or _ORG_START.match(_fold(org).strip()):
                units.append(org)
            else:
                units[-1] = f"{units[-1]} {org}"
        if units:
            self.values["issuer"] = name_case(units[-1].strip(" .:"))
            if len(units) > 1:
                self.values["issuer_parent"] = name_case(units[-2].strip(" .:"))

    def _number(self, line: str, start: int) -> None:
        rest = line[start:].strip()
        match = DOC_NUMBER.match(rest)
        if match and match.start() == 0:
            self.values["number"] = _normal_number(match.group(0))
            return
        if self.values["number"] is None:
            shown = re.split(r"\s{2,}|\t", rest)[0].strip() or "…"
            self.warnings.append(f"Số văn bản để trống (“Số: {shown}”): văn bản chưa có số, hoặc "
                                 "số viết tay trên bản giấy; hãy điền `number` nếu đã có")

    def _issued_from(self, index: int) -> bool:
        line, fold = self.lines[index], self.folds[index]
        match = DATE_WORDS.search(fold)
        if match:
            day, month, year = (g.strip(" ._…") for g in match.groups())
            where = match.start()
        else:
            match = DATE_SLASH.search(fold)
            if not match:
                return False
            day, month, year = match.groups()
            where = match.start()
        place = line[:where]
        number = re.search(r"s[oố0]\s*[:.]?\s*[\d\s]*/\S*", place, re.I)
        if number:
            place = place[number.end():]
        place = re.sub(r"(?i),?\s*ng[aà]y\s*$", "", place.rstrip(" ,"))
        place = _clean_value(place)
        if place and 1 <= len(place.split()) <= 6 and not re.search(r"\d", place):
            self.values["place"] = name_case(place)
        if not day:
            self.warnings.append(f"Ngày ban hành để trống (“{_clean_value(line)}”): văn bản chưa "
                                 "ghi ngày; hãy điền `issued` (ngày ký)")
            self.issued_month_year = (month, year)
            return True
        value = _date(day, month, year)
        if value is None:
            self.warnings.append(f"Ngày ban hành “{_clean_value(line)}” không có thật trên lịch; "
                                 "hãy sửa `issued`")
            return True
        self.values["issued"] = value.isoformat()
        return True

    # --- title, preamble ----------------------------------------------------------------

    def _title(self, index: int) -> int:
        line = strip_emphasis(self.lines[index])
        fold = _fold(line)
        head = re.match(r"^[\W_]*ke\s*hoach\s*[:.\-–]?\s*", fold)
        parts = [line[head.end():].strip()] if head and line[head.end():].strip() else []
        position = index + 1
        while position < len(self.lines) and len(parts) < 5:
            text = self.lines[position].strip()
            fold = self.folds[position].strip().replace("*", "").strip()
            if not text:
                nxt = next((i for i in range(position + 1, min(position + 3, len(self.lines)))
                            if self.lines[i].strip()), None)
                if nxt is None or (parts and not self._title_like(nxt, after_blank=True)):
                    break
                position += 1
                continue
            if _SEPARATOR.match(fold):
                if parts:
                    position += 1
                    break
                position += 1
                continue
            if not self._title_like(position, after_blank=False):
                break
            parts.append(strip_emphasis(text))
            position += 1
        title = " ".join(" ".join(parts).split()).strip(" .:;-")
        title = re.sub(r"^\((.*)\)$", r"\1", title)
        if title:
            if is_upper_line(title):
                title = sentence_case(title)
            self.values["title"] = title
        else:
            self.warnings.append("Không đọc được tên kế hoạch (trích yếu) dưới chữ “KẾ HOẠCH”; "
                                 "hãy điền `title`")
        return position

    def _title_like(self, index: int, after_blank: bool) -> bool:
        text = strip_emphasis(self.lines[index]).strip()
        fold = _fold(text)
        if _TITLE_VERB.match(fold):
            # "Thực hiện công tác thi đua …" is a title; "Thực hiện Kế hoạch số …" a basis.
            fold = "x" + fold[len("thuc hien"):]
        if (not text or _BASIS_START.match(fold) or body_md.section_of(text)
                or (text.startswith("Trong") or after_blank) and fold.startswith("trong ")
                or re.match(r"^(s[o0]\s*[:.]|can cu|thuc hien|de\s|nham\s|"
                            r"nam hoc \d{4}\s*-\s*\d{4},|tren co so)", fold)
                or _MOTTO.search(fold) or DATE_WORDS.search(fold)):
            return False
        if len(text) > (120 if after_blank else 160) or text.endswith((":", ";")):
            return False
        if after_blank and text.endswith(".") and len(text) > 60:
            return False
        if re.match(r"^[-+•]\s", text):
            return False
        return True

    def _preamble(self, start: int, stop: int) -> list[int]:
        """Basis lines (căn cứ, thực hiện) become `basis`; the others stay in the body."""
        intro = []
        for index in range(start, stop):
            fold = self.folds[index].strip().replace("*", "").strip()
            if not fold:
                continue
            if _BASIS_START.match(fold):
                self._basis_line(self.lines[index])
            elif _SEPARATOR.match(fold) or _MOTTO.search(fold):
                continue
            else:
                intro.append(index)
        return intro

    def _basis_line(self, line: str) -> None:
        text = strip_emphasis(line).strip().lstrip("-+•* ")
        # One line may cite several documents: "…; Kế hoạch số …; Thực hiện Kế hoạch số …".
        for piece in _split_documents(text):
            document = _parse_document(piece)
            if document is not None:
                self.values["basis"].append(document)

    # --- tail: recipients, signer ---------------------------------------------------------

    def _tail_start(self, body_start: int) -> int:
        indexes = self._nonblank(body_start)
        for index in reversed(indexes):
            if re.match(r"^[\W_]*n[o0]i\s*nh[a-z]n\b", self.folds[index].strip()):
                return index
        # No "Nơi nhận": the signature block is the last run of titles and a name.
        for index in indexes[-12:]:
            fold = self.folds[index].strip().replace("*", "")
            if (is_upper_line(self.lines[index]) and _SIGNER_TITLE.search(fold)
                    and len(self.lines[index]) < 60):
                return index
        return len(self.lines)

    def _tail(self, start: int) -> None:
        recipients: list[str] = []
        titles: list[str] = []
        name = None
        seen_title = False
        for index in range(start, len(self.lines)):
            line = strip_emphasis(self.lines[index]).strip()
            fold = _fold(line).strip()
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

    # --- issuer when the header was lost ----------------------------------------------------

    def _issuer_fallback(self) -> None:
        if self.values["issuer"]:
            return
        candidates = []
        for index in self._nonblank():
            fold = self.folds[index].strip()
            line = strip_emphasis(self.lines[index]).strip()
            if _CLOSING.match(fold):
                match = re.search(r"\bcua\s+((?:truong|phong|so|uy ban|ubnd|hoi dong|cong doan|"
                                  r"lien doi|ban|trung tam)\b.*)", _fold(line))
                if match:
                    candidates.append((line[match.start(1):], "closing"))
            elif index in self.body_indexes[:3] or (self.body_indexes and index < self.body_indexes[0]):
                match = re.match(r"^((?:truong|phong|so|uy ban|ubnd|hoi dong|cong doan|lien doi|"
                                 r"trung tam)\b.*?)\s+(?:xay dung|ban hanh|lap|trien khai|ke hoach|"
                                 r"thuc hien|to chuc|phat dong)\b", _fold(line))
                if match and index not in self.header_lines:
                    candidates.append((line[:match.end(1)], "intro"))
        for text, where in candidates:
            org = _cut_org(text)
            if not org:
                continue
            fold = _fold(org)
            place = self.values["place"]
            if place and re.search(r"\b(quan|huyen|xa|phuong|thi xa|thanh pho|tinh)$", fold):
                org = f"{org} {place}"
            self.values["issuer"] = name_case(org)
            self.warnings.append(f"Đầu văn bản không ghi đơn vị ban hành; đã lấy “{self.values['issuer']}” "
                                 "từ nội dung. Hãy kiểm tra `issuer` (và thêm `issuer_parent`)")
            return
        self.warnings.append("Không thấy tên đơn vị ban hành ở đầu văn bản; hãy điền `issuer`")

    # --- years ---------------------------------------------------------------------------

    def _years(self) -> None:
        sources = [self.values["title"] or ""]
        sources += [self.lines[i] for i in self.body_indexes[:2]]
        sources += [l for l, f in zip(self.lines, self.folds) if _CLOSING.match(f.strip())]
        for text in sources:
            fold = _fold(text)
            school_year = None
            for match in SCHOOL_YEAR.finditer(fold):
                first, second = int(match.group(1)), int(match.group(2))
                before = fold[max(0, match.start() - 12):match.start()]
                if second == first + 1 and "giai doan" not in before:
                    school_year = f"{first}-{second}"
                    break
            year_match = YEAR.search(fold)
            if school_year or year_match:
                if school_year:
                    self.values["school_year"] = school_year
                if year_match and not re.match(r"\s*h[o0]c", fold[year_match.end():]):
                    self.values["year"] = int(year_match.group(1))
                if self.values["school_year"] and self.values["year"] and text is sources[0]:
                    pass
                return

    # --- references --------------------------------------------------------------------

    def _references(self, indexes) -> None:
        seen: dict[str, dict] = {}
        own = (self.values["number"] or "").upper()
        for index in indexes:
            if index in self.header_lines and re.match(r"^\W*s[o0]\s*[:.]", self.folds[index].strip()):
                continue
            line = strip_emphasis(self.lines[index])
            fold = _fold(line)
            for match in DOC_NUMBER.finditer(line):
                number = _normal_number(match.group(0))
                if not _is_document_number(number):
                    continue
                date = _date_after(fold, match.end())
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
        found = find_named([(self.lines[i], i) for i in indexes if self.lines[i].strip()],
                           self.known, damaged=self.quality.damaged)
        self.values["campaigns"] = [c.name for c in found.campaigns]
        self.campaign_kinds = {c.name: c.kind for c in found.campaigns}
        self.values["themes"] = found.themes
        self.values["programmes"] = found.programmes
        self.values["contests"] = found.contests

    # --- targets -----------------------------------------------------------------------

    def _targets(self, indexes: list[int]) -> None:
        targets, seen = [], set()
        in_targets_section = False
        for index in indexes:
            line = strip_emphasis(self.lines[index]).strip()
            fold = _fold(line)
            heading = body_md.classify(line)
            if heading.kind in ("section", "heading", "subheading"):
                in_targets_section = bool(re.search(r"\bchi tieu\b", _fold(heading.text)))
                if heading.kind != "section" and len(heading.text) > 80:
                    pass
                else:
                    continue
            for clause in re.split(r"(?<=[;])\s+|(?<=[a-z\)])\.\s+(?=[A-ZĐ])", line):
                target = _target(clause, in_targets_section)
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

    def _quality_warnings(self) -> None:
        q = self.quality
        if q.damaged:
            self.warnings.insert(0, "Văn bản có vẻ là bản quét (OCR) bị mất dấu hoặc sai chữ ("
                                 f"{q.describe()}). Đã nhập thành bản nháp (status: draft): hãy "
                                 "sửa chính tả theo bản gốc trước khi công bố")
        elif q.words >= 30 and q.score < 85:
            self.warnings.append(f"Một phần văn bản có thể bị lỗi chữ ({q.describe()}); hãy soát "
                                 "chính tả")

    # --- result ----------------------------------------------------------------------------

    def result(self) -> dict:
        values = dict(self.values)
        values["warnings"] = list(dict.fromkeys(self.warnings))
        return values


# --- helpers ---------------------------------------------------------------------------------

# Codes that OCR or a keyboard without Vietnamese writes without Đ: put it back.
_CODES_WITH_D = {code.replace("Đ", "D"): code for code in (
    "QĐ", "NĐ", "GDĐT", "PGDĐT", "SGDĐT", "BGDĐT", "HĐTĐKT", "TĐKT", "BTĐKT", "ĐU", "ĐTN",
    "TWĐTN", "LĐLĐ", "CĐ", "CĐGD", "BCĐ", "HĐND", "ĐHĐ", "UBTVQH")}


def _normal_number(text: str) -> str:
    text = normalise_number(text).rstrip(".,;:")
    text = re.sub(r"\s+", "", text)
    head, slash, codes = text.partition("/") if "/" in text else ("", "", text)
    codes = re.sub(r"[A-Za-z]+", lambda m: _CODES_WITH_D.get(m.group(0).upper(), m.group(0)), codes)
    return f"{head}{slash}{codes}"


_TYPE_CODES = {"KH", "QĐ", "QD", "CT", "TT", "NĐ", "ND", "NQ", "HD", "HĐ", "CV", "TB", "BC",
               "TTR", "KL", "QH", "QC", "CTR", "TTLT", "PL", "UBND", "TU", "TW", "SGDĐT",
               "PGDĐT", "BGDĐT", "VP", "GDĐT", "TCCB", "HĐTĐKT", "BTĐKT", "TĐKT", "BNV", "CP",
               "TTG", "TTg", "UBTVQH", "HU", "QU", "TƯ", "ĐU", "ĐTN", "TWĐTN", "LĐLĐ", "CĐ",
               "CĐGD", "SNV", "BCĐ", "KH-UBND"}


def _is_document_number(number: str) -> bool:
    codes = re.findall(r"[A-Za-zĐđƯư&]+\d*", number)
    if not codes:
        return False
    upper = sum(1 for ch in number if ch.isupper())
    if upper < 2:
        return False
    return any(re.sub(r"\d+$", "", c).upper() in _TYPE_CODES or len(c) >= 2 for c in codes)


def _date_after(fold: str, position: int) -> str | None:
    match = DATE_AFTER.match(fold[position:])
    if not match:
        return None
    groups = match.groups()
    day, month, year = groups[0:3] if groups[0] else groups[3:6]
    return _iso(_date(day, month, year))


def _split_documents(text: str) -> list[str]:
    pieces = []
    for part in re.split(r";\s*|\.\s+(?=(?:Căn cứ|Thực hiện|Can cu|Thuc hien))", text):
        part = part.strip(" .;")
        if not part:
            continue
        # "… năm 2021, Kế hoạch số 29/KH-UBND …": a second document after a comma.
        fold = _fold(part)
        cut = [m.start() for m in re.finditer(r",\s*(?:va\s+)?(?=(?:ke hoach|quyet dinh|cong van|"
                                               r"huong dan|chi thi|thong tu|nghi dinh|nghi quyet)"
                                               r"\s+(?:so\s+)?\d)", fold)]
        start = 0
        for position in cut:
            pieces.append(part[start:position].strip(" ,"))
            start = position + 1
        pieces.append(part[start:].strip(" ,"))
    return [p for p in pieces if p]


def _parse_document(text: str) -> dict | None:
    fold = _fold(text)
    lead = _BASIS_START.match(fold)
    if lead:
        text, fold = text[lead.end():].strip(), fold[lead.end():].strip()
        if fold.startswith("vao "):
            text, fold = text[4:].strip(), fold[4:].strip()
    number_match = DOC_NUMBER.search(text)
    if number_match and not _is_document_number(_normal_number(number_match.group(0))):
        number_match = None
    if not number_match and not _DOC_KIND.match(fold):
        return None  # "Căn cứ tình hình thực tế của nhà trường"
    number = _normal_number(number_match.group(0)) if number_match else None
    after = number_match.end() if number_match else 0
    date = None
    date_end = after
    match = DATE_AFTER.match(fold[after:]) if number_match else None
    if match:
        date = _date_after(fold, after)
        date_end = after + match.end()
    else:
        found = re.search(r"\bngay\s*(\d{1,2})\s*(?:th[a-z]{1,3}g|[/.-])\s*(\d{1,2})\s*"
                          r"(?:n[a-z]{1,2}m|[/.-])\s*(\d{4})", fold)
        if found:
            date = _iso(_date(*found.groups()))
            if not number_match:
                date_end = found.end()
    issuer = None
    title = None
    rest = text[date_end:]
    rest_fold = fold[date_end:]
    of = re.search(r"(?:^|\s)cua\s+", rest_fold)
    if of and of.start() < 8:
        issuer_text = rest[of.end():]
        issuer_fold = rest_fold[of.end():]
        stop = re.search(r"\s(?:ve|v/v|quy dinh|huong dan|ban hanh|trien khai|phat dong|"
                         r"thuc hien|to chuc|sua doi|tiep tuc|veviec)\b|[,;(]\s*(?=ve\b)",
                         issuer_fold)
        if stop:
            issuer = issuer_text[:stop.start()]
            title = issuer_text[stop.start():]
        else:
            issuer = issuer_text
    else:
        title = rest
    if not number_match:
        # "Luật Thi đua, khen thưởng ngày 15/6/2022": the name is the title.
        name_end = re.search(r"\s(?:ngay|so)\s", fold)
        head = text[:name_end.start()] if name_end else text
        title = _clean_value(head) if not title or not _clean_value(title) else title
        if name_end and not title:
            title = _clean_value(head)
    issuer = _clean_value(re.sub(r"\s*\([A-ZĐ&]{2,}\)", "", issuer)) if issuer else None
    title = _clean_value(title) if title else None
    if title:
        # "… của UBND huyện về phát động …": the cited title starts after "về" / "V/v".
        lead = re.match(r"(?:ve|v/v)\s+", _fold(title))
        title = title[lead.end():] if lead else title
    if title and number_match is None and _fold(title).startswith(("ngay", "so ")):
        title = None
    return {"number": number, "date": date, "issuer": issuer or None, "title": title or None}


def _clean_recipient(text: str) -> str:
    text = re.sub(r"^[-+•·–]\s*", "", text.strip())
    return " ".join(text.split()).rstrip(" ;,.")


def _signer_title(line: str) -> str:
    text = " ".join(line.split())
    text = re.sub(r"^(KT|TM|TL|Q|K\.T|T\.M)\s*\.\s*", lambda m: m.group(1) + ". ", text)
    text = re.sub(r"^(KT|TM|TL)\s+(?=[A-ZĐ])", lambda m: m.group(1) + ". ", text)
    return text.rstrip(" :")


def _looks_like_name(line: str) -> bool:
    words = line.split()
    fold = _fold(line)
    if not 2 <= len(words) <= 6 or re.search(r"\d|[:;,(]", line) or _NOT_NAME.search(fold):
        return False
    return all(w[:1].isupper() for w in words)


def _cut_org(text: str) -> str:
    fold = _fold(text)
    stop = re.search(r"\s(?:nam hoc|nam \d{4}|trong\b|den\b|gui\b|tai\b|nhu sau|cu the|"
                     r"dong thoi|de\b)|[.,;:(]", fold)
    org = text[:stop.start()] if stop else text
    org = _clean_value(org)
    return org if 1 <= len(org.split()) <= 10 else ""


_TARGET_CUE = re.compile(r"\b(toi thieu|it nhat|phan dau|chi tieu|dat tu|dat tren|"
                         r"dat|tren|tu|duoi|khong co|khong de|100\s*%|moi)\b")
_NUMBER_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7,
                 "tam": 8, "chin": 9, "muoi": 10}
_UNITS_TWO = {"sang kien", "chuyen de", "tiet day", "giao vien", "hoc sinh", "tap the", "ca nhan",
              "bai viet", "viec tot", "de tai", "tiet hoc", "hoat dong", "cong trinh", "dien hinh",
              "guong dien hinh", "bai du thi", "giai thuong", "to chuyen mon", "goc than thien",
              "goc hoc tap", "doan vien", "dang vien", "lop hoc", "ngay cong",
              "ngay luong", "san pham", "video clip", "bai giang", "nha giao"}
# Counts: "1.500" is one thousand five hundred; "78,6" is a decimal.
_COUNT = r"(\d{1,3}(?:\.\d{3})+(?![\d,])|\d{1,5}(?:,\d{1,2})?)"


def _count_value(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def _unit_after(text: str, fold: str, position: int) -> str | None:
    """The noun after a number: "30 đầu sách", "01 bài viết mỗi lớp", "05 giáo viên đạt …"."""
    after = fold[position:]
    skipped = len(after) - len(after.lstrip())
    words = re.split(r"\s+", re.split(r"[,;:.()%]", after)[0].strip())
    known = next((" ".join(words[:n]) for n in (3, 2)
                  if len(words) >= n and " ".join(words[:n]) in _UNITS_TWO), None)
    if known:
        unit_fold = known
    else:
        kept = []
        for word in words[:2]:
            if not word or word in _UNIT_STOP or not word.isalpha():
                break
            kept.append(word)
        unit_fold = " ".join(kept)
    start = position + skipped
    unit = text[start:start + len(unit_fold)].strip(" ,.;") if unit_fold else ""
    return unit or None


_UNIT_STOP = {"co", "duoc", "trong", "cua", "tham", "dat", "moi", "tren", "o", "tai", "va", "cho",
              "ve", "tu", "den", "la", "se", "phai", "khong", "cac", "nhung", "nam", "thang"}


def _target(clause: str, in_section: bool) -> dict | None:
    text = clause.strip().lstrip("-+•*– ").strip()
    text = re.sub(r"^[a-zđ]\)\s*|^\d{1,2}(?:\.\d{1,2})*[.)]\s+", "", text)
    fold = _fold(text)
    percent = re.search(r"(\d{1,3}(?:[.,]\d{1,2})?)\s*%", fold)
    cue = re.search(r"\b(toi thieu|it nhat|phan dau|chi tieu)\s+(?:(?:dat|la|co|tu)\s+)*"
                    r"(" + _COUNT[1:-1] + r"|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\b", fold)
    value = None
    unit = None
    if percent:
        starts = fold.strip().startswith(percent.group(0)) or re.match(r"^\d{1,3}(?:[.,]\d+)?\s*%",
                                                                      fold.strip())
        if not (in_section or starts or _TARGET_CUE.search(fold[:percent.start()] + " ")
                and re.search(r"\b(toi thieu|it nhat|phan dau|chi tieu|dat|tren|"
                              r"duoi)\b", fold[max(0, percent.start() - 30):percent.start()])):
            if not starts and not in_section:
                return None
        value = float(percent.group(1).replace(",", "."))
        unit = "%"
    elif cue:
        word = cue.group(2)
        value = float(_NUMBER_WORDS.get(word, 0) or _count_value(word))
        unit = _unit_after(text, fold, cue.end())
    elif in_section and re.search(r"\d", fold) and len(text) > 10:
        number = re.search(r"\b" + _COUNT + r"(?![\d/])", fold)
        if number:
            value = _count_value(number.group(1))
            unit = _unit_after(text, fold, number.end())
    else:
        return None
    if len(text) < 8:
        return None
    text = _clean_value(text)
    text = text[:1].upper() + text[1:]
    if value is not None and value == int(value):
        value = int(value)
    return {"text": text, "value": value, "unit": unit}


def extract(lines: list[str], known_campaigns: dict[str, str] | None = None) -> dict:
    """The plan fields of a document given as lines; see FIELDS. Also `body` and `quality`."""
    plan = Plan(lines, known_campaigns)
    result = plan.result()
    result["body"] = plan.body
    result["quality"] = plan.quality.score
    result["damaged"] = plan.quality.damaged
    result["campaign_kinds"] = plan.campaign_kinds
    return result

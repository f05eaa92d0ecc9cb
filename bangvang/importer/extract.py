"""Plan text → plan fields. Pure functions: lines in, a dict out, nothing read or written.

Patterns run on the folded form of each line (lower-case, no accents, đ→d, same length as
the line, see vietnamese.folded), and values are cut from the original line at the same
places: a plan whose OCR lost its accents still yields its number, dates, sections and
basis.
"""
from __future__ import annotations

import re

from . import body as body_md
from .clean import clean_lines, strip_emphasis
from .documents import (BASIS_START, DATE_SLASH, DATE_WORDS, DOC_NUMBER, SCHOOL_YEAR, YEAR, clean_value, date_after, is_document_number, make_date, normal_number, parse_document, plausible_year, split_documents)
from .quality import assess
from .targets import target_of
from .vietnamese import folded, is_upper_line, key, name_case, sentence_case

# A date line whose day or month was misread into something else than digits ("ngày 0Š").
_DATE_MISREAD = re.compile(r"\bng[a-z]{0,2}y\s*\S{1,3}\s*th[a-z]{1,3}g\s*\S{1,3}\s*"
                           r"n[a-z]{1,2}m\s*\d{4}\b")
FIELDS = ("number", "issued", "place", "issuer", "issuer_parent", "title", "year", "school_year",
          "basis", "references", "campaigns", "themes", "programmes", "contests", "targets",
          "signer", "recipients", "sections", "warnings")

# --- Patterns ------------------------------------------------------------------------------

# The right-hand banner of the header: the national motto, or the Party's, the Youth Union's
# and the Pioneers' own banner, which stand in its place on their documents.
_MOTTO = re.compile(r"cong hoa xa hoi|doc lap\s*[-–,]?\s*tu do|tu do\s*[-–,]\s*hanh phuc|"
                    r"^\W*(?:dang cong san viet nam|doan tncs ho chi minh|"
                    r"doi tntp ho chi minh)\W*$")
_MOTTO_END = re.compile(r"^(?:(?:xa hoi\s+)?(?:chu\s+)?(?:nghia\s+)?(?:viet\s+)?nam|viet nam)$")
_SEPARATOR = re.compile(r"^[\s\-_=*~.·oO0•]*$")
_ORG_START = re.compile(
    r"^(uy ban|ubnd|phong|so |so$|truong|bo |hoi dong|dang uy|dang bo|chi bo|cong doan|"
    r"lien doi|doan |ban |thanh uy|huyen uy|quan uy|tinh uy|thi uy|hdnd|hoi |cum |pgd|sgd|"
    r"trung tam|nha truong|hdtdkt|cac truong|lien doan)")
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
_CLOSING = re.compile(r"^tren day la\b")
_TITLE_VERB = re.compile(r"^(thuc hien|trien khai thuc hien)\s+(?!(ke hoach|quyet dinh|cong van|"
                         r"huong dan|chi thi|thong tu|nghi dinh|nghi quyet|luat|van ban|chi dao|"
                         r"y kien|thong bao|chuong trinh)\b)")



class Plan:
    """The extraction of one document; `result()` is the JSON-ready dict."""

    def __init__(self, raw_lines: list[str], known_campaigns: dict[str, str] | None = None):
        self.warnings: list[str] = []
        self.raw_lines = raw_lines
        self.lines, slips = clean_lines(raw_lines)
        self.folds = [folded(line) for line in self.lines]
        self.known = known_campaigns or {}
        self.quality = assess(self.lines)
        self.values: dict = {name: None for name in FIELDS}
        for name in ("basis", "references", "campaigns", "themes", "programmes", "contests",
                     "targets", "recipients", "sections"):
            self.values[name] = []
        self.campaign_kinds: dict[str, str] = {}
        # A scan read by OCR: its doubts come first (reading.ReadLines), and make it a draft.
        self.warnings += list(getattr(raw_lines, "warnings", []))
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
                         if BASIS_START.match(self.folds[i]) or i == first_section),
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
        motto = ""
        for index in indexes:
            line, fold = self.lines[index].strip(), self.folds[index].strip()
            plain_fold = fold.replace("*", "").strip()
            if not plain_fold:
                continue
            if _SEPARATOR.match(plain_fold) or _MOTTO.search(plain_fold):
                motto = plain_fold
                continue
            if _MOTTO_END.match(plain_fold) and motto.startswith("cong hoa") and \
                    not motto.endswith("viet nam"):
                continue      # the rest of the motto a narrow column wrapped ("… VIỆT" / "NAM")
            motto = ""
            number = re.match(r"^s[o0]\s*(?::|\.|(?=\s*\d)|(?=\s*[._…\s]*/))", plain_fold)
            if number:
                self._number(line, number.end())
                # The place and date beside the number (two columns read as one line by
                # a PDF or a scan), in words or "ngày 03/10/2024".
                rest_date = DATE_WORDS.search(plain_fold) or re.search(
                    r"\bngay\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}\b", plain_fold)
                if rest_date and not found_date:
                    found_date = self._issued_from(index)
                continue
            if not found_date and (DATE_WORDS.search(plain_fold) or
                                   re.match(r"^[^\d,]{2,40},\s*(?:ngay\s*)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}",
                                            plain_fold)):
                found_date = self._issued_from(index)
                if found_date:
                    continue
            if not found_date and _DATE_MISREAD.search(plain_fold):
                # "Hà Luân, ngày 0Š tháng 10 năm 2023": the date line, a digit read as a
                # letter; taken for the issuer's next line, it ran into the issuer.
                found_date = True
                self.warnings.append(f"Ngày ban hành đọc không ra (“{clean_value(line)}”): có "
                                     "chữ số máy đọc sai; hãy so với bản giấy rồi điền `issued`")
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
            if not units or _ORG_START.match(folded(org).strip()):
                units.append(org)
            else:
                units[-1] = f"{units[-1]} {org}"
        state = [u for u in units if re.match(r"(truong|phong|ubnd|uy ban|so )", folded(u))]
        if state and len(state) < len(units):
            # A joint plan (school and union side by side): the school leads and is the issuer.
            units = state
        if units:
            self.values["issuer"] = name_case(units[-1].strip(" .:"))
            if len(units) > 1:
                self.values["issuer_parent"] = name_case(units[-2].strip(" .:"))

    def _number(self, line: str, start: int) -> None:
        rest = line[start:].strip()
        match = DOC_NUMBER.match(rest)
        if match and match.start() == 0:
            self.values["number"] = normal_number(match.group(0))
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
        place = clean_value(place)
        if place and 1 <= len(place.split()) <= 6 and not re.search(r"\d", place):
            self.values["place"] = name_case(place)
        if not day:
            self.warnings.append(f"Ngày ban hành để trống (“{clean_value(line)}”): văn bản chưa "
                                 "ghi ngày; hãy điền `issued` (ngày ký)")
            self.issued_month_year = (month, year)
            return True
        value = make_date(day, month, year)
        if value is None and not plausible_year(year):
            self.warnings.append(f"Ngày ban hành “{clean_value(line)}”: năm “{year}” không thể "
                                 "là năm của văn bản (có lẽ một chữ số bị đọc sai), nên chưa lấy "
                                 "ngày này; hãy so với bản giấy rồi điền `issued`")
            return True
        if value is None:
            self.warnings.append(f"Ngày ban hành “{clean_value(line)}” không có thật trên lịch; "
                                 "hãy sửa `issued`")
            return True
        self.values["issued"] = value.isoformat()
        return True

    # --- title, preamble ----------------------------------------------------------------

    def _title(self, index: int) -> int:
        line = strip_emphasis(self.lines[index])
        fold = folded(line)
        head = re.match(r"^[\W_]*ke\s*hoach(?:\s+lien\s+tich)?\s*[:.\-–]?\s*", fold)
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
            # A Markdown heading mark, or OCR's reading of one ("#(20/11/1982 …)"), is not
            # part of the title.
            parts.append(strip_emphasis(text).lstrip("# "))
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
        fold = folded(text)
        if _TITLE_VERB.match(fold):
            # "Thực hiện công tác thi đua …" is a title; "Thực hiện Kế hoạch số …" a basis.
            fold = "x" + fold[len("thuc hien"):]
        if (not text or BASIS_START.match(fold) or body_md.section_of(text)
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
        index = start
        while index < stop:
            fold = self.folds[index].strip().replace("*", "").strip()
            if BASIS_START.match(fold):
                end = self._basis_end(index, stop)
                self._basis_line(" ".join(self.lines[i].strip() for i in range(index, end)))
                index = end
                continue
            if fold and not (_SEPARATOR.match(fold) or _MOTTO.search(fold)):
                intro.append(index)
            index += 1
        return intro

    def _basis_end(self, index: int, stop: int) -> int:
        """Where a basis paragraph ends: a PDF or a scan breaks it into lines as wide as the
        page ("… Nghị định số" / "91/2017/NĐ-CP ngày …"). A full line that does not end its
        sentence goes on in the next one, unless that one starts a basis, a section or an
        item, or follows a comma with a capital (the plan's own sentence)."""
        end = index + 1
        while end < stop and end - index < 6:
            current = strip_emphasis(self.lines[end - 1]).strip()
            following = strip_emphasis(self.lines[end]).strip()
            fold = self.folds[end].strip().replace("*", "").strip()
            if (len(current) < 50 or current.endswith((".", ";", ":")) or not following
                    or BASIS_START.match(fold) or body_md.section_of(following)
                    or re.match(r"^[-+•]\s", following)
                    or (current.endswith(",") and following[:1].isupper())):
                break
            end += 1
        return end

    def _basis_line(self, line: str) -> None:
        text = strip_emphasis(line).strip().lstrip("-+•* ")
        # One line may cite several documents: "…; Kế hoạch số …; Thực hiện Kế hoạch số …".
        for piece in split_documents(text):
            document = parse_document(piece)
            if document is not None:
                self.values["basis"].append(document)

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
                                  r"lien doi|ban|trung tam)\b.*)", folded(line))
                if match:
                    candidates.append((line[match.start(1):], "closing"))
            elif index in self.body_indexes[:3] or (self.body_indexes and index < self.body_indexes[0]):
                match = re.match(r"^((?:truong|phong|so|uy ban|ubnd|hoi dong|cong doan|lien doi|"
                                 r"trung tam)\b.*?)\s+(?:xay dung|ban hanh|lap|trien khai|ke hoach|"
                                 r"thuc hien|to chuc|phat dong)\b", folded(line))
                if match and index not in self.header_lines:
                    candidates.append((line[:match.end(1)], "intro"))
        for text, where in candidates:
            org = _cut_org(text)
            if not org:
                continue
            fold = folded(org)
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
            fold = folded(text)
            school_year = None
            for match in SCHOOL_YEAR.finditer(fold):
                first, second = int(match.group(1)), int(match.group(2))
                before = fold[max(0, match.start() - 12):match.start()]
                if second == first + 1 and "giai doan" not in before and plausible_year(first):
                    school_year = f"{first}-{second}"
                    break
            year_match = YEAR.search(fold)
            if school_year or year_match:
                if school_year:
                    self.values["school_year"] = school_year
                if year_match and not re.match(r"\s*h[o0]c", fold[year_match.end():]) and \
                        plausible_year(year_match.group(1)):
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


def _cut_org(text: str) -> str:
    fold = folded(text)
    stop = re.search(r"\s(?:nam hoc|nam \d{4}|trong\b|den\b|gui\b|tai\b|nhu sau|cu the|"
                     r"dong thoi|de\b)|[.,;:(]", fold)
    org = text[:stop.start()] if stop else text
    org = clean_value(org)
    return org if 1 <= len(org.split()) <= 10 else ""



def extract(lines: list[str], known_campaigns: dict[str, str] | None = None) -> dict:
    """The plan fields of a document given as lines; see FIELDS. Also `body` and `quality`."""
    plan = Plan(lines, known_campaigns)
    result = plan.result()
    result["body"] = plan.body
    result["quality"] = plan.quality.score
    # A scan is never published unread: like damaged text, its JSON status is "draft".
    result["damaged"] = plan.quality.damaged or bool(getattr(lines, "scanned", False))
    if getattr(lines, "scanned", False):     # specks read as quote marks beside a value
        from .ocrletters import stray_quotes
        for name in ("title", "issuer"):
            if result.get(name):
                result[name] = stray_quotes(result[name])
    result["campaign_kinds"] = plan.campaign_kinds
    return result


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

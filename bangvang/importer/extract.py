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
from .documents import (BASIS_START, DATE_SLASH, DATE_WORDS, DOC_NUMBER, SCHOOL_YEAR, YEAR,
                        clean_value, make_date, normal_number, parse_document, plausible_year,
                        split_documents)
from .plan_parts import _MOTTO, _SEPARATOR, BodyParts, TailParts
from .quality import assess
from .vietnamese import folded, is_upper_line, name_case, sentence_case

# A date line whose day or month was misread into something else than digits ("ngày 0Š").
_DATE_MISREAD = re.compile(r"\bng[a-z]{0,2}y\s*\S{1,3}\s*th[a-z]{1,3}g\s*\S{1,3}\s*"
                           r"n[a-z]{1,2}m\s*\d{4}\b")
FIELDS = ("number", "issued", "place", "issuer", "issuer_parent", "title", "year", "school_year",
          "basis", "references", "campaigns", "themes", "programmes", "contests", "targets",
          "signer", "recipients", "sections", "warnings")

# --- Patterns ------------------------------------------------------------------------------

# The right-hand banner of the header: the national motto, or the Party's, the Youth Union's
# and the Pioneers' own banner, which stand in its place on their documents.
_MOTTO_END = re.compile(r"^(?:(?:xa hoi\s+)?(?:chu\s+)?(?:nghia\s+)?(?:viet\s+)?nam|viet nam)$")
_ORG_START = re.compile(
    r"^(uy ban|ubnd|phong|so |so$|truong|bo |hoi dong|dang uy|dang bo|chi bo|cong doan|"
    r"lien doi|doan |ban |thanh uy|huyen uy|quan uy|tinh uy|thi uy|hdnd|hoi |cum |pgd|sgd|"
    r"trung tam|nha truong|hdtdkt|cac truong|lien doan)")
_CLOSING = re.compile(r"^tren day la\b")
_TITLE_VERB = re.compile(r"^(thuc hien|trien khai thuc hien)\s+(?!(ke hoach|quyet dinh|cong van|"
                         r"huong dan|chi thi|thong tu|nghi dinh|nghi quyet|luat|van ban|chi dao|"
                         r"y kien|thong bao|chuong trinh)\b)")



class Plan(BodyParts, TailParts):
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

"""An extraction → a plan record file (front matter + Markdown body), and campaign records.

Dates are written dd/mm/yyyy, numbers quoted (so YAML never reads "06/2022" as anything but
text), and the tool's warnings stay in the record (`warnings:` is never published) so the
person reviewing it sees them beside the fields they concern.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from bangvang.records.loader import ID_PATTERN, load_records
from bangvang.problems import Problems
from bangvang.records.text import fold, format_date, slugify
from .campaigns import match_campaign

MAX_ID_WORDS = 10
_ID_STOP = {"cua", "nganh", "tai", "truong", "quan", "huyen", "phuong", "xa", "tinh", "thanh",
            "trong", "giai", "doan", "nam", "doi", "cho"}


def known_campaigns(root: Path) -> dict[str, str]:
    """Campaign name → id, from the records in plans/campaigns/ (unreadable ones skipped)."""
    records, _ = load_records(root, Problems())
    return {str(r.data.get("name")): r.id for r in records
            if r.kind == "campaign" and r.data.get("name")}


def plan_id(values: dict) -> str:
    """Id from the year and the title: 2023-2024-ke-hoach-thi-dua-khen-thuong."""
    period = values.get("school_year") or (str(values["year"]) if values.get("year") else "")
    title = values.get("title") or "ke-hoach"
    words = slugify(title).split("-")
    if period:
        # The year is already in front: "… năm học 2023-2024" need not be said twice.
        period_words = period.split("-")
        while words and (words[-1] in period_words or words[-1] in ("nam", "hoc")):
            words.pop()
    words = [w for w in words if w]
    # Cut before the words that only say whose plan it is: "… ngành giáo dục quận Ba Đình".
    for index, word in enumerate(words):
        if index >= 4 and word in _ID_STOP:
            words = words[:index]
            break
    words = words[:MAX_ID_WORDS]
    if words and words[0] != "ke" and not title.lower().startswith("kế hoạch"):
        words = ["ke", "hoach"] + words[:MAX_ID_WORDS - 2]
    record_id = "-".join(([period] if period else []) + words)
    return record_id if ID_PATTERN.match(record_id) else "ke-hoach-nhap"


def shown_date(iso: str | None) -> str | None:
    """"2023-09-08" → "08/09/2023", the way records and people write dates."""
    return format_date(dt.date.fromisoformat(iso)) if iso else None


def _document(document: dict, keys: tuple[str, ...]) -> dict:
    out = {}
    for name in keys:
        value = document.get(name)
        if value:
            out[name] = shown_date(value) if name == "date" else value
    return out


def front_matter(values: dict, campaign_ids: list[str], status: str) -> dict:
    """The plan record's fields, in the order a reader expects. Empty fields are left out,
    except the number and the facts a plan needs: written empty, so the reviewer sees
    where to fill them in."""
    data: dict = {}
    for name in ("number", "issued", "place", "issuer", "issuer_parent", "title",
                 "school_year", "year"):
        value = values.get(name)
        if value is not None and value != "":
            data[name] = shown_date(value) if name == "issued" else value
        elif name in ("number", "issued", "issuer", "title"):
            data[name] = None
    basis = [_document(d, ("number", "date", "issuer", "title")) for d in values["basis"]]
    basis = [d for d in basis if d.get("number") or d.get("title")]
    if basis:
        data["basis"] = basis
    references = [_document(d, ("number", "date")) for d in values["references"]]
    if references:
        data["references"] = references
    if campaign_ids:
        data["campaigns"] = campaign_ids
    for name in ("themes", "programmes", "contests"):
        if values.get(name):
            data[name] = list(values[name])
    targets = []
    for target in values["targets"]:
        if target.get("value") is None:
            targets.append(target["text"])
        else:
            targets.append({k: target[k] for k in ("text", "value", "unit", "comparison")
                            if target.get(k) is not None})
    if targets:
        data["targets"] = targets
    signer = values.get("signer") or {}
    signer = {k: v for k, v in signer.items() if v}
    if signer:
        data["signer"] = signer
    if values.get("recipients"):
        data["recipients"] = list(values["recipients"])
    if values.get("warnings"):
        data["warnings"] = list(values["warnings"])
    data["status"] = status
    return data


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper, value: str):
    # Numbers like "06/2022/QH15" and years "2023-2024" stay quoted text.
    style = '"' if re.match(r"^[\d/:-]|.*: |^[\[{*&!|>%@`#'\"]", value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)
# "issued:" with nothing after it reads better than "issued: null" for the person filling it.
_Dumper.add_representer(type(None), lambda dumper, _: dumper.represent_scalar(
    "tag:yaml.org,2002:null", ""))


def render(data: dict, body: str, source: str) -> str:
    front = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000,
                      default_flow_style=False)
    header = f"# Nhập từ “{source}” bằng `bangvang import plan`; hãy soát lại rồi xoá dòng này.\n"
    return f"---\n{header}{front}---\n\n{body.strip()}\n"


def link_campaigns(names: list[str], known: dict[str, str]) -> tuple[list[str], list[str]]:
    """(ids of matched campaign records, names with no record)."""
    ids, missing = [], []
    for name in names:
        campaign_id, _ = match_campaign(name, known)
        if campaign_id:
            if campaign_id not in ids:
                ids.append(campaign_id)
        else:
            missing.append(name)
    return ids, missing


LEVEL_HINTS = [  # folded words near the plan's issuer → who launched its campaigns
    (("trung uong", "chinh phu", "thu tuong", "quoc hoi"), "trung-uong"),
    (("bo giao duc", "bo gd", "nganh giao duc"), "bo-nganh"),
    (("so ", "tinh", "thanh pho", "ubnd tinh"), "tinh"),
    (("phong", "quan", "huyen", "thi xa"), "huyen"),
    (("xa", "phuong", "thi tran"), "xa"),
]


def guess_level(issuer: str | None) -> str:
    folded_issuer = fold(issuer or "")
    if folded_issuer.startswith("truong") or not folded_issuer:
        return "truong"
    for words, level in LEVEL_HINTS:
        if any(folded_issuer.startswith(w) or f" {w}" in folded_issuer for w in words):
            return level
    return "truong"


def campaign_record(name: str, kind: str, plan: dict, plan_record_id: str) -> str:
    data = {"name": name, "level": guess_level(plan.get("issuer")), "kind": kind,
            "status": "active"}
    if plan.get("issuer"):
        data["launched_by"] = plan["issuer"]
    front = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    where = plan.get("title") or plan_record_id
    return (f"---\n# Tạo bởi `bangvang import plan --create-campaigns`: hãy kiểm tra cấp "
            f"(level), loại (kind) và viết lời giới thiệu.\n{front}---\n\n"
            f"Phong trào được nêu trong kế hoạch “{where}”.\n")


def backup(path: Path, root: Path) -> Path:
    """Copy an existing record to backups/ before --force replaces it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = root / "backups" / path.parent.relative_to(root) / f"{path.stem}-{stamp}{path.suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(path.read_bytes())
    return target

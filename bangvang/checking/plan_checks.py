"""Plans as the Catalog holds them: numbers written one way, targets whose results can be
compared with them (statistics.py decides Đạt / Chưa đạt / Chưa có số liệu), and the plans a
plan cites linked when they are on the site."""
from __future__ import annotations

from bangvang.records.fields import line_at
from bangvang.records.loader import RawRecord
from bangvang.records.model import Catalog, Document, Plan, Target, TargetResult
from bangvang.problems import Problems
from bangvang.pages.statistics import metric_problem
from bangvang.records.text import normalise_number


def plan_of(raw: RawRecord, v: dict, vocabulary, problems: Problems) -> Plan | None:
    """The plan of a checked record (`v`: its values), or None after saying what is missing."""
    if not v["school_year"] and not v["year"]:
        problems.add(raw.path, raw.data.line, "school_year",
                     "kế hoạch cần `school_year: \"2024-2025\"` hoặc `year: 2024`")
        return None
    signer = v["signer"] or {}
    return Plan(
        id=raw.id, number=v["number"] and normalise_number(v["number"]), issued=v["issued"],
        place=v["place"], issuer=v["issuer"], issuer_parent=v["issuer_parent"],
        title=v["title"], school_year=v["school_year"], year=v["year"],
        basis=[Document(d["number"] and normalise_number(d["number"]), d["date"],
                        d["issuer"], d["title"], d["plan"]) for d in v["basis"] or [] if d],
        references=[Document(normalise_number(d["number"]), d["date"], None, None)
                    for d in v["references"] or [] if d],
        campaign_ids=v["campaigns"] or [], themes=v["themes"] or [],
        programmes=v["programmes"] or [], contests=v["contests"] or [],
        targets=targets(raw, v["targets"] or [], vocabulary, problems),
        signer_name=signer.get("name"), signer_title=signer.get("title"),
        recipients=v["recipients"] or [], body=raw.body, body_line=raw.body_line,
        file=raw.path)


def targets(raw: RawRecord, values: list, vocabulary, problems: Problems) -> list[Target]:
    """A plan's targets; a result must be comparable with its target (statistics.py)."""
    items = raw.data.get("targets") or []
    items = [item for item in (items if isinstance(items, list) else [items]) if item is not None]
    found = []
    for index, (t, item) in enumerate(zip(values, items)):
        if not t:
            continue
        result = t["result"] and TargetResult(**t["result"])
        target = Target(t["text"], t["value"], t["unit"], result,
                        t["comparison"] or "toi-thieu", t["computed"])
        for path, message in _target_problems(target, vocabulary):
            problems.add(raw.path, line_at(item, path) or raw.data.line_of("targets"),
                         f"targets[{index + 1}].{path}", message)
        found.append(target)
    return found


def link_plans(catalog: Catalog) -> None:
    """A plan's basis cites a plan on the site (by its id, or by its number): linked both
    ways, only to plans that are published."""
    by_number = {_number_key(p.number): p.id for p in catalog.plans.values() if p.number}
    for plan in catalog.plans.values():
        for document in plan.basis:
            cited = document.plan_id or by_number.get(_number_key(document.number or ""))
            document.plan_id = None
            if cited in catalog.plans and cited != plan.id:
                document.plan_id = cited
                catalog.plans[cited].cited_by.append(plan.id)


def _same_unit(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").lower().split()) == " ".join((b or "").lower().split())


def _target_problems(target: Target, vocabulary) -> list[tuple[str, str]]:
    """(field, Vietnamese message) of what keeps a target's result from being compared."""
    result, number = target.result, target.value is not None
    if target.computed:
        if result:
            return [("result", "ghi một trong hai: `result` (kết quả nhà trường ghi) hoặc "
                     "`computed` (kết quả tính từ hồ sơ trên trang), không ghi cả hai")]
        problem = metric_problem(target.computed, vocabulary, target.unit)
        if problem:
            return [("computed", problem)]
        return [] if number else [("computed", "kết quả tính từ hồ sơ cần chỉ tiêu có con số; "
                                   "hãy thêm `value:` vào chỉ tiêu, ví dụ `value: 15`")]
    if not result:
        return []
    if number and result.value is None:
        written = f" (đang ghi bằng chữ: “{result.note[:40]}”)" if result.note else ""
        return [("result.value", f"kết quả cần con số `value:`{written} để so với chỉ tiêu "
                 f"{target.value}{target.unit or ''}, ví dụ `result: {{value: 21, unit: \"%\", "
                 "note: \"9/43 người\"}`; nếu chưa có số liệu, hãy xoá `result`")]
    if number and result.achieved is not None:
        return [("result.achieved", "chỉ tiêu có con số: trang tự so kết quả với chỉ tiêu; hãy xoá "
                 "dòng `achieved`")]
    if not number and result.achieved is None:
        return [("result.achieved", "chỉ tiêu không có con số: hãy ghi `achieved: true` (đạt) hoặc "
                 "`achieved: false` (chưa đạt) trong `result`")]
    if not number and result.value is not None:
        return [("result.value", "chỉ tiêu không có con số để so; hãy thêm `value:` vào chỉ tiêu, hoặc "
                 "xoá con số của kết quả và ghi `achieved: true` / `false`")]
    if result.unit and not _same_unit(result.unit, target.unit):
        return [("result.unit", f"đơn vị của kết quả “{result.unit[:30]}” khác đơn vị của chỉ tiêu "
                 f"“{target.unit or 'không ghi'}”; hãy ghi cùng đơn vị (hoặc bỏ `unit` của kết "
                 "quả)")]
    return []


def _number_key(number: str) -> str:
    return normalise_number(number).upper()

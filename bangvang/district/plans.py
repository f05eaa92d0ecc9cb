"""Plans followed down: the school plans whose basis ("Căn cứ …", the schools' published
`ke-hoach-can-cu` table) cites a district plan, matched by number, date and issuer, and the
member schools that have not issued one.

A citation matches when its number is the plan's (written one way: records.text's
normalise_number, case and spaces ignored), its date is the plan's when it gives one, and its
issuer names the same body when it gives one (abbreviations such as "Phòng GD&ĐT" read as
"Phòng Giáo dục và Đào tạo"). Schools cite from Word documents, so the comparison is on what
a reader would call the same, never on exact bytes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bangvang.district.address import same_body
from bangvang.district.config import District, DistrictPlan
from bangvang.district.data import SchoolData
from bangvang.records.text import normalise_number

@dataclass
class Citing:
    data: SchoolData
    plan: dict                   # the school's ke-hoach row
    link: str | None             # its page on the school's site


@dataclass
class Followed:
    plan: DistrictPlan
    citing: list[Citing] = field(default_factory=list)
    missing: list[SchoolData] = field(default_factory=list)   # shown schools with none


def follow(district: District, schools: list[SchoolData]) -> list[Followed]:
    result = []
    for plan in district.plans:
        followed = Followed(plan)
        for data in schools:
            plans = {row["ma"]: row for row in data.rows("ke-hoach")}
            cited = sorted({row["ma_ke_hoach"] for row in data.rows("ke-hoach-can-cu")
                            if cites(row, plan) and row["ma_ke_hoach"] in plans})
            followed.citing += [Citing(data, plans[c], data.link(plans[c].get("dia_chi")))
                                for c in cited]
            if not cited:
                followed.missing.append(data)
        result.append(followed)
    return result


def cites(row: dict, plan: DistrictPlan) -> bool:
    """Does a basis row (so_ky_hieu, ngay_ban_hanh, co_quan_ban_hanh) cite `plan`?"""
    number = row.get("so_ky_hieu") or ""
    if not number or _number(number) != _number(plan.number):
        return False
    if row.get("ngay_ban_hanh") and row["ngay_ban_hanh"] != plan.issued.isoformat():
        return False
    return not row.get("co_quan_ban_hanh") or same_body(row["co_quan_ban_hanh"], plan.issuer)


def _number(text: str) -> str:
    return re.sub(r"[\s.&]+", "", normalise_number(text)).casefold()   # as address.plan_key

import datetime as dt

import pytest

from bangvang.records.text import (
    DateError, fold, format_date, initials, name_sort_key, parse_date, school_year_of, slugify)


def test_fold_removes_tones_and_turns_d_stroke_into_d():
    assert fold("Đặng Văn Đỗ") == "dang van do"
    assert fold("Người tốt, việc tốt") == "nguoi tot, viec tot"


def test_slug_is_ascii_kebab_case_with_d_for_d_stroke():
    assert slugify("Kế hoạch Đường Lâm 2024!") == "ke-hoach-duong-lam-2024"


def test_names_sort_by_given_name_then_middle_then_family_in_vietnamese_order():
    names = ["Đỗ Văn Dũng", "Lê Minh Ân", "Trần Thị Ánh", "Nguyễn Văn An", "Bùi Văn Ăn",
             "Phạm Văn Anh", "Hoàng Ưng", "Ngô Uyên", "Ngô Văn Dung", "Đặng Thị Đào",
             "Vũ Thị An", "Đinh Văn Hà", "Hồ Gia Huy"]
    assert sorted(names, key=name_sort_key) == [
        "Vũ Thị An", "Nguyễn Văn An", "Phạm Văn Anh", "Trần Thị Ánh", "Bùi Văn Ăn",
        "Lê Minh Ân", "Ngô Văn Dung", "Đỗ Văn Dũng", "Đặng Thị Đào", "Đinh Văn Hà",
        "Hồ Gia Huy", "Ngô Uyên", "Hoàng Ưng"]


def test_same_given_name_sorts_by_middle_name_then_family_name():
    names = ["Trần Văn Bình", "Lê Thị Bình", "Đào Văn Bình", "An Văn Bình"]
    assert sorted(names, key=name_sort_key) == [
        "Lê Thị Bình", "An Văn Bình", "Đào Văn Bình", "Trần Văn Bình"]


def test_initials():
    assert initials("Nguyễn Văn An") == "N.V.A."
    assert initials("Đặng Thị Ánh") == "Đ.T.A."


@pytest.mark.parametrize("text", ["2024-05-25", "25/05/2024", "25-05-2024", "25.5.2024"])
def test_dates_iso_and_vietnamese(text):
    assert parse_date(text) == dt.date(2024, 5, 25)
    assert format_date(parse_date(text)) == "25/05/2024"


@pytest.mark.parametrize("text", ["30/02/2024", "2023-02-29", "tháng 5", "32/01/2024"])
def test_impossible_or_badly_written_dates_are_refused(text):
    with pytest.raises(DateError):
        parse_date(text)


def test_school_year_runs_from_september():
    assert school_year_of(dt.date(2024, 10, 1)) == "2024-2025"
    assert school_year_of(dt.date(2025, 5, 20)) == "2024-2025"

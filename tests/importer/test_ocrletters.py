"""Letters OCR misread in a face its model knows badly ("phong tròo", "ngòy", "đónh giú")
are put right only where the school's words leave one reading, and every change is said."""
from bangvang.importer.diacritics import Model, corrected_lines, model_for, restore_document
from bangvang.importer.ocrletters import letter_fix, swapped_keys
from bangvang.importer.reading import ReadLines


def fixed(text: str, model=None) -> tuple[str, list[str]]:
    lines, warnings = corrected_lines([text], model or model_for(None))
    return lines[0], warnings


def test_round_a_read_as_o_u_or_d_is_put_back_by_known_runs():
    line, warnings = fixed("Đẩy mạnh phong tròo thi đua, đổi mới phương phúp dọy học và "
                           "kiểm tra, đónh giú")
    assert line == ("Đẩy mạnh phong trào thi đua, đổi mới phương pháp dạy học và kiểm tra, "
                    "đánh giá")
    assert "“tròo” → “trào”" in warnings[0] and "“giú” → “giá”" in warnings[0]


def test_a_word_that_is_no_syllable_gets_the_one_known_word_with_its_tone():
    assert fixed("ngòy 15 tháng 6")[0] == "ngày 15 tháng 6"
    assert fixed("Mỗi lớp nhận chăm sóc một bồn hod")[0].endswith("bồn hoa")


def test_a_dot_below_read_as_g_is_put_back_only_with_a_known_run():
    assert fixed("phòng, chống bgo lực học đường")[0] == "phòng, chống bạo lực học đường"
    # Alone, "bgo" may be "bao" or "bạo": left as read, no change said.
    model = Model()
    for phrase in ("bao gồm", "bạo lực"):
        model.add(phrase)
    assert letter_fix(model, ["bgo"], 0) is None


def test_real_words_names_and_codes_stay_as_read():
    # "có" is a word: "cá nhân" is known, "có nhân viên" is not changed on a run of two.
    assert fixed("Trường có nhân viên y tế") == ("Trường có nhân viên y tế", [])
    assert fixed("Nguyễn Văn Hón") == ("Nguyễn Văn Hón", [])
    assert fixed("Lưu: VT, CĐ,") == ("Lưu: VT, CĐ,", [])


def test_two_readings_leave_the_word_as_read():
    # "tòo": the first o or the second may be the a; both readings are known beside "ông".
    model = Model()
    for phrase in ("ông tào", "ông toà"):
        model.add(phrase)
    assert letter_fix(model, ["ông", "tòo"], 1) is None
    # The tone decides between forms of one run: "hod" (level) is "hoa", not "hoà".
    model = Model()
    for phrase in ("bồn hoa", "bồn hoà"):
        model.add(phrase)
    assert letter_fix(model, ["bồn", "hod"], 1) == "hoa"


def test_swaps_keep_syllable_shapes_only():
    assert "trao" in swapped_keys("tròo") and all(k != "troo" for k in swapped_keys("tròo"))
    assert swapped_keys("2024") == []


def test_a_scanned_plan_gets_its_title_words_back_and_says_so():
    lines = ReadLines(["KẾ HOẠCH", "Tổ chức phong tròo thi đua, khen thưởng năm học 2025 - 2026"])
    lines.scanned = True
    new, warnings = restore_document(lines, None, "kh.pdf")
    assert new[1] == "Tổ chức phong trào thi đua, khen thưởng năm học 2025 - 2026"
    assert any("“tròo” → “trào”" in w and "tệp kh.pdf" in w for w in warnings)
    # Text that did not come from a scan is never changed this way.
    typed, _ = restore_document(["Tổ chức phong tròo thi đua"], None, "kh.txt")
    assert typed[0] == "Tổ chức phong tròo thi đua"


def test_a_letter_read_twice_is_read_once():
    assert fixed("Thựục hiện công tác thi đua")[0] == "Thực hiện công tác thi đua"


def test_the_slash_of_a_document_number_read_as_i_is_a_slash():
    from bangvang.importer.scan import fix_ocr_text
    assert fix_ocr_text("Số: 08 IKH-THBM\tHà Luân") == "Số: 08/KH-THBM\tHà Luân"
    assert fix_ocr_text("Số: 23IKH-THHB") == "Số: 23/KH-THHB"
    assert fix_ocr_text("Số:      IKH-MNHS") == "Số:      /KH-MNHS"     # a blank stays blank
    assert fix_ocr_text("Lớp 8I tham gia") == "Lớp 8I tham gia"


def test_the_slash_of_a_document_number_lost_to_a_space_after_so_is_a_slash():
    # A folded page's curl (session 27): "Số: 08 KH-THBM" was taken for a blank number.
    from bangvang.importer.scan import fix_ocr_text
    assert fix_ocr_text("Số: 08 KH-THBM\tHà Luân") == "Số: 08/KH-THBM\tHà Luân"
    assert fix_ocr_text("gồm 08 KH-THBM") == "gồm 08 KH-THBM"          # only after "Số:"


def test_a_column_heading_misread_by_one_letter_is_still_that_heading():
    from bangvang.importer.columns import heading_field
    assert heading_field("Họ vỏ tên") == "name"          # Be Vietnam Pro's "a" read as "ỏ"
    assert heading_field("Ngòy sinh") == "private"       # a private column stays private
    assert heading_field("Họ và tên") == "name" and heading_field("Ghi chú") == "note"
    assert heading_field("Nguyễn Văn An") is None


def test_a_circumflex_a_read_as_e_is_put_back_by_a_known_run():
    """"â" read "ê" (Be Vietnam Pro's bowl): "ít nhết" is "ít nhất" by the run the model
    knows; a real word with "ê" that no run makes another stays."""
    model = Model()
    for phrase in ("ít nhất", "chất lượng giáo dục", "cây chết"):
        model.add(phrase)
    assert fixed("Mỗi tổ có ít nhết hai chuyên đề", model)[0] == "Mỗi tổ có ít nhất hai chuyên đề"
    assert fixed("nâng cao chết lượng giáo dục", model)[0] == "nâng cao chất lượng giáo dục"
    assert fixed("hàng cây chết khô", model)[0] == "hàng cây chết khô"
    assert "nhat" in swapped_keys("nhết")


def test_a_round_a_read_as_two_letters_is_put_back_by_a_known_run():
    """"trào" read "tròờo", "giáo" read "giúóo": the bowl of the "a" and its stem taken for
    two letters. One letter again only where a known run gives one form, tone kept."""
    model = Model()
    for phrase in ("phong trào thi đua", "hoạt động giáo dục"):
        model.add(phrase)
    assert fixed("Phát động phong tròờo thi đua", model)[0] == "Phát động phong trào thi đua"
    assert fixed("các hoạt động giúóo dục", model)[0] == "các hoạt động giáo dục"
    line, warnings = fixed("các hoạt động giúóo dục", model)
    assert "“giúóo” → “giáo”" in warnings[0]          # every change is said


def test_a_capital_t_read_as_i_is_put_back_by_a_known_run():
    model = Model()
    for phrase in ("trường học thân thiện", "tiết học"):
        model.add(phrase)
    line, warnings = fixed("phong trào “Irường học thân thiện”", model)
    assert line == "phong trào “Trường học thân thiện”" and "“Irường” → “Trường”" in warnings[0]


def test_the_slash_of_a_document_number_read_as_j_is_a_slash():
    # A colour scan at 255 dpi (session 28's marked-up plan, Liberation Sans): the number was
    # taken for a blank and the plan had none.
    from bangvang.importer.scan import fix_ocr_text
    assert fix_ocr_text("Số: 08 JKH-THBM\tHà Luân") == "Số: 08/KH-THBM\tHà Luân"
    assert fix_ocr_text("Số: 23JKH-THHB") == "Số: 23/KH-THHB"


def test_a_capital_word_written_in_no_known_way_is_put_back_by_a_known_run():
    # The first word of a campaign's name (Be Vietnam Pro's "a" read "ó", a folded page):
    # kept as a name's word, the campaign "Cán bộ, giáo viên thi đua …" was lost.
    line, warnings = fixed("phong trào thi đua “Cón bộ, giáo viên thi đua lập thành tích”")
    assert line == "phong trào thi đua “Cán bộ, giáo viên thi đua lập thành tích”"
    assert "“Cón” → “Cán”" in warnings[0]

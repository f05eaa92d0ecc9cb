#!/usr/bin/env python3
"""Build b_word_auto_numbering.docx, a held-out test plan for the importer.

The section headings (I., II., …) and their sub-items (1., 2., …) get their numbers from
Word's automatic numbering: one abstract numbering definition with upperRoman "%1." at
level 0 and decimal "%2." at level 1 (restarting under every heading), added to the
numbering part through python-docx's oxml. The heading text itself has no number typed.
Other items use the "List Bullet" style; the header (issuing body │ motto, number │ place
and date) and the recipients │ signer block are 2-column borderless tables.
Run: python make_docx.py
"""
import sys
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from docx_layout import cell_lines, no_borders, para  # noqa: E402

OUT = Path(__file__).with_name("b_word_auto_numbering.docx")
ABSTRACT_ID = "41"
NUM_ID = "41"


def el(tag, **attrs):
    node = OxmlElement(tag)
    for key, value in attrs.items():
        node.set(qn(f"w:{key}"), value)
    return node


def add_numbering(doc):
    """Add the upperRoman / decimal multi-level list; return its numId."""
    numbering = doc.part.numbering_part.element
    abstract = el("w:abstractNum", abstractNumId=ABSTRACT_ID)
    abstract.append(el("w:multiLevelType", val="hybridMultilevel"))
    for ilvl, fmt, text, indent in ((0, "upperRoman", "%1.", 0), (1, "decimal", "%2.", 360)):
        lvl = el("w:lvl", ilvl=str(ilvl))
        lvl.append(el("w:start", val="1"))
        lvl.append(el("w:numFmt", val=fmt))
        lvl.append(el("w:lvlText", val=text))
        lvl.append(el("w:lvlJc", val="left"))
        ppr = el("w:pPr")
        ppr.append(el("w:ind", left=str(indent + 360), hanging="360"))
        lvl.append(ppr)
        abstract.append(lvl)
    # every w:abstractNum must come before the first w:num
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = el("w:num", numId=NUM_ID)
    num.append(el("w:abstractNumId", val=ABSTRACT_ID))
    numbering.append(num)
    return NUM_ID


def numbered(doc, text, level, bold=False):
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    ppr = p._p.get_or_add_pPr()
    num_pr = el("w:numPr")
    num_pr.append(el("w:ilvl", val=str(level)))
    num_pr.append(el("w:numId", val=NUM_ID))
    ppr.append(num_pr)
    return p


def heading(doc, text):
    return numbered(doc, text, 0, bold=True)


def item(doc, text):
    return numbered(doc, text, 1, bold=True)


def bullet(doc, text):
    return para(doc, text, style="List Bullet")


def build():
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    add_numbering(doc)

    header = doc.add_table(rows=2, cols=2)
    no_borders(header)
    cell_lines(header.cell(0, 0), ["SỞ GD&ĐT TỈNH TRƯỜNG GIANG", "TRƯỜNG THPT BẾN SÔNG"],
               bold=(1,))
    cell_lines(header.cell(0, 1), ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                   "Độc lập - Tự do - Hạnh phúc"], bold=(0, 1))
    cell_lines(header.cell(1, 0), ["Số: 58/KH-THPTBS"])
    cell_lines(header.cell(1, 1), ["Bến Sông, ngày 08 tháng 10 năm 2025"], italic=(0,))

    para(doc, "")
    para(doc, "KẾ HOẠCH", bold=True, center=True)
    para(doc, "Thực hiện phong trào thi đua “Trường học xanh - sạch - đẹp - an toàn”",
         bold=True, center=True)
    para(doc, "năm học 2025 - 2026", bold=True, center=True)
    para(doc, "")

    para(doc, "Căn cứ Kế hoạch số 1920/KH-SGDĐT ngày 22/9/2025 của Sở GDĐT tỉnh Trường Giang "
              "về công tác thi đua, khen thưởng năm học 2025 - 2026;")
    para(doc, "Căn cứ Kế hoạch số 47/KH-THPTBS ngày 15/9/2025 của Trường THPT Bến Sông về thực "
              "hiện nhiệm vụ năm học 2025 - 2026,")
    para(doc, "Trường THPT Bến Sông xây dựng kế hoạch thực hiện phong trào thi đua như sau:")

    heading(doc, "MỤC ĐÍCH, YÊU CẦU")
    item(doc, "Mục đích")
    bullet(doc, "Xây dựng môi trường học tập xanh, sạch, đẹp, an toàn; hình thành ý thức bảo vệ "
                "môi trường, giữ gìn tài sản chung cho học sinh.")
    bullet(doc, "Gắn phong trào với hoạt động của Đoàn trường theo chủ đề “Mỗi đoàn viên một "
                "mầm xanh”.")
    item(doc, "Yêu cầu")
    bullet(doc, "Phong trào được triển khai đồng bộ đến từng lớp, từng bộ phận; có đánh giá, xếp "
                "loại hằng tháng.")

    heading(doc, "NỘI DUNG THI ĐUA")
    item(doc, "Xây dựng cảnh quan xanh")
    bullet(doc, "Mỗi lớp nhận chăm sóc ít nhất 05 chậu cây xanh đặt tại hành lang lớp học.")
    bullet(doc, "Đoàn trường phát động phong trào “Nói không với rác thải nhựa” trong toàn thể "
                "đoàn viên, thanh niên.")
    item(doc, "Giữ gìn vệ sinh trường, lớp")
    bullet(doc, "Thực hiện cuộc vận động “Lớp học sạch, sân trường sạch”; trực nhật theo lịch "
                "phân công, không xả rác bừa bãi.")
    item(doc, "Bảo đảm an toàn trường học")
    bullet(doc, "Kiểm tra định kỳ hệ thống điện, phòng cháy chữa cháy; phòng, chống bạo lực học "
                "đường.")
    bullet(doc, "Tổ chức Hội thi tìm hiểu pháp luật về an toàn giao thông cấp trường vào tháng "
                "12/2025.")

    heading(doc, "CHỈ TIÊU")
    item(doc, "Đối với tập thể lớp")
    bullet(doc, "100% lớp đăng ký thi đua và xây dựng góc xanh trong lớp học;")
    bullet(doc, "Ít nhất 90% lớp được xếp loại tốt về vệ sinh, cảnh quan trong từng học kỳ.")
    item(doc, "Đối với nhà trường")
    bullet(doc, "Trồng mới ít nhất 150 cây xanh trong khuôn viên trường;")
    bullet(doc, "Không để xảy ra tai nạn thương tích, cháy nổ trong trường học.")

    heading(doc, "THỜI GIAN VÀ KHEN THƯỞNG")
    bullet(doc, "Phong trào thực hiện từ tháng 10/2025 đến tháng 5/2026; sơ kết cuối học kỳ I, "
                "tổng kết vào dịp tổng kết năm học.")
    bullet(doc, "Hiệu trưởng tặng Giấy khen cho các tập thể lớp tiêu biểu; kết quả là một tiêu chí "
                "xét thi đua cuối năm của giáo viên chủ nhiệm.")

    heading(doc, "TỔ CHỨC THỰC HIỆN")
    item(doc, "Ban Giám hiệu")
    bullet(doc, "Chỉ đạo chung; bố trí kinh phí mua cây xanh, thùng rác phân loại.")
    item(doc, "Đoàn trường")
    bullet(doc, "Theo dõi, chấm điểm thi đua của các chi đoàn hằng tuần; công bố kết quả vào "
                "tiết chào cờ.")
    item(doc, "Giáo viên chủ nhiệm")
    bullet(doc, "Triển khai kế hoạch đến học sinh, phối hợp với cha mẹ học sinh chăm sóc cây "
                "xanh của lớp.")
    para(doc, "Trên đây là kế hoạch thực hiện phong trào thi đua “Trường học xanh - sạch - đẹp - "
              "an toàn” năm học 2025 - 2026 của Trường THPT Bến Sông. Yêu cầu các bộ phận, cá "
              "nhân nghiêm túc thực hiện./.")

    footer = doc.add_table(rows=1, cols=2)
    no_borders(footer)
    cell_lines(footer.cell(0, 0), ["Nơi nhận:",
                                   "- Sở GDĐT tỉnh Trường Giang (để b/c);",
                                   "- Đoàn trường, GVCN;",
                                   "- Đăng website trường;",
                                   "- Lưu: VT."], bold=(0,), italic=(0,), center=False)
    cell_lines(footer.cell(0, 1), ["HIỆU TRƯỞNG", "", "", "", "Phan Thanh Hải"], bold=(0, 4))

    doc.save(OUT)
    return OUT


if __name__ == "__main__":
    print(build())

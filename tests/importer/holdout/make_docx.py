#!/usr/bin/env python3
"""Build f_word_table_header.docx, a held-out test plan for the importer.

The header (issuing body, number / motto, place and date) sits in a 2-column
borderless table, body items use the Word styles "List Bullet" and "List Number"
(so their bullets and numbers are not in the text), and the recipients / signer
block is another 2-column borderless table. Run: python make_docx.py
"""
import sys
from pathlib import Path

from docx import Document
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from docx_layout import cell_lines, no_borders, para  # noqa: E402

OUT = Path(__file__).with_name("f_word_table_header.docx")


def build():
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)

    header = doc.add_table(rows=2, cols=2)
    no_borders(header)
    cell_lines(header.cell(0, 0), ["UBND QUẬN HẢI ĐÔNG", "TRƯỜNG TIỂU HỌC HOA PHƯỢNG"], bold=(1,))
    cell_lines(header.cell(0, 1), ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                   "Độc lập - Tự do - Hạnh phúc"], bold=(0, 1))
    cell_lines(header.cell(1, 0), ["Số: 17/KH-THHP"])
    cell_lines(header.cell(1, 1), ["Hải Đông, ngày 18 tháng 10 năm 2024"], italic=(0,))

    para(doc, "")
    para(doc, "KẾ HOẠCH", bold=True, center=True)
    para(doc, "Tổ chức đợt thi đua chào mừng kỷ niệm 42 năm ngày Nhà giáo Việt Nam",
         bold=True, center=True)
    para(doc, "(20/11/1982 - 20/11/2024)", bold=True, center=True)

    para(doc, "Căn cứ Kế hoạch số 09/KH-THHP ngày 05/9/2024 của Trường Tiểu học Hoa Phượng "
              "về thực hiện nhiệm vụ năm học 2024 - 2025;")
    para(doc, "Thực hiện Công văn số 812/PGDĐT-TĐKT ngày 14/10/2024 của Phòng GD&ĐT quận Hải Đông "
              "về việc tổ chức các hoạt động chào mừng ngày Nhà giáo Việt Nam 20/11,")
    para(doc, "Trường Tiểu học Hoa Phượng xây dựng kế hoạch tổ chức đợt thi đua như sau:")

    para(doc, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    para(doc, "Giáo dục học sinh truyền thống “Tôn sư trọng đạo”, lòng biết ơn thầy cô giáo.",
         style="List Bullet")
    para(doc, "Tạo không khí thi đua sôi nổi trong giáo viên và học sinh, lập thành tích chào mừng "
              "ngày Nhà giáo Việt Nam.", style="List Bullet")
    para(doc, "Các hoạt động tổ chức an toàn, tiết kiệm, không phô trương hình thức.",
         style="List Bullet")

    para(doc, "II. NỘI DUNG VÀ HÌNH THỨC THI ĐUA", bold=True)
    para(doc, "Đối với giáo viên: thi đua thực hiện phong trào “Dạy tốt - Học tốt”; mỗi giáo viên "
              "đăng ký ít nhất 02 tiết dạy tốt trong đợt thi đua.", style="List Number")
    para(doc, "Tổ chức Hội thi giáo viên dạy giỏi cấp trường vòng 1 từ ngày 28/10 đến ngày "
              "08/11/2024.", style="List Number")
    para(doc, "Đối với học sinh: thi đua giành nhiều điểm tốt qua phong trào “Hoa điểm mười "
              "kính dâng thầy cô”; mỗi lớp trang trí một bảng thi đua tại cửa lớp.",
         style="List Number")
    para(doc, "Liên đội tổ chức trang trí báo tường theo chủ điểm tháng 11 tại các chi đội.",
         style="List Number")

    para(doc, "III. CHỈ TIÊU", bold=True)
    para(doc, "100% lớp tham gia đợt thi đua và trang trí báo tường;", style="List Bullet")
    para(doc, "Có ít nhất 08 giáo viên tham gia Hội thi giáo viên dạy giỏi cấp trường;",
         style="List Bullet")
    para(doc, "Toàn trường phấn đấu đạt ít nhất 1.200 bông hoa điểm tốt.", style="List Bullet")

    para(doc, "IV. THỜI GIAN THỰC HIỆN", bold=True)
    para(doc, "Từ ngày 21/10/2024 đến ngày 18/11/2024; tổng kết, trao thưởng trong buổi lễ kỷ niệm "
              "ngày 20/11/2024.")

    para(doc, "V. TỔ CHỨC THỰC HIỆN", bold=True)
    para(doc, "Ban Giám hiệu chỉ đạo chung; Phó Hiệu trưởng phụ trách chuyên môn tổ chức Hội thi "
              "giáo viên dạy giỏi cấp trường.", style="List Bullet")
    para(doc, "Tổng phụ trách Đội theo dõi, tổng hợp bông hoa điểm tốt của các lớp hằng tuần.",
         style="List Bullet")
    para(doc, "Giáo viên chủ nhiệm triển khai kế hoạch đến học sinh và cha mẹ học sinh.",
         style="List Bullet")
    para(doc, "Trên đây là kế hoạch tổ chức đợt thi đua chào mừng ngày Nhà giáo Việt Nam 20/11/2024 "
              "của Trường Tiểu học Hoa Phượng. Đề nghị các bộ phận thực hiện nghiêm túc./.")

    footer = doc.add_table(rows=1, cols=2)
    no_borders(footer)
    cell_lines(footer.cell(0, 0), ["Nơi nhận:",
                                   "- Phòng GD&ĐT quận Hải Đông (để b/c);",
                                   "- Ban Đại diện CMHS;",
                                   "- Công đoàn, Liên đội;",
                                   "- Lưu: VT."], bold=(0,), italic=(0,), center=False)
    cell_lines(footer.cell(0, 1), ["HIỆU TRƯỞNG", "", "", "", "Lê Thị Thu Hà"], bold=(0, 4))

    doc.save(OUT)
    return OUT


if __name__ == "__main__":
    print(build())

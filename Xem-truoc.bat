@echo off
rem Bang vang: the preview with the form editor. Double-click: sets up on first run
rem (Cai-dat.bat), installs the editor (no Node.js needed), opens the browser at /admin/.
chcp 65001 >nul
setlocal
cd /d "%~dp0"
set "PYTHONUTF8=1"
call "%~dp0Cai-dat.bat" goi || goto :loi
".venv\Scripts\bangvang.exe" cai-trinh-soan
echo.
echo Bản xem trước: http://127.0.0.1:8000/    Soạn hồ sơ: http://127.0.0.1:8000/admin/
echo Trình duyệt sẽ tự mở khi bản xem trước sẵn sàng. Muốn dừng: đóng cửa sổ này.
echo.
start "" /b ".venv\Scripts\python.exe" -m bangvang.commands.editor_install --mo http://127.0.0.1:8000/admin/
".venv\Scripts\bangvang.exe" serve
pause
exit /b 0
:loi
pause
exit /b 1

@echo off
rem Bang vang: checks every record and builds the site into site\ (the folder to upload).
chcp 65001 >nul
setlocal
cd /d "%~dp0"
set "PYTHONUTF8=1"
call "%~dp0Cai-dat.bat" goi || goto :loi
".venv\Scripts\bangvang.exe" build
if errorlevel 1 goto :loi_ho_so
echo.
echo Xong. Trang web nằm trong thư mục site: chép NỘI DUNG thư mục đó lên máy chủ của trường.
start "" "%~dp0site"
pause
exit /b 0
:loi_ho_so
echo.
echo Trang web chưa được tạo: hãy sửa các lỗi liệt kê ở trên (tệp:dòng: trường: lỗi) rồi bấm đúp lại.
echo Trang web cũ, nếu có, vẫn giữ nguyên.
:loi
pause
exit /b 1

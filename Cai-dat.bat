@echo off
rem Bang vang: sets up the project's Python environment (.venv) on first run, and again when
rem requirements.lock or pyproject.toml change. Xem-truoc.bat and Tao-trang-web.bat call it
rem with the argument "goi" (then it does not wait for a key before closing).
rem Only what a Windows machine can show is listed in docs/editor.md ("Windows").
chcp 65001 >nul
setlocal
cd /d "%~dp0"
set "PYTHONUTF8=1"
set "PY="
where py >nul 2>nul && set "PY=py -3"
if not defined PY where python >nul 2>nul && set "PY=python"
if not defined PY goto :khong_co_python
%PY% -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)" >nul 2>nul || goto :python_cu
if exist ".venv\Scripts\python.exe" goto :da_co_venv
echo Lần đầu dùng trên máy này: đang chuẩn bị, mất vài phút và cần mạng...
%PY% -m venv .venv || goto :loi
:da_co_venv
fc /b requirements.lock ".venv\requirements.lock.da-cai" >nul 2>nul || goto :cai
fc /b pyproject.toml ".venv\pyproject.toml.da-cai" >nul 2>nul || goto :cai
set "KETQUA=0"
goto :het
:cai
echo Đang cài các thư viện của Bảng vàng vào thư mục .venv...
".venv\Scripts\python.exe" -m pip install --disable-pip-version-check --quiet -r requirements.lock || goto :loi
".venv\Scripts\python.exe" -m pip install --disable-pip-version-check --quiet --no-deps -e . || goto :loi
copy /y requirements.lock ".venv\requirements.lock.da-cai" >nul
copy /y pyproject.toml ".venv\pyproject.toml.da-cai" >nul
echo Đã cài xong.
set "KETQUA=0"
goto :het
:khong_co_python
echo.
echo Máy này chưa có Python. Hãy tải Python 3.11 trở lên tại https://www.python.org/downloads/
echo Khi cài, đánh dấu ô "Add python.exe to PATH", rồi bấm đúp lại tệp này.
set "KETQUA=1"
goto :het
:python_cu
echo.
echo Python trên máy này cũ hơn 3.11. Hãy cài bản mới tại https://www.python.org/downloads/
echo Khi cài, đánh dấu ô "Add python.exe to PATH", rồi bấm đúp lại tệp này.
set "KETQUA=1"
goto :het
:loi
echo.
echo Chưa cài được. Hãy kiểm tra kết nối mạng rồi bấm đúp lại tệp này.
echo Nếu vẫn lỗi, xoá thư mục .venv rồi thử lại, hoặc gửi nội dung cửa sổ này cho người phụ trách.
set "KETQUA=1"
:het
if /i not "%~1"=="goi" pause
exit /b %KETQUA%

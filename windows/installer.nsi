; NSIS script of the Windows installer (Simplified Chinese pages).
;
;   makensis -DVERSION=0.1.0 -DAPPDIR=<PyInstaller folder> -DASSETS=<repo>/assets -DOUTFILE=<setup.exe> installer.nsi
;
; Installs for the current user only, without administrator rights, into
; %LOCALAPPDATA%\Programs\Banmian (as VS Code or Teams do); adds a Start-menu
; entry, an optional desktop shortcut, the .banmian file association (double
; click opens the editor) and an entry in 应用和功能. Uninstalling removes the
; program, its shortcuts and its registry keys, and keeps the user's projects,
; settings and recovery data (under %APPDATA% / %LOCALAPPDATA%\Banmian).

Target amd64-unicode   ; a 64-bit installer: Wine here (and Banmian) is 64-bit only
ManifestDPIAware true
!include "MUI2.nsh"

!ifndef VERSION
  !error "makensis -DVERSION=… (editor.__version__)"
!endif
!ifndef COMPRESSOR
  !define COMPRESSOR "zlib"
!endif
SetCompressor /SOLID ${COMPRESSOR}

!define PRODUCT "版面 Banmian"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Banmian"
!define PROG_ID "Banmian.Project"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Banmian"
InstallDirRegKey HKCU "Software\Banmian" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"

!define MUI_ICON "${ASSETS}\banmian.ico"
!define MUI_UNICON "${ASSETS}\banmian.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\banmianw.exe"
!define MUI_FINISHPAGE_RUN_TEXT "启动版面"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "Banmian"

Section "版面（必需）" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${APPDIR}\*"
  File "/oname=banmian-document.ico" "${ASSETS}\banmian-document.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\Banmian" "InstallDir" "$INSTDIR"

  CreateDirectory "$SMPROGRAMS\版面"
  CreateShortcut "$SMPROGRAMS\版面\版面.lnk" "$INSTDIR\banmianw.exe" "" "$INSTDIR\banmianw.exe" 0
  CreateShortcut "$SMPROGRAMS\版面\卸载版面.lnk" "$INSTDIR\uninstall.exe"

  ; .banmian files open in the editor, with their own icon.
  WriteRegStr HKCU "Software\Classes\.banmian" "" "${PROG_ID}"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}" "" "版面项目"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\DefaultIcon" "" '"$INSTDIR\banmian-document.ico",0'
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\shell\open\command" "" '"$INSTDIR\banmianw.exe" "%1"'

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Banmian"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" '"$INSTDIR\banmianw.exe",0'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "桌面快捷方式" SecDesktop
  CreateShortcut "$DESKTOP\版面.lnk" "$INSTDIR\banmianw.exe" "" "$INSTDIR\banmianw.exe" 0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} "版面程序、内置字体和模板。"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "在桌面上放一个“版面”快捷方式。"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Section "Uninstall"
  ; Only what the installer put there: projects saved inside the folder by mistake survive.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\banmian.exe"
  Delete "$INSTDIR\banmianw.exe"
  Delete "$INSTDIR\banmian-document.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\版面\版面.lnk"
  Delete "$SMPROGRAMS\版面\卸载版面.lnk"
  RMDir "$SMPROGRAMS\版面"
  Delete "$DESKTOP\版面.lnk"

  ; The association goes only if it is still ours.
  ReadRegStr $0 HKCU "Software\Classes\.banmian" ""
  StrCmp $0 "${PROG_ID}" 0 +2
    DeleteRegKey HKCU "Software\Classes\.banmian"
  DeleteRegKey HKCU "Software\Classes\${PROG_ID}"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ; Settings (recent files, window layout) stay under HKCU\Software\Banmian; only our own value goes.
  DeleteRegValue HKCU "Software\Banmian" "InstallDir"
  DeleteRegKey /ifempty HKCU "Software\Banmian"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

; Relais installer for Windows, built by .ci/package with makensis (NSIS 3):
;   makensis -DVERSION=0.1.0 -DBUILD=1 -DEXE=path\to\Relais.exe -DOUTFILE=Relais-setup.exe relais.nsi
; The installer asks whether to install for the current user only (no
; administrator rights, in %LOCALAPPDATA%\Programs) or for everybody (in
; Program Files); /CurrentUser or /AllUsers choose it on the command line,
; and /S makes it silent. It adds a Start menu shortcut, an uninstaller
; and the entry of "Apps & features".

Unicode true
!ifndef VERSION
  !error "VERSION is missing: makensis -DVERSION=x.y.z"
!endif
!ifndef BUILD
  !define BUILD 0
!endif
!ifndef EXE
  !error "EXE is missing: the Relais.exe made by fyne package"
!endif
!ifndef OUTFILE
  !define OUTFILE "Relais-${VERSION}-setup.exe"
!endif

!define APPNAME "Relais"
!define APPID "app.relais.desktop"
!define PUBLISHER "Relais"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"

Name "${APPNAME}"
OutFile "${OUTFILE}"
SetCompressor /SOLID lzma
RequestExecutionLevel user

; Per user or per machine (MultiUser.nsh sets $INSTDIR and SHCTX).
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_INSTDIR "${APPNAME}"
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTALL_REGISTRY_KEY "${UNINSTKEY}"
!define MULTIUSER_INSTALLMODE_INSTALL_REGISTRY_VALUENAME "InstallLocation"
!define MULTIUSER_INSTALLMODE_UNINSTALL_REGISTRY_KEY "${UNINSTKEY}"
!define MULTIUSER_INSTALLMODE_UNINSTALL_REGISTRY_VALUENAME "InstallLocation"
!include MultiUser.nsh
!include MUI2.nsh

VIProductVersion "${VERSION}.${BUILD}"
VIAddVersionKey "ProductName" "${APPNAME}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}.${BUILD}"
VIAddVersionKey "FileDescription" "${APPNAME} installer"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "${NSISDIR}\Contrib\Graphics\Icons\modern-install.ico"
!define MUI_UNICON "${NSISDIR}\Contrib\Graphics\Icons\modern-uninstall.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\Relais.exe"
!insertmacro MULTIUSER_PAGE_INSTALLMODE
; Relais is GPL-3.0-or-later: the installer shows the licence first (it
; asks nothing: the GPL is not a condition of use).
!define MUI_LICENSEPAGE_TEXT_BOTTOM " "
!define MUI_LICENSEPAGE_BUTTON $(^NextBtn)
!insertmacro MUI_PAGE_LICENSE "${LICENSE}"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "French"

Function .onInit
  !insertmacro MULTIUSER_INIT
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

Section "Relais" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "/oname=Relais.exe" "${EXE}"
  File "/oname=LICENSE.txt" "${LICENSE}"
  WriteUninstaller "$INSTDIR\Uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\Relais.exe" "" "$INSTDIR\Relais.exe" 0

  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\Relais.exe,0"
  WriteRegStr SHCTX "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTKEY}" "UninstallString" '"$INSTDIR\Uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoRepair" 1
  SectionGetSize ${SecMain} $0
  WriteRegDWORD SHCTX "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

; The user's workspaces (data folders) and keychain entries are theirs and
; stay: uninstalling removes the program only.
Section "Uninstall"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$INSTDIR\Relais.exe"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINSTKEY}"
SectionEnd

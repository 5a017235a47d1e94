; Inno Setup script for Verbale on Windows.
; Not run by hand: `pyinstaller ... packaging/verbale.spec` on Windows builds
; dist\verbale-<version>-windows-x86_64 and then, when iscc is on PATH, runs
;   iscc /DMyAppVersion=<version> /DMyAppFolder=verbale-<version>-windows-x86_64 packaging\windows\verbale.iss
; with <version> read from app.__version__ (packaging/versioning.py), so no version is written here.

#ifndef MyAppVersion
  #error Pass the version: iscc /DMyAppVersion=<app.__version__> (the spec does)
#endif
#ifndef MyAppFolder
  #define MyAppFolder "verbale-" + MyAppVersion + "-windows-x86_64"
#endif

[Setup]
AppId={{7A0B4C1E-5D2F-4E8B-9C3A-0F1E2D3C4B5A}
AppName=Verbale
AppVersion={#MyAppVersion}
AppPublisher=CICA
DefaultDirName={autopf}\Verbale
DefaultGroupName=Verbale
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename={#MyAppFolder}-setup
SetupIconFile=..\icons\verbale.ico
UninstallDisplayIcon={app}\verbale.exe
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\{#MyAppFolder}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Verbale"; Filename: "{app}\verbale.exe"
Name: "{autodesktop}\Verbale"; Filename: "{app}\verbale.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\verbale.exe"; Description: "{cm:LaunchProgram,Verbale}"; Flags: nowait postinstall skipifsilent

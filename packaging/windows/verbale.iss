; Inno Setup script for Verbale on Windows.
; Build the folder first on Windows: `pyinstaller --noconfirm --clean --distpath dist
;   --workpath build/pyinstaller packaging/verbale.spec`, then from the repository root:
;   iscc /DAppVersion=0.1.0 packaging\windows\verbale.iss
; The version must match app/__init__.py's __version__ (pyproject reads it from there).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{7A0B4C1E-5D2F-4E8B-9C3A-0F1E2D3C4B5A}
AppName=Verbale
AppVersion={#AppVersion}
AppPublisher=CICA
DefaultDirName={autopf}\Verbale
DefaultGroupName=Verbale
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=verbale-{#AppVersion}-setup
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
Source: "..\..\dist\verbale\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Verbale"; Filename: "{app}\verbale.exe"
Name: "{autodesktop}\Verbale"; Filename: "{app}\verbale.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\verbale.exe"; Description: "{cm:LaunchProgram,Verbale}"; Flags: nowait postinstall skipifsilent

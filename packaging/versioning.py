"""One version number for every packaging file: `app.__version__`, stamped in at build time.

The spec imports this module; the fast test in tests/packaging checks the same functions, so
the metainfo, Info.plist, installer and folder name cannot drift from the application's version.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import plistlib
import sys
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
METAINFO_TEMPLATE = PACKAGING / "org.cica.Verbale.metainfo.xml.in"
INFO_PLIST_TEMPLATE = PACKAGING / "macos" / "Info.plist.in"
INNO_SCRIPT = PACKAGING / "windows" / "verbale.iss"
#: What the templates hold where the build puts the version and the release date.
VERSION_MARK = "@VERSION@"
DATE_MARK = "@DATE@"


def app_version() -> str:
    """`app.__version__` of this checkout (app/__init__.py imports nothing, so this is cheap)."""
    if sys.path[:1] != [str(ROOT)]:
        sys.path.insert(0, str(ROOT))
    import app

    return str(app.__version__)


def platform_tag() -> str:
    """linux-x86_64, windows-x86_64, macos-arm64...: the platform part of the package name."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def package_name(version: str) -> str:
    """Name of the built folder (and of archives made from it): verbale-<version>-<platform>."""
    return f"verbale-{version}-{platform_tag()}"


def release_date() -> str:
    """The build's date, or SOURCE_DATE_EPOCH's for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.date().isoformat()


def _stamp(template: str, version: str, date: str = "") -> str:
    if VERSION_MARK not in template:
        raise ValueError(f"the template has no {VERSION_MARK} to stamp")
    return template.replace(VERSION_MARK, version).replace(DATE_MARK, date)


def stamp_metainfo(version: str, date: str) -> str:
    """The AppStream metainfo with this release's version and date."""
    text = _stamp(METAINFO_TEMPLATE.read_text(encoding="utf-8"), version, date)
    ElementTree.fromstring(text.encode("utf-8"))  # refuse to write malformed XML
    return text


def stamp_info_plist(version: str) -> dict[str, object]:
    """The macOS bundle's Info.plist with this version, as the dict PyInstaller's BUNDLE takes."""
    text = _stamp(INFO_PLIST_TEMPLATE.read_text(encoding="utf-8"), version)
    info: dict[str, object] = plistlib.loads(text.encode("utf-8"))
    return info


def inno_command(version: str) -> list[str]:
    """The Inno Setup compiler call that builds the Windows installer of this version."""
    return [
        "iscc",
        f"/DMyAppVersion={version}",
        f"/DMyAppFolder={package_name(version)}",
        str(INNO_SCRIPT),
    ]

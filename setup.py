"""Build hook: the wheel carries templates/ and resources/ inside the package as app/_data/."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_DIRS = ("templates", "resources")


class BuildPyWithData(build_py):
    """Copy the top-level data folders into app/_data of the build tree."""

    def run(self) -> None:
        super().run()
        root = Path(__file__).parent
        for name in DATA_DIRS:
            target = Path(self.build_lib) / "app" / "_data" / name
            shutil.copytree(
                root / name,
                target,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.pot"),
            )
        compile_catalogs(Path(self.build_lib) / "app" / "_data" / "resources" / "locale")


def compile_catalogs(locale_dir: Path) -> None:
    """Build the .mo message catalogs from the committed .po files."""
    if not locale_dir.is_dir():
        return
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in locale_dir.glob("*/LC_MESSAGES/*.po"):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalog)


setup(cmdclass={"build_py": BuildPyWithData})

"""Build step of the wheel: the project's templates, static files and translations go inside it.

In a source checkout they live at the top of the tree (templates/, static/, locale/), where the
settings find them. An installed wheel has no such tree, so building copies them into the
`housingapp/resources/` folder of the wheel and compiles each `locale/*/LC_MESSAGES/*.po` into its
`.mo` (with polib, a build requirement: no gettext needed). The settings use that folder when it
exists (housingapp/settings.py, RESOURCE_DIR). Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCES = ("templates", "static", "locale")


class BuildPyWithResources(build_py):
    def run(self) -> None:
        super().run()
        # An editable install reads the source tree itself.
        if getattr(self, "editable_mode", False):
            return
        import polib

        target = Path(self.build_lib) / "housingapp" / "resources"
        for name in RESOURCES:
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("*.mo"))
        for po_path in (target / "locale").glob("*/LC_MESSAGES/*.po"):
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


setup(cmdclass={"build_py": BuildPyWithResources})

"""setuptools hook (the project itself is declared in pyproject.toml): a built wheel carries the trainer's
guide, docs/authoring.md, as course_builder/guide.md, so `course-builder new course` can give each new
course a copy and `course-builder docs` can say where it is. A checkout reads docs/authoring.md itself."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

GUIDE = Path(__file__).resolve().parent / "docs" / "authoring.md"


class BuildWithGuide(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # `pip install -e .` runs from the checkout, which reads docs/authoring.md itself
        if not GUIDE.is_file():
            raise SystemExit(f"{GUIDE} is missing: the wheel must carry the trainer's guide")
        target = Path(self.build_lib) / "course_builder"
        self.mkpath(str(target))
        self.copy_file(str(GUIDE), str(target / "guide.md"))


setup(cmdclass={"build_py": BuildWithGuide})

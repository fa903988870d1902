"""One build step on top of pyproject.toml: ship the pages the site renders from docs/.

docs/ stays the one source of the methodology pages (English for developers, methodology/nl/
for the public) and the glossary. An installed tekort has
no checkout beside it, so building the package copies them into it (tekort/docs/), where
settings.TEKORT_DOCS_DIR finds them; a checkout (make run, an editable install) reads docs/.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED_DOCS = ("glossary.md", "methodology/*.md", "methodology/nl/*.md")


class BuildPyWithDocs(build_py):
    def run(self):
        super().run()
        if self.editable_mode:
            return  # an editable install reads docs/ from the checkout
        target = Path(self.build_lib) / "tekort" / "docs"
        for pattern in SHIPPED_DOCS:
            for source in sorted((ROOT / "docs").glob(pattern)):
                destination = target / source.relative_to(ROOT / "docs")
                destination.parent.mkdir(parents=True, exist_ok=True)
                self.copy_file(str(source), str(destination))


setup(cmdclass={"build_py": BuildPyWithDocs})

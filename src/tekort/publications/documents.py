"""Methodology pages and the glossary, rendered from the repository's markdown (docs/).

``docs/methodology/<slug>.md`` is the one source of each methodology page (English, as the
methods are specified); ``docs/glossary.md`` the source of the Dutch glossary (*begrippen*).
The files are the project's own, so their HTML is trusted; rendering is cached by mtime.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import markdown
from django.conf import settings
from django.utils.safestring import mark_safe

EXTENSIONS = ["tables", "fenced_code", "def_list", "toc", "sane_lists"]
SLUG = re.compile(r"^[a-z0-9-]+$")
_CACHE: dict = {}


@dataclass(frozen=True)
class Document:
    slug: str
    title: str
    html: str


def docs_dir() -> Path:
    """docs/ of the checkout, or the copy inside an installed package (settings.TEKORT_DOCS_DIR)."""
    return Path(settings.TEKORT_DOCS_DIR)


def _render(path: Path) -> Document:
    stamp = path.stat().st_mtime_ns
    key = (str(path), stamp)
    if key not in _CACHE:
        text = path.read_text(encoding="utf-8")
        title_match = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
        title = title_match.group(1).strip() if title_match else path.stem
        body = text[title_match.end() :] if title_match else text
        html = markdown.markdown(body, extensions=EXTENSIONS, output_format="html")
        # the page has its own h1: shift the document's headings one level down stays valid
        _CACHE[key] = Document(path.stem, title.replace("`", ""), mark_safe(html))  # noqa: S308
    return _CACHE[key]


def methodology_pages() -> list[Document]:
    folder = docs_dir() / "methodology"
    return [_render(p) for p in sorted(folder.glob("*.md"))]


def methodology_page(slug: str) -> Document | None:
    if not SLUG.match(slug):
        return None
    path = docs_dir() / "methodology" / f"{slug}.md"
    return _render(path) if path.is_file() else None


def glossary() -> Document:
    return _render(docs_dir() / "glossary.md")

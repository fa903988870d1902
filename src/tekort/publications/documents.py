"""Methodology pages and the glossary, rendered from the repository's markdown (docs/).

``docs/methodology/<slug>.md`` is each method's developer documentation (English, as the
methods are specified); ``docs/methodology/nl/<slug>.md`` is its Dutch text for the public, the
page ``/methodologie/<slug>`` shows (``lang="nl"``, the default). Every English page has a Dutch
one (a test holds the two sets equal). ``docs/glossary.md`` is the source of the Dutch glossary
(*begrippen*).
The files are the project's own, so their HTML is trusted; rendering is cached by mtime.

The pages are for readers, not developers: formulas (``$...$``, ``$$...$$``) become MathML on
the server (no script), and what only a developer needs (the "Code:" lines, the "Tested by"
section, code spans naming files, tests or private functions) is left out of the page.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import markdown
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from latex2mathml.converter import convert

EXTENSIONS = ["tables", "fenced_code", "def_list", "toc", "sane_lists"]
SLUG = re.compile(r"^[a-z0-9-]+$")
_CACHE: dict = {}

DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$")
DEVELOPER_SECTION = re.compile(r"^## Tested by\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
CODE_LINE = re.compile(r"^(Code|Bench): .*?(?=Specification:|^\s*$|\Z)", re.MULTILINE | re.DOTALL)
CODE_ASIDE = re.compile(r"\(Code: [^)]*\)")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
# a code span that names a file, a test or a private function (identifiers of the method stay)
CODE_REFERENCE = re.compile(
    r"(^(src|bench|tests?|docs)/)|(\.(py|toml|md|csv|json)\b)|::|(^test_)|(^_\w)"
)
LIST_ITEM = re.compile(r"^(\s*)([*+-]|\d+\.)\s")


def mathml(latex: str, *, display: bool = False) -> str:
    """One LaTeX formula as MathML (inline, or as a block); text that is no formula stays text."""
    try:
        return convert(latex.strip(), display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - a formula the converter cannot read is shown as text
        return f"<code>{escape(latex)}</code>"


def _without_developer_notes(text: str) -> str:
    text = DEVELOPER_SECTION.sub("", text)
    text = CODE_ASIDE.sub("", text)
    text = CODE_LINE.sub("", text)
    text = re.sub(r"^Status: methodology of `[^`]*`\s*", "", text, flags=re.MULTILINE)

    def span(match):
        return "" if CODE_REFERENCE.search(match.group(1)) else match.group(0)

    text = CODE_SPAN.sub(span, text)
    # what removing a name leaves: "( )", "in ,", " ." and doubled commas
    text = re.sub(r"\(\s*[,;]?\s*\)", "", text)
    text = re.sub(r"(,\s*)+(?=[,.;:)])", "", text)
    text = re.sub(r"\b(in|of|by|from|see|at|with)\s*(?=[,.;:)])", "", text)
    text = re.sub(r"[ \t]+([,.;:)])", r"\1", text)
    text = re.sub(r"(?<=\S)[ \t]{2,}(?=\S)", " ", text)
    text = re.sub(r"[ \t]*\n\.", ".", text)
    text = re.sub(r"\(\s*[,;:]\s*", "(", text)
    return text


def _blank_line_before_lists(text: str) -> str:
    """Markdown needs a blank line between a paragraph and the list that follows it."""
    out: list[str] = []
    for line in text.split("\n"):
        previous = out[-1] if out else ""
        if (
            LIST_ITEM.match(line)
            and previous.strip()
            and not LIST_ITEM.match(previous)
            and not previous.startswith((" ", "\t", "#"))
        ):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _markdown_with_math(text: str) -> str:
    """Markdown to HTML, the formulas set aside first so Markdown never sees their ``_``/``*``."""
    formulas: list[str] = []

    def keep(html: str) -> str:
        formulas.append(html)
        return f"MATHPLACEHOLDER{len(formulas) - 1}X"

    text = DISPLAY_MATH.sub(lambda m: keep(mathml(m.group(1), display=True)), text)
    text = INLINE_MATH.sub(lambda m: keep(mathml(m.group(1))), text)
    html = markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
    return re.sub(r"MATHPLACEHOLDER(\d+)X", lambda m: formulas[int(m.group(1))], html)


def _plain_title(title: str) -> str:
    """A heading's text without Markdown marks or code names: "Forecast (*raming*)" reads as such."""
    title = CODE_SPAN.sub(lambda m: "" if CODE_REFERENCE.search(m.group(1)) else m.group(1), title)
    title = re.sub(r"\(\s*\)", "", title)
    title = re.sub(r"(?<!\w)_|_(?!\w)", "", title)  # _emphasis_, not snake_case
    return re.sub(r"[*`\\]", "", title).strip()


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
        body = _blank_line_before_lists(_without_developer_notes(body))
        html = _markdown_with_math(body)
        _CACHE[key] = Document(path.stem, _plain_title(title), mark_safe(html))  # noqa: S308
    return _CACHE[key]


LANGUAGES = ("nl", "en")  # the public's Dutch pages; the developers' English documentation


def _methodology_dir(lang: str) -> Path:
    if lang not in LANGUAGES:
        raise ValueError(f"no methodology pages in {lang!r}")
    folder = docs_dir() / "methodology"
    return folder / "nl" if lang == "nl" else folder


def methodology_pages(lang: str = "nl") -> list[Document]:
    return [_render(p) for p in sorted(_methodology_dir(lang).glob("*.md"))]


def methodology_page(slug: str, lang: str = "nl") -> Document | None:
    if not SLUG.match(slug):
        return None
    path = _methodology_dir(lang) / f"{slug}.md"
    return _render(path) if path.is_file() else None


def glossary() -> Document:
    return _render(docs_dir() / "glossary.md")

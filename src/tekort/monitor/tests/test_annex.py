"""The generated annex for June 2024 lists the same items and statuses, in the same order, as the
annex of the June 2024 letter itself (read from the shared letters folder at test time)."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from tekort.monitor.models import Item, Status
from tekort.monitor.templatetags.monitor_labels import file_size

pytestmark = pytest.mark.django_db

LETTER_FILE = "001_4436bc47727c4e5e.txt"  # Kamerbrief 27 923 nr. 492, 26 June 2024 (letters.csv)
# A reference line in the annex's left column: "Kamerstukken II 2023/24, 27923, nr. 473",
# "Kammerstukken II 2022/23, 36132, nr. 12", "Kamerstuk 36132, nr.11", or a TZ code.
REFERENCE_LINE = re.compile(
    r"^\s*(?:Kam+erstuk(?:ken)?\b[^\n]*?(?P<dossier>\d{2}\s?\d{3})(?:\s(?P<sub>VIII))?,"
    r"\s*nr\.\s*(?P<nr>\d+)|(?P<tz>TZ\d{6}-\d{3}))\s*$",
    re.MULTILINE,
)


@pytest.fixture
def letter_annex(shared_data_dir):
    """The annex part of the June 2024 letter: from its table header to the research section."""
    text = (shared_data_dir.parent / "letters" / LETTER_FILE).read_text(encoding="utf-8")
    start = text.index("\tMotie/toezegging\n\tStand van zaken")
    end = text.index("Tussenevaluatie experiment bijzondere nadere vooropleidingseisen pabo", start)
    return text[start:end]


def reference_key(match) -> str:
    if match["tz"]:
        return match["tz"]
    dossier = match["dossier"].replace(" ", "") + (f"-{match['sub']}" if match["sub"] else "")
    return f"{dossier};{match['nr']}"


def written_key(reference: str) -> str:
    match = REFERENCE_LINE.match(reference)
    assert match, f"not a reference as the annex prints it: {reference!r}"
    return reference_key(match)


def find_in_letter(letter_text: str, quote: str) -> int:
    """Where a verbatim quote stands in the letter, allowing for its line breaks."""
    words = [re.escape(w) for w in quote.split()]
    pattern = r"\s+".join(words)
    pattern = re.sub(r"(\\?[.,;:)])", r"\\s*\1", pattern)  # "ResearchNed\n." in the letter
    match = re.search(pattern, letter_text)
    assert match, f"status text not found in the letter: {quote[:80]!r}"
    return match.start()


def events_in_letter(letter_text: str, rows) -> list[tuple[str, str]]:
    """The letter's references and status texts in reading order."""
    events = [(m.start(), ("ref", reference_key(m))) for m in REFERENCE_LINE.finditer(letter_text)]
    for n, row in enumerate(rows):
        events.append((find_in_letter(letter_text, row["status_text"]), ("status", str(n))))
    return [event for _pos, event in sorted(events)]


def annex_events(rows) -> list[tuple[tuple[str, str], str]]:
    """The generated annex's references and status texts in reading order, each with the text
    the annex prints for it: the expected list every rendering of the annex is checked against."""
    events = []
    for n, row in enumerate(rows):
        events += [(("ref", written_key(i["reference"])), i["reference"]) for i in row["items"]]
        events.append((("status", str(n)), row["status_text"]))
    return events


def test_generated_june_2024_annex_matches_the_letter(client, policy, letter_annex):
    annex = client.get(reverse("monitor:annex-json", args=["l2024-06"])).json()
    rows = annex["rows"]
    expected = [event for event, _printed in annex_events(rows)]
    assert events_in_letter(letter_annex, rows) == expected
    references = [e for e in expected if e[0] == "ref"]
    assert len(references) == len(REFERENCE_LINE.findall(letter_annex)) == 19
    assert len(rows) == 17  # two rows cover two items each (476 + TZ202402-158; 467 + 469)
    assert annex["drafts_not_included"] == 0


def test_the_annex_page_and_document_show_the_same_rows(client, policy):
    rows = client.get(reverse("monitor:annex-json", args=["l2024-06"])).json()["rows"]
    html = client.get(reverse("monitor:annex", args=["l2024-06"])).content.decode()
    assert "Bijlage – stand van zaken moties en toezeggingen" in html
    assert '<th scope="col">Motie/toezegging</th><th scope="col">Stand van zaken</th>' in html
    assert html.count("<tr>\n      <td>") == len(rows)
    response = client.get(reverse("monitor:annex-docx", args=["l2024-06"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    table = Document(io.BytesIO(response.content)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Motie/toezegging", "Stand van zaken"]
    body = table.rows[1:]
    assert len(body) == len(rows)
    for docx_row, row in zip(body, rows, strict=True):
        left, right = (cell.text for cell in docx_row.cells)
        assert right == row["status_text"]
        assert all(item["reference"] in left for item in row["items"])


def test_an_annex_of_an_older_letter_groups_a_shared_status(client, policy):
    rows = client.get(reverse("monitor:annex-json", args=["l2022-12"])).json()["rows"]
    voltijd = [r for r in rows if r["heading"] == "Moties Voltijd/meerurenbonus"]
    assert len(voltijd) == 1
    assert [i["reference"] for i in voltijd[0]["items"]] == [  # the letter's order
        "35 300-VIII nr. 33",
        "36200, nr. 24",
        "29 544 nr. 1135",
        "36200-VIII, Nr. 90",
    ]


def pdf_text(content: bytes) -> tuple[int, str]:
    """The number of pages and the whitespace-normalised text of a PDF (pypdf)."""
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def in_order(text: str, events) -> list[tuple[str, str]]:
    """The events whose printed text occurs in `text`, each after the one before it."""
    found, position = [], 0
    for event, printed in events:
        # a status text is long: its first words place it (reportlab never breaks inside a word)
        words = " ".join(printed.split()[:12])
        at = text.find(words, position)
        if at >= 0:
            found.append(event)
            position = at + len(words)
    return found


def test_the_june_2024_annex_as_pdf_has_every_reference_in_the_letters_order(client, policy):
    rows = client.get(reverse("monitor:annex-json", args=["l2024-06"])).json()["rows"]
    response = client.get(reverse("monitor:annex-pdf", args=["l2024-06"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    pages, text = pdf_text(response.content)
    assert pages >= 1
    assert text.count("Motie/toezegging Stand van zaken") == pages  # header row on every page
    assert f"Pagina {pages} van {pages}" in text
    assert "Bijlage – stand van zaken moties en toezeggingen — 26 juni 2024" in text
    events = annex_events(rows)
    assert in_order(text, events) == [event for event, _printed in events]
    assert len([e for e, _p in events if e[0] == "ref"]) == 19
    assert "pabo’s" in text  # typographic apostrophe, as in the source


def test_the_pdf_renders_every_letter_of_the_sources(client, policy):
    """Gündoğan (ğ is not in WinAnsi, so not in Helvetica) and ë, é in the December 2022 annex."""
    response = client.get(reverse("monitor:annex-pdf", args=["l2022-12"]))
    _pages, text = pdf_text(response.content)
    assert "(Gündoğan; van Beukering-Huijbregts; Smals)" in text
    assert "Moties Voltijd/meerurenbonus" in text


def test_a_draft_status_never_reaches_the_pdf(client, policy):
    item = Item.objects.exclude(statuses__letter_id="l2024-06").first()
    Status.objects.create(
        id=f"ms-{item.pk}@l2024-06",
        item=item,
        letter_id="l2024-06",
        heading="Conceptkop <b>& niet openbaar</b>",
        text="Nog niet goedgekeurde concepttekst.",
        status_class="lopend",
        position=0,
    )
    response = client.get(reverse("monitor:annex-pdf", args=["l2024-06"]))
    _pages, text = pdf_text(response.content)
    assert "concepttekst" not in text and "Conceptkop" not in text
    assert "Motie/toezegging Stand van zaken" in text


def test_the_pdf_escapes_markup_in_the_texts(client, policy):
    status = Status.objects.filter(letter_id="l2024-06", section="bijlage").order_by("position")[0]
    Status.objects.filter(pk=status.pk).update(
        text="Kosten < 5% & <b>niet</b> vet.\n\nTweede alinea."
    )
    response = client.get(reverse("monitor:annex-pdf", args=["l2024-06"]))
    _pages, text = pdf_text(response.content)
    assert "Kosten < 5% & <b>niet</b> vet. Tweede alinea." in text


def test_the_annex_and_letter_pages_link_the_pdf_with_type_and_size(client, policy):
    size = len(client.get(reverse("monitor:annex-pdf", args=["l2024-06"])).content)
    label = f"PDF, {-(-size // 1000)} kB"
    url = reverse("monitor:annex-pdf", args=["l2024-06"])
    for page in ("monitor:annex", "monitor:letter"):
        html = client.get(reverse(page, args=["l2024-06"])).content.decode()
        assert f'href="{url}"' in html and label in html


def test_file_sizes_are_given_as_dutch_government_sites_do():
    with translation.override("nl"):
        assert [file_size(n) for n in (1, 83_960, 999_999, 1_234_567)] == [
            "1 kB",
            "84 kB",
            "1,0 MB",
            "1,3 MB",
        ]

"""The generated annex for June 2024 lists the same items and statuses, in the same order, as the
annex of the June 2024 letter itself (read from the shared letters folder at test time)."""

import io
import re

import pytest
from django.urls import reverse
from docx import Document

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


def test_generated_june_2024_annex_matches_the_letter(client, policy, letter_annex):
    annex = client.get(reverse("monitor:annex-json", args=["l2024-06"])).json()
    rows = annex["rows"]
    expected = []
    for n, row in enumerate(rows):
        expected += [("ref", written_key(item["reference"])) for item in row["items"]]
        expected.append(("status", str(n)))
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

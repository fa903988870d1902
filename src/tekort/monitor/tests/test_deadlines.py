"""The Dutch period-phrase parser (`monitor.deadlines`): each phrase's period and last day, phrases
without a year resolved against the letter's date, and which phrase in a text is the promise."""

import datetime

import pytest

from tekort.monitor.deadlines import PhraseError, find_periods, parse_period, promised_period

D = datetime.date
JUNE_2024 = D(2024, 6, 26)
FEB_2024 = D(2024, 2, 16)


@pytest.mark.parametrize(
    ("phrase", "reference", "start", "end", "precision"),
    [
        ("voor de zomer van 2023", D(2022, 12, 1), D(2023, 1, 1), D(2023, 6, 30), "season"),
        ("voor het zomerreces", FEB_2024, D(2024, 1, 1), D(2024, 6, 30), "season"),
        ("in het najaar", JUNE_2024, D(2024, 9, 1), D(2024, 11, 30), "season"),
        ("in het najaar", D(2024, 12, 1), D(2025, 9, 1), D(2025, 11, 30), "season"),
        ("het najaar van 2024", D(2021, 1, 1), D(2024, 9, 1), D(2024, 11, 30), "season"),
        ("dit najaar", D(2021, 6, 1), D(2021, 9, 1), D(2021, 11, 30), "season"),
        ("het voorjaar 2023", D(2022, 12, 1), D(2023, 3, 1), D(2023, 5, 31), "season"),
        ("in het voorjaar", FEB_2024, D(2024, 3, 1), D(2024, 5, 31), "season"),
        ("na de zomer", JUNE_2024, D(2024, 9, 1), D(2024, 11, 30), "season"),
        ("na het zomerreces van 2024", FEB_2024, D(2024, 9, 1), D(2024, 11, 30), "season"),
        ("in de winter", JUNE_2024, D(2024, 12, 1), D(2025, 2, 28), "season"),
        ("eind 2024", FEB_2024, D(2024, 10, 1), D(2024, 12, 31), "part-of-year"),
        ("begin 2025", FEB_2024, D(2025, 1, 1), D(2025, 3, 31), "part-of-year"),
        ("medio 2025", FEB_2024, D(2025, 6, 1), D(2025, 7, 31), "part-of-year"),
        ("begin volgend jaar", JUNE_2024, D(2025, 1, 1), D(2025, 3, 31), "part-of-year"),
        ("eind dit jaar", JUNE_2024, D(2024, 10, 1), D(2024, 12, 31), "part-of-year"),
        ("Q4 2023", D(2023, 6, 1), D(2023, 10, 1), D(2023, 12, 31), "quarter"),
        ("Q4", D(2023, 6, 1), D(2023, 10, 1), D(2023, 12, 31), "quarter"),
        ("Q1", D(2023, 6, 1), D(2024, 1, 1), D(2024, 3, 31), "quarter"),
        ("het derde kwartaal van 2025", JUNE_2024, D(2025, 7, 1), D(2025, 9, 30), "quarter"),
        ("de tweede helft van 2024", FEB_2024, D(2024, 7, 1), D(2024, 12, 31), "half-year"),
        ("in december 2024", JUNE_2024, D(2024, 12, 1), D(2024, 12, 31), "month"),
        ("in december", JUNE_2024, D(2024, 12, 1), D(2024, 12, 31), "month"),
        ("in december", D(2022, 12, 1), D(2022, 12, 1), D(2022, 12, 31), "month"),
        ("in februari", JUNE_2024, D(2025, 2, 1), D(2025, 2, 28), "month"),
        ("december ’23", D(2023, 6, 1), D(2023, 12, 1), D(2023, 12, 31), "month"),
        ("op 15 december", D(2022, 12, 1), D(2022, 12, 15), D(2022, 12, 15), "day"),
        ("voor 6 juni 2023", D(2023, 1, 1), D(2023, 6, 6), D(2023, 6, 6), "day"),
        ("in 2025", FEB_2024, D(2025, 1, 1), D(2025, 12, 31), "year"),
        ("nog in 2021", D(2021, 6, 1), D(2021, 1, 1), D(2021, 12, 31), "year"),
        ("volgend jaar", JUNE_2024, None, None, None),
        ("(2026/27)", JUNE_2024, D(2026, 8, 1), D(2027, 7, 31), "school-year"),
        ("schooljaar 2023-2024", D(2022, 12, 1), D(2023, 8, 1), D(2024, 7, 31), "school-year"),
        ("studiejaar 2025–2026", JUNE_2024, D(2025, 8, 1), D(2026, 7, 31), "school-year"),
        ("volgend schooljaar", D(2023, 6, 1), D(2023, 8, 1), D(2024, 7, 31), "school-year"),
    ],
)
def test_a_phrase_is_read_as_its_period(phrase, reference, start, end, precision):
    if precision is None:
        with pytest.raises(PhraseError, match="geen periode herkend in 'volgend jaar'"):
            parse_period(phrase, reference)
        return
    period = parse_period(phrase, reference)
    assert (period.start, period.end, period.precision) == (start, end, precision)


def test_phrases_are_found_verbatim_in_text_order_and_the_longest_wins():
    text = "De kopgroep gaat vanaf januari 2023 aan de slag. In het voorjaar 2023 komen wij terug."
    found = find_periods(text, D(2022, 12, 1))
    assert [(f.phrase, f.period.end) for f in found] == [
        ("januari 2023", D(2023, 1, 31)),
        ("het voorjaar 2023", D(2023, 5, 31)),
    ]
    assert text[found[1].offset :].startswith("het voorjaar 2023")


def test_a_parliamentary_year_is_no_school_year():
    assert find_periods("Kamerstukken II 2022/2023, 27 923, nr. 451", JUNE_2024) == []


def test_the_promise_is_the_period_in_a_sentence_to_the_kamer():
    text = (
        "Onze ambitie is een meerurenbonus. Zo mogelijk al in het schooljaar 2023-2024. "
        "De kopgroep gaat vanaf januari 2023 aan de slag. "
        "In het voorjaar 2023 komen wij bij uw Kamer terug op de voortgang."
    )
    found = promised_period(text, D(2022, 12, 1))
    assert (found.phrase, found.period.end) == ("het voorjaar 2023", D(2023, 5, 31))


def test_within_the_kamer_sentences_the_latest_period_wins():
    text = (
        "De eindrapportage verwachten we deze zomer en we zullen uw Kamer in het najaar "
        "informeren over deze resultaten."
    )
    found = promised_period(text, JUNE_2024)
    assert (found.phrase, found.period.end) == ("het najaar", D(2024, 11, 30))


def test_a_delivery_without_the_kamer_is_a_promise_too():
    found = promised_period("Naar verwachting zal in Q4 het dashboard live gaan.", D(2023, 6, 1))
    assert (found.phrase, found.period.end, found.period.precision) == (
        "Q4",
        D(2023, 12, 31),
        "quarter",
    )


@pytest.mark.parametrize(
    "text",
    [
        # past: before the letter, "jl.", a sentence that reports what was done
        "Deze hebben wij u op 9 april jl. toegestuurd.",
        "In december ’23 is de Kamer geïnformeerd over de aanpak.",
        "Eind 2022 is de Kamer geïnformeerd over de tussenresultaten.",
        "In de brief die wij in december naar de Kamer hebben gestuurd, leest u dat.",
        # a starting point, a yearly habit, or no promise at all
        "Per 1 juli wordt het expertisepunt de Kamer ter zijde gestaan.",
        "De Kamer wordt geïnformeerd in de brieven die jaarlijks in juni en december verschijnen.",
        "Het streven is om in december de internetconsultatie te starten.",
    ],
)
def test_no_promise_is_read_where_there_is_none(text):
    assert promised_period(text, D(2023, 6, 1)) is None

"""Due dates from the letters' own words: a deterministic parser of Dutch period phrases.

`find_periods(text, reference)` finds every phrase that names a period ("voor de zomer van 2023",
"in het najaar", "eind 2024", "Q4", "begin volgend jaar", "(2026/27)", "in december 2024") and
resolves it against `reference`, the date of the letter the text is from: a phrase without a year
means the first such period that ends on or after the reference ("in december" in a June 2024
letter is December 2024, "in het voorjaar" in a February 2024 letter is spring 2024).

`promised_period(text, reference)` picks the one phrase that is a promise: a period that has not
ended by the letter's date, not a starting point ("vanaf", "sinds", "per"), in a sentence that says
something will be delivered or the Kamer informed. The due date is the period's last day.

Seasons are the meteorological ones (voorjaar March–May, zomer June–August, najaar
September–November, winter December–February); "voor de zomer" and "voor het zomerreces" end on
30 June, "na de zomer" and "na het zomerreces" are the najaar; "begin" is the first quarter of a
year, "medio" June–July, "eind" the last quarter; a school or study year runs 1 August – 31 July.

Pure Python: no Django, so it is tested on its own (`tests/test_deadlines.py`).
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

DAY, MONTH, QUARTER, SEASON, PART_OF_YEAR, HALF_YEAR, YEAR, SCHOOL_YEAR = (
    "day",
    "month",
    "quarter",
    "season",
    "part-of-year",
    "half-year",
    "year",
    "school-year",
)
PRECISIONS = (DAY, MONTH, QUARTER, SEASON, PART_OF_YEAR, HALF_YEAR, YEAR, SCHOOL_YEAR)

MONTHS = {
    name: number
    for number, name in enumerate(
        "januari februari maart april mei juni juli augustus september oktober november "
        "december".split(),
        start=1,
    )
}
# season: (first month, last month); winter runs into the next year
SEASONS = {
    "voorjaar": (3, 5),
    "lente": (3, 5),
    "zomer": (6, 8),
    "najaar": (9, 11),
    "herfst": (9, 11),
}
PARTS = {"begin": (1, 3), "medio": (6, 7), "midden": (6, 7), "eind": (10, 12), "einde": (10, 12)}
ORDINALS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "laatste": 4}

_MONTH = "|".join(MONTHS)
_YEAR = r"(?:(?P<year>(?:19|20)\d\d)|[’'‘](?P<short>\d\d))"
_REL = r"(?P<rel>dit|deze|komend|komende|aankomend|aankomende|volgend|volgende)"
_REL_YEAR = r"(?P<relyear>dit jaar|komend jaar|volgend jaar|volgende jaar|het komende jaar)"

PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        DAY,
        re.compile(rf"\b(?P<day>\d{{1,2}}) (?P<month>{_MONTH})(?: {_YEAR})?\b", re.I),
    ),
    (
        QUARTER,
        re.compile(
            rf"\b(?:Q(?P<q>[1-4])|(?P<ord>eerste|tweede|derde|vierde|laatste) kwartaal)"
            rf"(?:(?: van)? (?:{_YEAR}|{_REL_YEAR}))?\b",
            re.I,
        ),
    ),
    (
        HALF_YEAR,
        re.compile(rf"\b(?P<half>eerste|tweede) helft van (?:{_YEAR}|{_REL_YEAR})", re.I),
    ),
    (
        SCHOOL_YEAR,
        re.compile(
            r"(?:\b(?P<kind>school|studie)jaar (?P<a>20\d\d) ?[-/–] ?(?P<b>(?:20)?\d\d)\b"
            r"|\((?P<pa>20\d\d)/(?P<pb>\d\d)\)"
            r"|\b(?P<next>volgend|komend|aankomend) (?:school|studie)jaar)",
            re.I,
        ),
    ),
    (
        SEASON,
        re.compile(
            r"\b(?:(?P<edge>voor|na) (?:de |het )?(?P<recess>zomer(?:reces)?)"
            rf"|(?:{_REL} |(?:het |de )?)(?P<season>voorjaar|lente|zomer|najaar|herfst|winter)"
            r"(?:reces)?)"
            rf"(?:(?: van)? {_YEAR})?",
            re.I,
        ),
    ),
    (
        PART_OF_YEAR,
        re.compile(
            rf"\b(?P<part>begin|medio|midden|eind|einde) (?:{_YEAR}|{_REL_YEAR})",
            re.I,
        ),
    ),
    (
        MONTH,
        re.compile(rf"\b(?P<month>{_MONTH})(?: {_YEAR})?\b", re.I),
    ),
    (
        YEAR,
        re.compile(rf"\b(?:(?:nog |uiterlijk )?in) (?:{_YEAR}|{_REL_YEAR})\b", re.I),
    ),
]

# a promise: something will be sent or delivered, or the Kamer will be informed
KAMER_CUE = re.compile(r"\b(?:uw |de |tweede )?kamer|\binformeer|\binformeren|\bu\b", re.I)
DELIVERY_CUE = re.compile(
    r"\b(?:volgt|ontvang\w*|stur\w*|gestuurd|verwacht\w*|opgeleverd|rapportage|live|zal|zullen"
    r"|toegezegd|komen|komt)\b",
    re.I,
)
# a starting point, or something in the past, is not a due date
NOT_A_DEADLINE = re.compile(
    r"\b(?:vanaf|sinds|per|met ingang van(?: het| de)?|startte|gestart)\s*$", re.I
)
WITH_YEAR = re.compile(r"\d{4}|[’'‘]\d\d")
PAST = re.compile(r"^\s*(?:jl\.|j\.l\.|jongstleden)", re.I)
# a sentence that reports what happened, or what recurs every year, promises nothing
PAST_SENTENCE = re.compile(
    r"\b(?:is|zijn|werd|werden|heeft|hebben)\b[^.]*\b(?:geïnformeerd|gestuurd|toegestuurd|gedeeld"
    r"|gepubliceerd|verschenen)\b|\bjaarlijks\b",
    re.I,
)


class PhraseError(ValueError):
    """The phrase names no period tekort can read."""


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    precision: str


@dataclass(frozen=True)
class Found:
    phrase: str  # verbatim, as it stands in the text
    period: Period
    offset: int  # where the phrase starts in the text


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int, precision: str) -> Period:
    if last < first:  # winter: December to February of the next year
        return Period(datetime.date(year, first, 1), _last_day(year + 1, last), precision)
    return Period(datetime.date(year, first, 1), _last_day(year, last), precision)


def _explicit_year(match: re.Match) -> int | None:
    groups = match.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    if groups.get("short"):
        return 2000 + int(groups["short"])
    return None


def _relative_year(match: re.Match, reference: datetime.date) -> int | None:
    rel = (match.groupdict().get("relyear") or "").lower()
    if not rel:
        return None
    return reference.year if rel == "dit jaar" else reference.year + 1


def _first_ending_after(make, reference: datetime.date) -> Period:
    """The period `make(year)` of the reference year, or of the next year if it has ended."""
    period = make(reference.year)
    if period.end < reference:
        period = make(reference.year + 1)
    return period


def _resolve(kind: str, match: re.Match, reference: datetime.date) -> Period | None:
    g = match.groupdict()
    year = _explicit_year(match) or _relative_year(match, reference)
    if kind == DAY:
        month, day = MONTHS[g["month"].lower()], int(g["day"])

        def make(y):
            date = datetime.date(y, month, min(day, calendar.monthrange(y, month)[1]))
            return Period(date, date, DAY)

        return make(year) if year else _first_ending_after(make, reference)
    if kind == MONTH:
        month = MONTHS[g["month"].lower()]

        def make(y):
            return _months(y, month, month, MONTH)

        return make(year) if year else _first_ending_after(make, reference)
    if kind == QUARTER:
        quarter = int(g["q"]) if g.get("q") else ORDINALS[g["ord"].lower()]

        def make(y):
            return _months(y, 3 * quarter - 2, 3 * quarter, QUARTER)

        return make(year) if year else _first_ending_after(make, reference)
    if kind == HALF_YEAR:
        first = 1 if g["half"].lower() == "eerste" else 7
        return _months(year, first, first + 5, HALF_YEAR)
    if kind == SCHOOL_YEAR:
        if g.get("next"):
            start = reference.year if reference.month < 8 else reference.year + 1
        else:
            start = int(g.get("a") or g.get("pa"))
            second = g.get("b") or g.get("pb")
            if int(second[-2:]) != (start + 1) % 100:
                return None  # "2022/2023" style ranges that are not one school year
        return Period(datetime.date(start, 8, 1), datetime.date(start + 1, 7, 31), SCHOOL_YEAR)
    if kind == SEASON:
        if g.get("edge"):
            if g["edge"].lower() == "voor":

                def make(y):
                    return Period(datetime.date(y, 1, 1), datetime.date(y, 6, 30), SEASON)

            else:

                def make(y):
                    return _months(y, 9, 11, SEASON)

        else:
            name = g["season"].lower()
            first, last = (12, 2) if name == "winter" else SEASONS[name]
            if g.get("rel") and g["rel"].lower() in ("volgend", "volgende") and not year:
                year = reference.year + 1

            def make(y):
                return _months(y, first, last, SEASON)

        return make(year) if year else _first_ending_after(make, reference)
    if kind == PART_OF_YEAR:
        first, last = PARTS[g["part"].lower()]
        return _months(year, first, last, PART_OF_YEAR)
    if kind == YEAR:
        return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), YEAR)
    return None  # pragma: no cover - every kind is handled above


def find_periods(text: str, reference: datetime.date) -> list[Found]:
    """Every period phrase in `text`, in text order; where phrases overlap the longest wins."""
    candidates = []
    for order, (kind, pattern) in enumerate(PATTERNS):
        for match in pattern.finditer(text):
            candidates.append((match.start(), -(match.end() - match.start()), order, kind, match))
    candidates.sort(key=lambda c: c[:3])
    found, taken_until = [], -1
    for start, _length, _order, kind, match in candidates:
        if start < taken_until:
            continue
        period = _resolve(kind, match, reference)
        if period is None:
            continue
        found.append(Found(match.group(0).strip(), period, start))
        taken_until = match.end()
    return found


def parse_period(phrase: str, reference: datetime.date) -> Period:
    """The period one phrase names (the whole phrase must be read), or PhraseError."""
    found = find_periods(phrase.strip(), reference)
    if len(found) != 1:
        raise PhraseError(f"geen periode herkend in '{phrase}'")
    return found[0].period


def _sentence(text: str, offset: int) -> str:
    start = max(text.rfind(". ", 0, offset), text.rfind("? ", 0, offset))
    end = text.find(". ", offset)
    return text[start + 1 : end if end >= 0 else len(text)]


def promised_period(
    text: str, reference: datetime.date, *, future_only: bool = True, with_year: bool = False
) -> Found | None:
    """The phrase that promises a delivery (see the module's docstring), or None.

    Ranked: a sentence that speaks of the Kamer or of informing first, then one that speaks of a
    delivery; within a rank the period that ends last; then the first in the text.
    `future_only=False` also takes periods that ended before `reference` (a motion's request,
    read against a later letter); `with_year=True` only phrases that name their year."""
    best, best_key = None, None
    for found in find_periods(text, reference):
        if future_only and found.period.end < reference:
            continue
        if with_year and not WITH_YEAR.search(found.phrase):
            continue
        if NOT_A_DEADLINE.search(text[max(0, found.offset - 20) : found.offset]):
            continue
        if PAST.match(text[found.offset + len(found.phrase) :]):
            continue
        sentence = _sentence(text, found.offset)
        if PAST_SENTENCE.search(sentence):
            continue
        if KAMER_CUE.search(sentence):
            rank = 2
        elif DELIVERY_CUE.search(sentence):
            rank = 1
        else:
            continue
        key = (rank, found.period.end, -found.offset)
        if best_key is None or key > best_key:
            best, best_key = found, key
    return best

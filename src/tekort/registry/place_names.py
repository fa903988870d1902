"""Names people search with: official CBS names, common names and abbreviations, any spelling.

"Den Haag" is 's-Gravenhage, "Den Bosch" 's-Hertogenbosch: the aliases are data
(``data/municipality_aliases.csv``, one row per name with its source). Accents, apostrophes,
hyphens and case are ignored on both sides, so "Sudwest Fryslan" finds Súdwest-Fryslân and
"s-Gravenhage" finds 's-Gravenhage without an alias.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from pathlib import Path

from tekort.registry.models import Municipality

ALIAS_FILE = Path(__file__).parent / "data" / "municipality_aliases.csv"
APOSTROPHES = re.compile(r"['’‘`´]")
NOT_A_LETTER = re.compile(r"[^0-9a-z]+")
MAX_PHRASE = 6  # words in the longest name ("Nuenen, Gerwen en Nederwetten" has four)


def normalise(text: str) -> str:
    """'Súdwest-Fryslân' -> 'sudwest fryslan'; "'s-Gravenhage" -> 's gravenhage'."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = APOSTROPHES.sub("", bare.casefold())
    return NOT_A_LETTER.sub(" ", bare).strip()


@functools.cache
def aliases() -> tuple[tuple[str, str, str], ...]:
    """(code, alias, source) of every row of the alias file."""
    with ALIAS_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple((row["code"], row["alias"], row["source"]) for row in csv.DictReader(handle))


def municipality_index() -> dict[str, set[str]]:
    """Normalised official names and aliases -> municipality codes in the register."""
    index: dict[str, set[str]] = {}
    known = dict(Municipality.objects.values_list("code", "name"))
    for code, name in known.items():
        index.setdefault(normalise(name), set()).add(code)
        # CBS writes "Bergen (NH.)": the name without its bracketed part is searched too
        bare = re.sub(r"\s*\(.*?\)", "", name)
        if bare != name:
            index.setdefault(normalise(bare), set()).add(code)
    for code, alias, _source in aliases():
        if code in known:
            index.setdefault(normalise(alias), set()).add(code)
    return index


def split_query(query: str) -> list[tuple[list[str], set[str]]]:
    """The query's normalised words in groups: a run of words that names municipalities (the
    longest first) comes with their codes; any other word stands alone with no codes."""
    words = normalise(query).split()
    index = municipality_index()
    groups: list[tuple[list[str], set[str]]] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + MAX_PHRASE), i, -1):
            codes = index.get(" ".join(words[i:j]))
            if codes:
                groups.append((words[i:j], set(codes)))
                i = j
                break
        else:
            groups.append(([words[i]], set()))
            i += 1
    return groups


def matching_municipalities(query: str) -> set[str]:
    """Codes of the municipalities the whole query names, or whose name contains it."""
    wanted = normalise(query)
    if not wanted:
        return set()
    found: set[str] = set()
    for name, codes in municipality_index().items():
        if name == wanted or wanted in name:
            found |= codes
    return found

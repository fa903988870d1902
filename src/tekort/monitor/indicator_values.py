"""The published values of the indicators tekort measures itself, beside the policy items.

Read only through `tekort.publications.public_figures`, the one road to the public: the current
release of each published round and its cells as published (rounded, with their symbols). A
round without a release, an estimate run or a registration is never read here (the import-linter
contract "The one road" in `pyproject.toml` lists this module).

The latest value of an indicator is its cell in the release of the latest peildatum that has
the cell; a cell withheld at publication (symbol c or x) is the latest value too, shown as its
symbol, never replaced by an older number.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from tekort.monitor.indicators import RESPONSE, SPECS, PublishedCell
from tekort.monitor.item_links import reasons
from tekort.publications import public_figures
from tekort.publications.headline import public_status


@dataclass(frozen=True)
class PublishedValue:
    """One indicator's cell in one release, as published."""

    release_slug: str
    release_url: str
    peildatum: object  # datetime.date
    version: int
    status: str  # voorlopig / definitief, as the public is told
    demo: bool
    published_at: object  # datetime or None
    field: str
    value: float | None  # the percentage, or the response rate (whole %)
    ci_low: float | None
    ci_high: float | None
    response_rate: float | None
    n_responding: int | None
    n_frame: int
    quality_class: str | None
    flags: tuple[str, ...]
    methodology: str

    @property
    def is_response(self) -> bool:
        return self.field == RESPONSE

    @property
    def withheld(self) -> bool:
        return self.value is None

    def as_dict(self) -> dict:
        return {
            "release": self.release_slug,
            "release_url": self.release_url,
            "peildatum": self.peildatum.isoformat(),
            "version": self.version,
            "status": self.status,
            "demo": self.demo,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "value": self.value,
            "unit": "%",
            "interval": (
                {"low": self.ci_low, "high": self.ci_high, "level": 0.95}
                if self.ci_low is not None and not self.is_response
                else None
            ),
            "response_rate": self.response_rate,
            "n_responding": self.n_responding,
            "n_frame": self.n_frame,
            "quality_class": self.quality_class,
            "flags": list(self.flags),
            "methodology": self.methodology,
        }


def published_source(indicator_key: str) -> PublishedCell | None:
    spec = SPECS.get(indicator_key)
    return spec.published if spec else None


def _value(release, source: PublishedCell, cell: dict) -> PublishedValue:
    value = cell["response_rate"] if source.field == RESPONSE else cell["percentage"]
    return PublishedValue(
        release_slug=release.slug,
        release_url=reverse("publications:release", args=[release.slug]),
        peildatum=release.round.peildatum,
        version=release.version,
        status=public_status(release),
        demo=release.round.is_demo,
        published_at=release.published_at,
        field=source.field,
        value=value,
        ci_low=cell["ci_low"],
        ci_high=cell["ci_high"],
        response_rate=cell["response_rate"],
        n_responding=cell["n_responding"],
        n_frame=cell["n_frame"],
        quality_class=cell["quality_class"],
        flags=tuple(cell["flags"]),
        methodology=cell["methodology"],
    )


def _cell(release, source: PublishedCell) -> dict | None:
    cells = public_figures.published_cells(
        release, [source.breakdown], function=source.function, measure=source.measure
    )
    return next((c for c in cells if c["domain"] == source.domain), None)


def series(indicator_key: str, releases=None) -> list[PublishedValue]:
    """The indicator's value in every current release that has its cell, oldest first."""
    source = published_source(indicator_key)
    if source is None:
        return []
    if releases is None:
        releases = public_figures.current_releases()
    out = []
    for release in releases:
        cell = _cell(release, source)
        if cell is not None:
            out.append(_value(release, source, cell))
    return out


def latest(indicator_key: str, releases=None) -> PublishedValue | None:
    """The indicator's cell in the latest current release that has it (None: not published)."""
    source = published_source(indicator_key)
    if source is None:
        return None
    if releases is None:
        releases = public_figures.current_releases()
    for release in reversed(releases):
        cell = _cell(release, source)
        if cell is not None:
            return _value(release, source, cell)
    return None


def latest_by_key(indicators) -> dict[str, PublishedValue | None]:
    """The latest published value of each of `indicators` that tekort measures itself."""
    releases = public_figures.current_releases()
    return {
        i.key: latest(i.key, releases) for i in indicators if published_source(i.key) is not None
    }


def any_release() -> bool:
    """Whether anything is published at all (the pages say so plainly when not)."""
    return bool(public_figures.current_releases())


def published_doc(indicator_key: str, latest_values: dict) -> dict:
    """The JSON fields of an indicator's published value (for the indicators' JSON)."""
    measured = indicator_key in latest_values
    value = latest_values.get(indicator_key)
    return {
        "measured_by_tekort": measured,
        "published": value.as_dict() if value else None,
    }


@dataclass(frozen=True)
class LinkedIndicator:
    """An indicator an item concerns, why (from the links file), and its latest published value."""

    indicator: object  # Indicator
    reason: str
    measured: bool
    latest: PublishedValue | None

    def latest_doc(self) -> dict | None:
        return self.latest.as_dict() if self.latest else None


def for_item(item, linked=None) -> list[LinkedIndicator]:
    """The item's indicators that tekort measures itself, each with its latest published value."""
    linked = list(item.indicators.all()) if linked is None else linked
    measured = [i for i in linked if published_source(i.key) is not None]
    if not measured:
        return []
    releases = public_figures.current_releases()
    why = reasons()
    return [
        LinkedIndicator(i, why.get((item.pk, i.key), ""), True, latest(i.key, releases))
        for i in measured
    ]


@dataclass(frozen=True)
class ItemRow:
    item: object  # Item
    reason: str


def detail(indicator) -> dict:
    """What an indicator's page shows: its published series and the items that concern it."""
    why = reasons()
    measured = published_source(indicator.key) is not None
    return {
        "indicator": indicator,
        "measured": measured,
        "series": series(indicator.key) if measured else [],
        "any_release": any_release(),
        "figures": list(indicator.figures.select_related("letter").order_by("-letter__date")),
        "items": [
            ItemRow(item, why.get((item.pk, indicator.key), ""))
            for item in indicator.items.order_by("id")
        ],
    }

"""The scenario form: region, sector and one field per lever of the core's ``Scenario``.

The lever fields are generated from ``Scenario.describe()`` (range, default); the scenario
itself is parsed from the submitted text with ``Scenario.from_query`` so that the URL and the
scenario round-trip exactly. A refused value becomes an error on the field the core names.
"""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from tekort.forecasts.base_year import FORECAST_SECTORS, NEDERLAND, BaseTable
from tekort.forecasts.decimal_field import DutchDecimalField, dutch_text
from tekort.forecasts.lever_text import LEVER_TEXT
from tekort_forecast import Scenario, ScenarioError

SECTOR_LABELS = {
    "bao": _("regular primary education (bao)"),
    "sbo": _("special primary education (sbo)"),
    "vso": _("(secondary) special education ((v)so)"),
    "vo": _("secondary education (vo)"),
}
LEVERS = Scenario.describe()


def _kind(spec: dict) -> str:
    """How a lever's text is read: whole numbers, euros (grouped) or a fraction."""
    if isinstance(spec["default"], int):
        return "integer"
    return "amount" if spec["unit"].startswith("euro") else "decimal"


class ScenarioForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"))
    sector = forms.ChoiceField(label=_("Sector"))

    def __init__(self, *args, table: BaseTable, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        self.scenario: Scenario | None = None
        self.fields["region"].choices = [
            (name, name) for name in table.regions if table.sectors_of(name)
        ]
        self.fields["sector"].choices = [(s, SECTOR_LABELS[s]) for s in FORECAST_SECTORS]
        for name, spec in LEVERS.items():
            label, help_text = LEVER_TEXT[name]
            self.fields[name] = DutchDecimalField(
                kind=_kind(spec),
                label=label,
                help_text=help_text,
                required=False,
                initial=spec["default"],
                min_value=spec["low"],
                max_value=spec["high"],
            )
            self.fields[name].lever = {
                **spec,
                "low_text": dutch_text(spec["low"]),
                "high_text": dutch_text(spec["high"]),
                "default_text": dutch_text(spec["default"]),
            }

    @property
    def lever_fields(self):
        """(bound field, shown value): the submitted text, else the neutral default."""
        return [(self[name], self._shown_value(name)) for name in LEVERS]

    def _shown_value(self, name: str) -> str:
        raw = str(self.data.get(name, "") if self.is_bound else "").strip()
        return raw or self.fields[name].lever["default_text"]

    def clean(self):
        cleaned = super().clean()
        region, sector = cleaned.get("region"), cleaned.get("sector")
        if region and sector and self.table.published_cell(region, sector) is None:
            self.add_error(
                "sector", _("The published figures have no measurement for this sector here.")
            )
        # The levers as read from the Dutch text ("0,1" is 0.1), written the way the core
        # and the shareable URL read them (a decimal point).
        raw = {
            name: str(cleaned[name])
            for name in LEVERS
            if name not in self.errors and cleaned.get(name) is not None
        }
        try:
            self.scenario = Scenario.from_query(raw)
        except ScenarioError as error:
            field = error.field if error.field in self.fields else None
            self.add_error(field, _("This value is not allowed with the other levers."))
        return cleaned

    def canonical_query(self) -> str:
        """The shareable query: region, sector and the scenario's non-default levers."""
        pairs = [("region", self.cleaned_data["region"]), ("sector", self.cleaned_data["sector"])]
        return urlencode(pairs + list(self.scenario.to_query().items()))


def default_query(table: BaseTable) -> dict[str, str]:
    """Region and sector shown when the page is opened without a scenario."""
    region = (
        NEDERLAND
        if table.usable_sectors(NEDERLAND)
        else next((r for r in table.regions if table.usable_sectors(r)), NEDERLAND)
    )
    sectors = table.usable_sectors(region) or table.sectors_of(region)
    return {"region": region, "sector": sectors[0] if sectors else FORECAST_SECTORS[0]}


class SaveScenarioForm(forms.Form):
    name = forms.CharField(label=_("Name of the scenario"), max_length=200)
    query = forms.CharField(widget=forms.HiddenInput, max_length=2000)

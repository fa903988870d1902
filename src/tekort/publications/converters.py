"""URL converter for a peildatum (YYYY-MM-DD) as a date."""

from datetime import date


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError as exc:  # e.g. 2025-02-30: no such page
            raise ValueError(value) from exc

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)


class FormatConverter:
    """The download formats at predictable URLs."""

    regex = r"csv|xlsx|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value

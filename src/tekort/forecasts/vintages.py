"""The shipped parameter vintages of tekort_forecast and, per value, its provenance."""

import tomllib
from functools import lru_cache
from importlib import resources

from tekort_forecast import Parameters, load_parameters


def _folder():
    return resources.files("tekort_forecast").joinpath("parameters")


def vintages() -> list[str]:
    """Names of the shipped vintages, oldest first."""
    return sorted(
        p.name.removesuffix(".toml") for p in _folder().iterdir() if p.name.endswith(".toml")
    )


def current_vintage() -> str:
    return vintages()[-1]


@lru_cache(maxsize=8)
def parameters(vintage: str) -> Parameters:
    return load_parameters(vintage)


@lru_cache(maxsize=8)
def _document(vintage: str) -> dict:
    return tomllib.loads(_folder().joinpath(f"{vintage}.toml").read_text(encoding="utf-8"))


def provenance_rows(vintage: str) -> list[dict]:
    """Every value of a vintage: dotted key, value, source, assumption label, note."""
    params, document = parameters(vintage), _document(vintage)
    rows = []
    for key, provenance in params.provenance.items():
        node = document
        for part in key.split("."):
            node = node[part]
        rows.append(
            {
                "key": key,
                "value": node["value"],
                "source": provenance.source,
                "assumption": provenance.assumption,
                "note": provenance.note or "",
            }
        )
    return rows

"""Dated, versioned parameter files, one per year (``2025.toml``, ``2026.toml``)."""

from .loader import Parameter, ParameterError, Parameters, available_years, load

__all__ = ["Parameter", "ParameterError", "Parameters", "available_years", "load"]

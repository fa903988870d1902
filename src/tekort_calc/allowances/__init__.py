"""Toeslagen: zorgtoeslag, huurtoeslag, kinderopvangtoeslag, kindgebonden budget (Awir)."""

from .common import Allowance

__all__ = ["Allowance"]

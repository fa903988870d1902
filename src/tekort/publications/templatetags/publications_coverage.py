"""{% covering_figures location %}: the published figures that cover a school (its page);
{% municipality_figure municipality %}: one municipality's, with its fallback (the search)."""

from django import template

from tekort.publications.coverage import covering_figures as figures_for
from tekort.publications.coverage import municipality_figures

register = template.Library()


@register.inclusion_tag("publications/_covering_figures.html")
def covering_figures(location):
    return {"coverage": figures_for(location), "location": location}


@register.inclusion_tag("publications/_municipality_figure.html")
def municipality_figure(municipality):
    """A municipality's published figure, or its symbol and the nearest published level."""
    levels = municipality_figures(municipality)["levels"]
    return {"level": levels[0] if levels else None}

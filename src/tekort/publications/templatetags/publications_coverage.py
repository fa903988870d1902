"""{% covering_figures location %}: the published figures that cover a school (its page)."""

from django import template

from tekort.publications.coverage import covering_figures as figures_for

register = template.Library()


@register.inclusion_tag("publications/_covering_figures.html")
def covering_figures(location):
    return {"coverage": figures_for(location), "location": location}

"""The Dutch labels of the four shortage cells: one mapping for every app that names a cell.

The cells' names are the core's (``tekort_stats.shortage_cells``). The labels live here, low in
the app layers, because the form and the upload (submissions), the dashboards and the public
pages all use them, and the public pages may import neither submissions nor estimates.
"""

from django.utils.translation import gettext_lazy as _

# a cell as a measure or a table column, in the cells' order (tekort_stats.shortage_cells)
LABELS = {
    "regulier_openstaand": _("Regular, open"),
    "regulier_verborgen": _("Regular, hidden"),
    "vervanging_openstaand": _("Substitution, open"),
    "vervanging_verborgen": _("Substitution, hidden"),
}
# a cell as a number of FTE asked for or shown (the form's fields, the board's own figures)
FTE_LABELS = {
    "regulier_openstaand": _("Regular, open (FTE)"),
    "regulier_verborgen": _("Regular, hidden (FTE)"),
    "vervanging_openstaand": _("Substitution, open (FTE)"),
    "vervanging_verborgen": _("Substitution, hidden (FTE)"),
}

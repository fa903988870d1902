"""The four shortage cells and the measures built from them: the one definition of their names.

Every core and every app takes the cells' names from here (``tekort_stats.frame`` re-exports
them as part of its column contract); their Dutch labels are in
``tekort.registry.shortage_cells``. Framework-free and free of estimation code, so that the
public pages, which read only releases, may import it too.
"""

# regular posts and substitution for long absence, each open (nobody) or hidden (a stop-gap)
COMPONENTS = (
    "regulier_openstaand",
    "regulier_verborgen",
    "vervanging_openstaand",
    "vervanging_verborgen",
)
# the hidden cell of each kind of post; the split over emergency measures adds up to it
HIDDEN_CELLS = {"regulier": "regulier_verborgen", "vervanging": "vervanging_verborgen"}

# measures published per cell: the total shortage and its four cells, plus open/hidden sums
MEASURES = {
    "tekort": COMPONENTS,
    "regulier_openstaand": ("regulier_openstaand",),
    "regulier_verborgen": ("regulier_verborgen",),
    "vervanging_openstaand": ("vervanging_openstaand",),
    "vervanging_verborgen": ("vervanging_verborgen",),
    "openstaand": ("regulier_openstaand", "vervanging_openstaand"),
    "verborgen": ("regulier_verborgen", "vervanging_verborgen"),
}

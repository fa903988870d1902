"""URL kwargs of the dashboards for the authorisation matrix (src/tekort/tests/test_authz_matrix.py)."""

KWARGS = {
    "dashboards:board-csv/table": lambda side: "vestigingen",
    "dashboards:region-csv/table": lambda side: "gemeenten",
    "dashboards:ministry-csv/table": lambda side: "rondes",
}

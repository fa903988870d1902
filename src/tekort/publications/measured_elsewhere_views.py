"""/gepubliceerde-metingen/: OCW's and Centerdata's measurements beside tekort (+ .json, .csv)."""

import csv
import io

from django.http import HttpResponse

from tekort.formula_injection import neutralise_row
from tekort.page_twins import page_or_twin
from tekort.publications.measured_elsewhere import comparison

CSV_COLUMNS = (
    "tabel", "sector", "peildatum", "gebied", "code", "groep", "maat", "gepubliceerde_waarde",
    "kwalificatie", "uitgever", "bron", "tekort_percentage", "tekort_interval_van",
    "tekort_interval_tot", "tekort_kwaliteitsklasse", "tekort_symbool", "tekort_release",
    "tekort_is_demo",
)  # fmt: skip


def measured_elsewhere(request):
    data = comparison()
    return page_or_twin(request, "publications/measured_elsewhere.html", {"data": data}, data)


def measured_elsewhere_csv(request):
    data = comparison()
    release = data["release"]["slug"] if data["release"] else ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CSV_COLUMNS)

    def write(table: str, published: dict, tekort: dict | None):
        tekort = tekort or {}
        writer.writerow(
            neutralise_row(
                [
                    table,
                    published["sector"],
                    published["peildatum"],
                    published["area"],
                    published["area_code"],
                    published["group"],
                    published["measure"],
                    published["value"],
                    published["qualifier"],
                    published["publisher"],
                    published["url"],
                    tekort.get("percentage"),
                    tekort.get("ci_low"),
                    tekort.get("ci_high"),
                    tekort.get("quality_class"),
                    tekort.get("symbol"),
                    release if tekort else "",
                    ("ja" if data["is_demo"] else "nee") if tekort else "",
                ]
            )
        )

    for row in data["national"]:
        write("landelijk", row["published"], row["tekort"])
    for published in data["g5_cities"]:
        write("g5-gemeenten", published, None)
    for row in data["labour_market_regions"]:
        write("arbeidsmarktregio", row["published"], row["tekort"])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gepubliceerde-metingen.csv"'
    return response

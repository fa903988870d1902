from django.urls import path, register_converter

from tekort.accounts.access import public, requires
from tekort.publications import (
    area_views,
    change_views,
    home_views,
    map_views,
    measured_elsewhere_views,
    method_views,
    release_views,
    staff_views,
    subject_views,
    table_views,
    text_views,
)
from tekort.publications.converters import FormatConverter, IsoDateConverter
from tekort.publications.frozen import cached_page
from tekort.publications.map_views import MapForm
from tekort.publications.tables import TableForm

register_converter(IsoDateConverter, "publications_date")
register_converter(FormatConverter, "publications_format")

app_name = "publications"
urlpatterns = [
    path("", public(home_views.home), name="home"),
    path("home.json", public(home_views.home), name="home-json"),
    path("cijfers/", public(cached_page(release_views.headline)), name="headline"),
    path("cijfers.json", public(release_views.headline), name="headline-json"),
    path("cijfers/<slug:slug>/", public(cached_page(release_views.release_page)), name="release"),
    path("cijfers/<slug:slug>.json", public(release_views.release_page), name="release-json"),
    path(
        "cijfers/<slug:slug>/cellen.csv",
        public(release_views.release_cells_csv),
        name="release-cells-csv",
    ),
    path(
        "cijfers/<slug:slug>/brieventabel.<publications_format:fmt>",
        public(release_views.release_letters_table),
        name="release-letters-table",
    ),
    path(
        "cijfers/<slug:slug>/noodmaatregelen.csv",
        public(release_views.release_coping_csv),
        name="release-coping-csv",
    ),
    path(
        "cijfers/<slug:slug>/verandering/",
        public(change_views.release_change),
        name="release-change",
    ),
    path(
        "cijfers/<slug:slug>/verandering.json",
        public(change_views.release_change),
        name="release-change-json",
    ),
    path(
        "cijfers/<slug:slug>/verandering.csv",
        public(change_views.release_change_csv),
        name="release-change-csv",
    ),
    path(
        "gepubliceerde-metingen/",
        public(cached_page(measured_elsewhere_views.measured_elsewhere)),
        name="measured-elsewhere",
    ),
    path(
        "gepubliceerde-metingen.json",
        public(measured_elsewhere_views.measured_elsewhere),
        name="measured-elsewhere-json",
    ),
    path(
        "gepubliceerde-metingen.csv",
        public(measured_elsewhere_views.measured_elsewhere_csv),
        name="measured-elsewhere-csv",
    ),
    path("publicaties/", public(cached_page(release_views.all_publications)), name="publications"),
    path("publicaties.json", public(release_views.all_publications), name="publications-json"),
    path(
        "publicaties/publiceren/",
        requires("publications.publish")(staff_views.publish_page),
        name="publish",
    ),
    path(
        "publicaties/concept/<int:pk>/",
        requires("publications.view_unpublished")(staff_views.preview),
        name="preview",
    ),
    path(
        "publicaties/<publications_date:peildatum>/",
        public(release_views.round_publications),
        name="round",
    ),
    path(
        "publicaties/<publications_date:peildatum>/wijzigingen",
        public(release_views.revision_log),
        name="revisions",
    ),
    path(
        "publicaties/<publications_date:peildatum>/wijzigingen.json",
        public(release_views.revision_log),
        name="revisions-json",
    ),
    path(
        "tabellen/",
        public(cached_page(table_views.table_tool, params=TableForm.base_fields)),
        name="table-tool",
    ),
    path(
        "tabellen.<publications_format:fmt>",
        public(table_views.table_download),
        name="table-download",
    ),
    path("tabellen/permalink/", public(table_views.create_permalink), name="permalink-create"),
    path("tabellen/permalink/<uuid:pk>", public(table_views.permalink), name="permalink"),
    path(
        "tabellen/permalink/<uuid:pk>.<publications_format:fmt>",
        public(table_views.permalink_download),
        name="permalink-download",
    ),
    # an area's or a board's page, and its .json twin (area_views)
    path(
        "gemeenten/<str:municipality>.json",
        public(area_views.municipality),
        name="municipality-json",
    ),
    path("gemeenten/<str:municipality>/", public(area_views.municipality), name="municipality"),
    path(
        "onderwijsregios/<int:onderwijsregio>.json",
        public(area_views.onderwijsregio),
        name="onderwijsregio-json",
    ),
    path(
        "onderwijsregios/<int:onderwijsregio>/",
        public(area_views.onderwijsregio),
        name="onderwijsregio",
    ),
    path(
        "arbeidsmarktregios/<str:region>.json",
        public(area_views.labour_market_region),
        name="labour-market-region-json",
    ),
    path(
        "arbeidsmarktregios/<str:region>/",
        public(area_views.labour_market_region),
        name="labour-market-region",
    ),
    path("provincies/<str:province>.json", public(area_views.province), name="province-json"),
    path("provincies/<str:province>/", public(area_views.province), name="province"),
    path("besturen/<str:board>.json", public(area_views.board), name="board-json"),
    path("besturen/<str:board>/", public(area_views.board), name="board"),
    path("kaart/", public(cached_page(map_views.map_page, params=MapForm.base_fields)), name="map"),
    path("kaart.json", public(map_views.map_page), name="map-json"),
    # tekortvakken: the vo shortage by subject (subject_views), each page with its .json twin
    path(
        "tekortvakken/",
        public(cached_page(subject_views.overview, params=subject_views.PARAMS)),
        name="tekortvakken",
    ),
    path("tekortvakken.json", public(subject_views.overview), name="tekortvakken-json"),
    path("tekortvakken.csv", public(subject_views.overview_csv), name="tekortvakken-csv"),
    path(
        "tekortvakken/<str:vak>.json",
        public(subject_views.subject_page),
        name="tekortvak-json",
    ),
    path(
        "tekortvakken/<str:vak>/",
        public(cached_page(subject_views.subject_page)),
        name="tekortvak",
    ),
    path("methodologie/", public(text_views.methodology_index), name="methodology"),
    path("methodologie.json", public(text_views.methodology_index), name="methodology-json"),
    path(
        "methodologie/<slug:slug>",
        public(cached_page(text_views.methodology_page)),
        name="methodology-page",
    ),
    path("methode/hoe-we-meten/", public(method_views.how_we_measure), name="how-we-measure"),
    path("methode/hoe-zeker-is-dit/", public(method_views.how_certain), name="how-certain"),
    path(
        "methode/waarom-ontbreekt-een-cijfer/",
        public(method_views.why_missing),
        name="why-missing",
    ),
    path("begrippen/", public(text_views.glossary), name="glossary"),
    path("toegankelijkheid/", public(text_views.accessibility), name="accessibility"),
]

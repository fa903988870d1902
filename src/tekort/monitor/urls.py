from django.urls import path

from tekort.accounts.access import public, requires
from tekort.monitor import deadline_views, views

app_name = "monitor"

EDIT = "monitor.edit"

urlpatterns = [
    path("", public(views.item_list), name="items"),
    path("moties.json", public(views.item_list), name="items-json"),
    path("moties.csv", public(views.items_csv), name="items-csv"),
    path("moties/<slug:item_id>/", public(views.item_detail), name="item"),
    path("moties/<slug:item_id>.json", public(views.item_detail), name="item-json"),
    path("brieven/", public(views.letter_list), name="letters"),
    path("brieven.json", public(views.letter_list), name="letters-json"),
    path("brieven/nieuw/", requires(EDIT)(views.letter_plan), name="letter-plan"),
    path("brieven/<slug:letter_id>/", public(views.letter_detail), name="letter"),
    path("brieven/<slug:letter_id>.json", public(views.letter_detail), name="letter-json"),
    path("bijlage/", public(views.annex_choose), name="annex-choose"),
    path("brieven/<slug:letter_id>/bijlage/", public(views.annex), name="annex"),
    path("brieven/<slug:letter_id>/bijlage.json", public(views.annex), name="annex-json"),
    path(
        "brieven/<slug:letter_id>/bijlage.docx",
        public(views.annex_document),
        name="annex-docx",
    ),
    path(
        "brieven/<slug:letter_id>/bijlage.pdf",
        public(views.annex_pdf_document),
        name="annex-pdf",
    ),
    path("onderzoeken/", public(views.study_list), name="studies"),
    path("onderzoeken.json", public(views.study_list), name="studies-json"),
    path("onderzoeken.csv", public(views.studies_csv), name="studies-csv"),
    path("indicatoren/", public(views.indicator_list), name="indicators"),
    path("indicatoren.json", public(views.indicator_list), name="indicators-json"),
    path("indicatoren/<str:indicator_key>/", public(views.indicator_detail), name="indicator"),
    path(
        "indicatoren/<str:indicator_key>.json",
        public(views.indicator_detail),
        name="indicator-json",
    ),
    path("te-laat/", public(deadline_views.overdue_list), name="overdue"),
    path("te-laat.json", public(deadline_views.overdue_list), name="overdue-json"),
    path("te-laat.csv", public(deadline_views.overdue_csv), name="overdue-csv"),
    path("aankondigingen/", public(deadline_views.announcement_list), name="announcements"),
    path(
        "aankondigingen.json", public(deadline_views.announcement_list), name="announcements-json"
    ),
    path("aankondigingen.csv", public(deadline_views.announcements_csv), name="announcements-csv"),
    # ministry staff
    path(
        "moties/<slug:item_id>/termijn/",
        requires(EDIT)(deadline_views.item_deadline),
        name="item-deadline",
    ),
    path("moties/<slug:item_id>/stand/", requires(EDIT)(views.status_new), name="status-new"),
    path("moties/<slug:item_id>/koppelingen/", requires(EDIT)(views.item_links), name="item-links"),
    path(
        "standen/<str:status_id>/goedkeuren/",
        requires(EDIT, views.get_status)(views.status_approve),
        name="status-approve",
    ),
    path(
        "brieven/<slug:planned_letter_id>/versturen/",
        requires(EDIT, views.get_planned_letter)(views.letter_send),
        name="letter-send",
    ),
    path("wijzigingen/", requires(EDIT)(views.change_list), name="changes"),
]

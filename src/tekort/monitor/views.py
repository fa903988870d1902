"""Pages of the policy monitor (each also as .json, lists also as .csv) and staff's edit pages."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tekort.monitor import editing, exports, history, indicator_values
from tekort.monitor.annex import build_annex
from tekort.monitor.annex_docx import annex_docx
from tekort.monitor.annex_pdf import annex_pdf
from tekort.monitor.forms import AnnexForm, FilterForm, LinkForm, PlanLetterForm, StatusForm
from tekort.monitor.indicators import current_figure
from tekort.monitor.models import Indicator, Item, Kind, Letter, Status
from tekort.monitor.querysets import (
    ItemFilters,
    can_edit,
    filter_items,
    items_with_latest_status,
    studies,
    visible_letters,
    visible_statuses,
)
from tekort.page_twins import page_or_twin

# -- the register of items ---------------------------------------------------------------------


def _filtered(request):
    form = FilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = ItemFilters(
            query=data["q"],
            kind=data["kind"],
            theme=data["theme"],
            status=data["status"],
            year=data["year"] or None,
            submitter=data["submitter"],
        )
    else:
        filters = ItemFilters()
    return form, filter_items(filters)


def item_list(request):
    """The register, or (``moties.json``) its rows."""
    form, items = _filtered(request)
    items = list(items)
    return page_or_twin(
        request,
        "monitor/item_list.html",
        {"form": form, "items": items, "query": request.GET.urlencode()},
        lambda: {"items": [exports.item_row(i) for i in items]},
    )


def items_csv(request):
    _form, items = _filtered(request)
    body = exports.rows_csv([exports.item_row(i) for i in items], exports.ITEM_COLUMNS)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="moties.csv"'
    return response


def _item(request, item_id):
    item = get_object_or_404(items_with_latest_status(), pk=item_id)
    statuses = list(
        visible_statuses(request.user).filter(item=item).order_by("letter__date", "position")
    )
    return item, statuses


def item_detail(request, item_id):
    item, statuses = _item(request, item_id)

    def page():
        linked = list(item.indicators.all())
        # an indicator only tekort measures has no letter figure: the published include shows it
        indicators = [(i, current_figure(i)) for i in linked if i.figures.exists()]
        return {
            "item": item,
            "statuses": statuses,
            "indicators": indicators,
            "figures": item.figures.select_related("letter"),
            "flags": item.flags.select_related("other"),
            "can_edit": can_edit(request.user),
            "published_indicators": indicator_values.for_item(item, linked),
        }

    def twin():
        published = indicator_values.for_item(item)
        return exports.item_doc(item, statuses) | {"published": _published_docs(published)}

    return page_or_twin(request, "monitor/item_detail.html", page, twin)


def _published_docs(rows) -> list[dict]:
    return [
        {"indicator": row.indicator.key, "reason": row.reason, "latest": row.latest_doc()}
        for row in rows
    ]


# -- letters and the annex ---------------------------------------------------------------------


def letter_list(request):
    letters = visible_letters(request.user)
    return page_or_twin(
        request,
        "monitor/letter_list.html",
        {"letters": letters},
        lambda: {
            "letters": [
                {"id": letter.id, "date": letter.date.isoformat(), "title": letter.title}
                for letter in letters
            ]
        },
    )


def _letter(request, letter_id):
    letter = get_object_or_404(visible_letters(request.user), pk=letter_id)
    statuses = (
        visible_statuses(request.user)
        .filter(letter=letter)
        .select_related("item", "item__deadline")
        .order_by("position")
    )
    # announced deliverables are listed apart from the motions and commitments
    return letter, statuses.exclude(item__kind=Kind.AANKONDIGING)


def letter_detail(request, letter_id):
    letter, statuses = _letter(request, letter_id)
    return page_or_twin(
        request,
        "monitor/letter_detail.html",
        lambda: {
            "letter": letter,
            "statuses": statuses,
            "figures": letter.figures.all(),
            "studies": letter.studies.all(),
            "announced": visible_statuses(request.user)
            .filter(letter=letter, item__kind=Kind.AANKONDIGING)
            .select_related("item", "item__deadline"),
            "can_edit": can_edit(request.user),
            "pdf_size": len(annex_pdf(build_annex(letter))),
        },
        lambda: exports.letter_doc(letter, statuses),
    )


def annex_choose(request):
    letters = visible_letters(request.user).filter(statuses__section="bijlage").distinct()
    form = AnnexForm(request.GET or None, letters=letters)
    if form.is_bound and form.is_valid():
        return redirect("monitor:annex", letter_id=form.cleaned_data["letter"].pk)
    return render(request, "monitor/annex_choose.html", {"form": form})


def annex(request, letter_id):
    letter, _statuses = _letter(request, letter_id)
    annex = build_annex(letter)
    return page_or_twin(
        request,
        "monitor/annex.html",
        lambda: {"annex": annex, "pdf_size": len(annex_pdf(annex))},
        annex.as_dict,
    )


def annex_document(request, letter_id):
    letter, _statuses = _letter(request, letter_id)
    response = HttpResponse(
        annex_docx(build_annex(letter)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="bijlage-{letter.id}.docx"'
    return response


def annex_pdf_document(request, letter_id):
    letter, _statuses = _letter(request, letter_id)
    response = HttpResponse(annex_pdf(build_annex(letter)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bijlage-{letter.id}.pdf"'
    return response


# -- studies and indicators --------------------------------------------------------------------


def study_list(request):
    return page_or_twin(
        request,
        "monitor/study_list.html",
        lambda: {"studies": studies()},
        lambda: {"studies": [exports.study_row(s) for s in studies()]},
    )


def studies_csv(request):
    body = exports.rows_csv([exports.study_row(s) for s in studies()], exports.STUDY_COLUMNS)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="onderzoeken.csv"'
    return response


def indicator_list(request):
    indicators = list(Indicator.objects.prefetch_related("items"))
    published = indicator_values.latest_by_key(indicators)
    return page_or_twin(
        request,
        "monitor/indicator_list.html",
        lambda: {
            "rows": [(i, current_figure(i), published.get(i.key)) for i in indicators],
            "measured_keys": set(published),
            "any_release": indicator_values.any_release(),
        },
        lambda: {
            "indicators": [
                exports.indicator_doc(i) | indicator_values.published_doc(i.key, published)
                for i in indicators
            ]
        },
    )


def indicator_detail(request, indicator_key):
    indicator = get_object_or_404(Indicator, pk=indicator_key)
    detail = indicator_values.detail(indicator)
    return page_or_twin(
        request,
        "monitor/indicator_detail.html",
        lambda: detail | {"current": current_figure(indicator)},
        lambda: (
            exports.indicator_doc(indicator)
            | {
                "measured_by_tekort": detail["measured"],
                "published": [value.as_dict() for value in detail["series"]],
                "items": [
                    {"id": row.item.id, "title": row.item.title, "reason": row.reason}
                    for row in detail["items"]
                ],
            }
        ),
    )


# -- staff: editing with history ---------------------------------------------------------------


def status_new(request, item_id):
    item = get_object_or_404(Item, pk=item_id)
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            editing.save_draft(
                request.user,
                item,
                form.cleaned_data["letter"],
                text=form.cleaned_data["text"],
                status_class=form.cleaned_data["status_class"],
            )
        except editing.EditRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The draft status was saved."))
            return redirect("monitor:item", item_id=item.pk)
    return render(request, "monitor/status_form.html", {"item": item, "form": form})


def get_status(request, status_id):
    return get_object_or_404(Status, pk=status_id)


def _one_click(request, edit, record, done: str) -> None:
    """Make a one-click edit (a POST without a form) of ``record``; say ``done`` or why the
    edit was refused as a message on the next page."""
    try:
        edit(request.user, record)
    except editing.EditRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done)


@require_POST
def status_approve(request, status_id):
    status = request.permission_object
    _one_click(request, editing.approve, status, _("The status was approved."))
    return redirect("monitor:item", item_id=status.item_id)


def item_links(request, item_id):
    item = get_object_or_404(Item, pk=item_id)
    initial = {"indicators": item.indicators.all(), "figures": item.figures.all()}
    form = LinkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        editing.set_links(request.user, item, **form.cleaned_data)
        messages.success(request, _("The links were saved."))
        return redirect("monitor:item", item_id=item.pk)
    return render(request, "monitor/link_form.html", {"item": item, "form": form})


def letter_plan(request):
    form = PlanLetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            letter = editing.plan_letter(request.user, **form.cleaned_data)
        except editing.EditRefused as refused:
            form.add_error("date", str(refused))
        else:
            return redirect("monitor:letter", letter_id=letter.pk)
    return render(request, "monitor/letter_form.html", {"form": form})


def get_planned_letter(request, planned_letter_id):
    letter = get_object_or_404(Letter, pk=planned_letter_id)
    if not letter.is_planned:
        raise Http404
    return letter


@require_POST
def letter_send(request, planned_letter_id):
    letter = request.permission_object
    done = _("The letter was marked as sent; its statuses are public.")
    _one_click(request, editing.send_letter, letter, done)
    return redirect("monitor:letter", letter_id=letter.pk)


def change_list(request):
    changes = history.changes()[:500]
    return render(request, "monitor/change_list.html", {"changes": changes})

"""The start page of the uitvraag, and the ministry's rounds: create, follow, reopen."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tekort.accounts.scopes import boards_of, locations_registrable_by
from tekort.submissions import rounds
from tekort.submissions.forms import ReopenForm, RoundForm
from tekort.submissions.models import Draft, Registration, Round


def index(request):
    """What this user can do: the open rounds with their locations, boards, monitoring, rounds."""
    open_rounds = rounds.current_rounds()
    locations = list(
        locations_registrable_by(request.user)
        .select_related("board")
        .order_by("board", "code")[:200]
    )
    per_round = []
    for round_ in open_rounds:
        in_round = [loc for loc in locations if loc.sector in round_.sectors]
        done = dict(
            Registration.objects.submitted()
            .filter(round=round_, location__in=in_round)
            .values_list("location_id", "version")
        )
        drafts = set(
            Draft.objects.filter(round=round_, location__in=in_round).values_list(
                "location_id", flat=True
            )
        )
        per_round.append(
            {
                "round": round_,
                "locations": [
                    {"location": loc, "version": done.get(loc.code), "draft": loc.code in drafts}
                    for loc in in_round
                ],
            }
        )
    user = request.user
    return render(
        request,
        "submissions/index.html",
        {
            "per_round": per_round,
            "boards": list(boards_of(user)),
            "can_monitor": user.has_perm("submissions.view_response"),
            "can_manage": user.has_perm("submissions.manage_rounds"),
            "recent_rounds": Round.objects.order_by("-peildatum")[:4],
        },
    )


def round_list(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if Round.objects.filter(peildatum=data["peildatum"]).exists():
            form.add_error("peildatum", _("There is already a round with this peildatum."))
        else:
            round_ = rounds.create_round(
                peildatum=data["peildatum"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                sectors=data["sectors"],
                user=request.user,
            )
            messages.success(request, _("Round created."))
            return redirect("submissions:round", round_id=round_.pk)
    return render(
        request,
        "submissions/rounds.html",
        {"rounds": Round.objects.order_by("-peildatum"), "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def round_detail(request, round_id):
    round_ = get_object_or_404(Round.objects.select_related("question_set"), pk=round_id)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rounds.reopen(
                round_,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except ValueError:
            form.add_error("until", _("Choose today or a later day."))
        else:
            messages.success(request, _("Round reopened. What was registered is kept."))
            return redirect("submissions:round", round_id=round_.pk)
    return render(
        request,
        "submissions/round.html",
        {
            "round": round_,
            "question_set": rounds.question_set_of(round_),
            "events": round_.events.select_related("user"),
            "form": form,
            "registrations": Registration.objects.submitted().filter(round=round_).count(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )

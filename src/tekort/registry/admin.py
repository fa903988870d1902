"""Onderwijsregio membership in the admin (/beheer/): for administrators (registry.maintain).

Membership is history (docs/registry.md "Onderwijsregio membership"): an estimate uses the
membership valid on its round's peildatum, so a date that has passed is never changed here.
The admin adds a membership from today or later and moves or ends one from today or later;
a membership whose start has passed keeps its board and region (a move to another region is an
end here and a new membership there). Nothing is deleted. The past is corrected only by an
import of the whole membership (``manage.py import_onderwijsregios``), which names its file.
Every addition and change is recorded in the audit trail (tekort.audit) with its old and new
values; the change page shows the board's memberships and that trail, read-only.
"""

import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tekort.audit import events
from tekort.audit.models import Event
from tekort.registry import membership
from tekort.registry.models import OnderwijsregioMembership

MAINTAIN = "registry.maintain"
AUDITED_FIELDS = ("onderwijsregio", "board", "valid_from", "valid_to", "source")


def has_started(obj: OnderwijsregioMembership, today: datetime.date) -> bool:
    """A membership that has (or may have: no known start) counted on a date before today."""
    return obj.valid_from is None or obj.valid_from < today


def has_ended(obj: OnderwijsregioMembership, today: datetime.date) -> bool:
    """A membership whose end (the first day no longer a member) lies before today."""
    return obj.valid_to is not None and obj.valid_to < today


def past_fields(obj: OnderwijsregioMembership | None, today: datetime.date) -> list[str]:
    """The fields of a stored membership whose change would rewrite a date before today."""
    if obj is None or obj.pk is None:
        return []
    fixed = []
    if has_started(obj, today):
        fixed += ["onderwijsregio", "board", "valid_from"]
    if has_ended(obj, today):
        fixed.append("valid_to")
    return fixed


class MembershipForm(forms.ModelForm):
    """Dates from today on only: a date before today would change who was a member on the
    peildata that have passed."""

    class Meta:
        model = OnderwijsregioMembership
        fields = ["onderwijsregio", "board", "valid_from", "valid_to"]

    def clean(self):
        cleaned = super().clean()
        today = membership.today()
        past = gettext(
            "A date before today would change who was a member on dates that have passed; "
            "correct the past with an import of the membership file."
        )
        errors = {}
        if "valid_from" in self.fields:
            start = cleaned.get("valid_from")
            if start is None:
                errors["valid_from"] = gettext("Give the first day of membership.")
            elif start < today:
                errors["valid_from"] = past
        if "valid_to" in self.fields:
            end = cleaned.get("valid_to")
            if end is not None and end < today:
                errors["valid_to"] = past
        if errors:
            raise ValidationError(errors)
        return cleaned


class ValidOnFilter(admin.SimpleListFilter):
    title = _("membership today")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("current", _("current")),
            ("ended", _("ended")),
            ("future", _("not yet started")),
        ]

    def queryset(self, request, queryset):
        today = membership.today()
        if self.value() == "current":
            return queryset.filter(membership.valid_on(today))
        if self.value() == "ended":
            return queryset.filter(valid_to__lte=today)
        if self.value() == "future":
            return queryset.filter(valid_from__gt=today)
        return queryset


@admin.register(OnderwijsregioMembership)
class OnderwijsregioMembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ["onderwijsregio", "board", "valid_from", "valid_to", "is_current", "source"]
    list_filter = [ValidOnFilter, "onderwijsregio"]
    search_fields = ["board__number", "board__name", "onderwijsregio__name"]
    list_select_related = ["onderwijsregio", "board"]
    raw_id_fields = ["board"]
    list_per_page = 100

    # -- who may do what --------------------------------------------------------------------

    def has_module_permission(self, request):
        return request.user.has_perm(MAINTAIN)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(MAINTAIN)

    def has_add_permission(self, request):
        return request.user.has_perm(MAINTAIN)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(MAINTAIN)

    def has_delete_permission(self, request, obj=None):
        return False  # history: a membership is ended, never deleted

    # -- the form ---------------------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*past_fields(obj, membership.today()), "source", "board_history", "audit_trail"]

    def get_fields(self, request, obj=None):
        fields = ["onderwijsregio", "board", "valid_from", "valid_to"]
        return fields if obj is None else [*fields, "source", "board_history", "audit_trail"]

    def get_queryset(self, request):
        current = ExpressionWrapper(membership.valid_on(membership.today()), BooleanField())
        return super().get_queryset(request).annotate(is_current=current)

    @admin.display(boolean=True, description=_("member today"), ordering="is_current")
    def is_current(self, obj):
        return obj.is_current

    @admin.display(description=_("memberships of this board"))
    def board_history(self, obj):
        rows = obj.board.onderwijsregio_memberships.select_related("onderwijsregio").order_by(
            "valid_from", "onderwijsregio__name"
        )
        return _table(
            [gettext("onderwijsregio"), gettext("valid from"), gettext("valid to")],
            [
                (
                    m.onderwijsregio.name + (" ←" if m.pk == obj.pk else ""),
                    _date(m.valid_from),
                    _date(m.valid_to),
                )
                for m in rows
            ],
        )

    @admin.display(description=_("audit trail"))
    def audit_trail(self, obj):
        trail = Event.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).order_by("at")
        return _table(
            [gettext("when"), gettext("who"), gettext("what"), gettext("changes")],
            [
                (
                    date_format(e.at, "DATETIME_FORMAT"),
                    e.actor_name,
                    e.get_action_display(),
                    "; ".join(
                        f"{_label(field)}: {old or '…'} → {new or '…'}"
                        for field, (old, new) in e.detail.get("changes", {}).items()
                    ),
                )
                for e in trail
            ],
        )

    # -- saving: recorded in the audit trail ------------------------------------------------

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            stored = OnderwijsregioMembership.objects.get(pk=obj.pk)
            before = {field: _value(stored, field) for field in AUDITED_FIELDS}
        else:
            obj.source = gettext("admin (%(user)s)") % {"user": request.user.get_username()}
        super().save_model(request, obj, form, change)
        after = {field: _value(obj, field) for field in AUDITED_FIELDS}
        changes = {
            field: [before.get(field), value]
            for field, value in after.items()
            if before.get(field) != value
        }
        if change:
            if changes:
                events.changed_record(request, obj, changes)
        else:
            events.record(
                Event.Action.CREATED_RECORD, request=request, obj=obj, detail={"changes": changes}
            )


def _value(obj: OnderwijsregioMembership, field: str):
    """The field's JSON-serialisable value for the audit trail."""
    if field == "onderwijsregio":
        return obj.onderwijsregio.name if obj.onderwijsregio_id else None
    if field == "board":
        return obj.board_id
    value = getattr(obj, field)
    return value.isoformat() if isinstance(value, datetime.date) else value or None


def _label(field: str) -> str:
    return str(OnderwijsregioMembership._meta.get_field(field).verbose_name)


def _date(day: datetime.date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else "…"


def _table(head: list[str], rows: list[tuple]) -> str:
    if not rows:
        return "—"
    return format_html(
        "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
        format_html_join("", "<th>{}</th>", ((h,) for h in head)),
        format_html_join(
            "",
            "<tr>{}</tr>",
            ((format_html_join("", "<td>{}</td>", ((c,) for c in r)),) for r in rows),
        ),
    )

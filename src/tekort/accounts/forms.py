"""Sign-in, invitation and acceptance forms (labels and errors in Dutch via gettext)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tekort.accounts.models import Role
from tekort.accounts.tasks import send_password_reset
from tekort.registry.models import Board, Location, Onderwijsregio


class SignInForm(AuthenticationForm):
    """The password step of the sign-in: the user name is the e-mail address."""

    def __init__(self, request=None, *args, **kwargs):
        # ``request`` by name: django-two-factor-auth passes it only to forms that declare it,
        # and django-axes needs it to count failures.
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mail address")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class ResetRequestForm(PasswordResetForm):
    """The e-mail address to send a password-reset link to. The request only queues the address
    (``accounts.tasks.send_password_reset``); the worker looks it up and sends the link to an
    active user with it. Known and unknown addresses cost the request the same work and get the
    same answer (tekort.accounts.password_reset)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        domain = domain_override or get_current_site(request).domain
        send_password_reset.enqueue(
            self.cleaned_data["email"], domain, use_https, translation.get_language()
        )


class InvitationForm(forms.Form):
    """Whom to invite for which role. For a board (``board`` given) only the board's own roles."""

    email = forms.EmailField(label=_("E-mail address"))
    kind = forms.ChoiceField(label=_("Role"), widget=forms.RadioSelect)
    location = forms.CharField(
        label=_("Location code"),
        required=False,
        max_length=6,
        help_text=_("BRIN code and location number, e.g. 00AA00; for a school user."),
    )
    board_number = forms.CharField(
        label=_("Board number"),
        required=False,
        max_length=5,
        help_text=_("DUO's number of the bevoegd gezag; for a board user."),
    )
    onderwijsregio = forms.ModelChoiceField(
        label=_("Onderwijsregio"),
        queryset=Onderwijsregio.objects.all(),
        required=False,
        help_text=_("For a region coordinator."),
    )
    can_invite = forms.BooleanField(
        label=_("May invite the board's users"),
        required=False,
        help_text=_("Only for a board user."),
    )

    def __init__(self, *args, board: Board | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        if board is None:
            self.fields["kind"].choices = Role.Kind.choices
        else:
            self.fields["kind"].choices = [
                (Role.Kind.SCHOOL, Role.Kind.SCHOOL.label),
                (Role.Kind.BOARD, Role.Kind.BOARD.label),
            ]
            del self.fields["board_number"]
            del self.fields["onderwijsregio"]
            self.fields["location"].help_text = _(
                "A location of %(board)s, e.g. %(example)s; for a school user."
            ) % {"board": board, "example": _example_location(board)}
            self.fields["can_invite"].help_text = _("Only for a board user of %(board)s.") % {
                "board": board
            }

    def clean_location(self):
        code = self.cleaned_data["location"].strip().upper()
        if not code:
            return None
        locations = Location.objects.all()
        if self.board is not None:
            locations = locations.filter(board=self.board)
        location = locations.filter(code=code).first()
        if location is None:
            if self.board is not None:
                raise forms.ValidationError(_("This is not a location of this board."))
            raise forms.ValidationError(_("No location with this code."))
        return location

    def clean_board_number(self):
        number = self.cleaned_data["board_number"].strip()
        if not number:
            return None
        board = Board.objects.filter(number=number).first()
        if board is None:
            raise forms.ValidationError(_("No board with this number."))
        return board

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        board = self.board or data.get("board_number")
        required = {
            Role.Kind.SCHOOL: ("location", data.get("location")),
            Role.Kind.BOARD: ("board_number", board),
            Role.Kind.REGION: ("onderwijsregio", data.get("onderwijsregio")),
        }
        if kind in required:
            field, value = required[kind]
            if value is None and field in self.fields:
                self.add_error(field, _("Required for this role."))
        return data

    def role_target(self) -> dict:
        """The invitation's role object fields, matching the kind."""
        kind = self.cleaned_data["kind"]
        return {
            "location": self.cleaned_data.get("location") if kind == Role.Kind.SCHOOL else None,
            "board": (self.board or self.cleaned_data.get("board_number"))
            if kind == Role.Kind.BOARD
            else None,
            "onderwijsregio": self.cleaned_data.get("onderwijsregio")
            if kind == Role.Kind.REGION
            else None,
            "can_invite": kind == Role.Kind.BOARD and self.cleaned_data.get("can_invite", False),
        }


def _example_location(board: Board) -> str:
    first = board.locations.order_by("code").first()
    return first.code if first else "00AA00"


class AcceptForm(SetPasswordForm):
    """Choose a password when accepting an invitation (the password rules of the settings)."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].widget.attrs["autocomplete"] = "new-password"
        self.fields["new_password2"].widget.attrs["autocomplete"] = "new-password"

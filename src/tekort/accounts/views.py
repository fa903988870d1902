"""Sign-in (password + TOTP), two-factor setup, password reset, the own account page,
invitations and audit.

The sign-in and setup views are django-two-factor-auth's, the password-reset views Django's,
with tekort's URL names and Dutch templates; access is declared in urls.py (see
tekort.accounts.access).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.views import (
    LogoutView,
    PasswordChangeView,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
    redirect_to_login,
)
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_otp.plugins.otp_static.models import StaticToken
from two_factor import views as two_factor_views
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm
from two_factor.utils import default_device

from tekort.accounts import invitations
from tekort.accounts.access import is_verified
from tekort.accounts.forms import AcceptForm, InvitationForm, ResetRequestForm, SignInForm
from tekort.accounts.models import Invitation, Role
from tekort.audit import events
from tekort.audit.models import Event
from tekort.registry.models import Board


class CodeForm(AuthenticationTokenForm):
    """The sign-in's second step, labelled in Dutch (django-two-factor's Dutch says "Token")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].label = _("Code from the app")


class BackupCodeForm(BackupTokenForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].label = _("Backup code")


class SignInView(two_factor_views.LoginView):
    """Password, then the TOTP code (or a backup code). No device yet: set one up first."""

    template_name = "accounts/sign_in.html"
    form_list = (
        ("auth", SignInForm),
        ("token", CodeForm),
        ("backup", BackupCodeForm),
    )

    def done(self, form_list, **kwargs):
        user = self.get_user()
        if default_device(user):
            return super().done(form_list, **kwargs)
        # Every role needs a second factor: the first sign-in continues with its setup.
        login(self.request, user)
        return redirect_to_login(self.get_success_url(), reverse("accounts:two_factor_setup"))


class SignOutView(LogoutView):
    pass


class TwoFactorSetupView(two_factor_views.SetupView):
    """Set up the authenticator app: scan the QR code (or type the key), confirm a code."""

    template_name = "accounts/two_factor_setup.html"
    success_url = "accounts:two_factor_complete"
    qrcode_url = "accounts:two_factor_qr"

    def get_success_url(self):
        """Always the "set up" page (it offers backup codes), which then links onwards."""
        url = reverse(self.success_url)
        onwards = self.get_redirect_url()
        return f"{url}?{urlencode({'next': onwards})}" if onwards else url

    def get_form(self, step=None, **kwargs):
        form = super().get_form(step, **kwargs)
        if "token" in form.fields:  # the code that confirms the app ("Token" in two-factor's nl)
            form.fields["token"].label = _("Code from the app")
        return form

    def done(self, form_list, **kwargs):
        response = super().done(form_list, **kwargs)
        events.two_factor_set_up(self.request, self.request.user, self.request.user.otp_device)
        return response


class TwoFactorQRView(two_factor_views.QRGeneratorView):
    def get_issuer(self):
        return settings.OTP_TOTP_ISSUER


class TwoFactorCompleteView(two_factor_views.SetupCompleteView):
    template_name = "accounts/two_factor_complete.html"

    def get(self, request, *args, **kwargs):
        return TemplateView.get(self, request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        onwards = self.request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(onwards, {self.request.get_host()}):
            onwards = reverse("accounts:profile")
        return {**super().get_context_data(**kwargs), "onwards": onwards}


class BackupTokensView(two_factor_views.BackupTokensView):
    """Ten single-use backup codes for when the phone is lost; new ones replace the old."""

    template_name = "accounts/backup_tokens.html"
    success_url = "accounts:backup_tokens"


class PasswordChange(PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordReset(PasswordResetView):
    """Ask for a reset link. The answer is the same whether or not the address is known."""

    template_name = "accounts/password_reset.html"
    form_class = ResetRequestForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):
        return {"minutes": settings.PASSWORD_RESET_TIMEOUT // 60}


class PasswordResetDone(PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        minutes = settings.PASSWORD_RESET_TIMEOUT // 60
        return {**super().get_context_data(**kwargs), "minutes": minutes}


class PasswordResetConfirm(PasswordResetConfirmView):
    """Choose a new password from the link. The link works once (Django's token covers the
    password hash and the last sign-in) and expires after PASSWORD_RESET_TIMEOUT. It never
    signs in: the next sign-in asks for the password and the second factor, and django-axes'
    lockout still applies to it."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        events.record(
            Event.Action.PASSWORD_RESET, request=self.request, user=form.user, obj=form.user
        )
        return response


class PasswordResetComplete(PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def profile(request):
    """The own account: roles, two-factor status, what the user may do here."""
    user = request.user
    roles = user.roles.select_related("location", "board", "onderwijsregio")
    backup = user.staticdevice_set.first()
    inviting_boards = [r.board for r in roles if r.kind == Role.Kind.BOARD and r.can_invite]
    return render(
        request,
        "accounts/profile.html",
        {
            "roles": roles,
            "device": default_device(user),
            "backup_tokens": StaticToken.objects.filter(device=backup).count() if backup else 0,
            "may_invite_any": user.has_perm("accounts.invite_any"),
            "inviting_boards": inviting_boards,
            "may_view_audit": user.has_perm("audit.view_events"),
        },
    )


def get_board(request, board):
    return get_object_or_404(Board, number=board)


def invite(request, board=None):
    """Invite a user: administrators for any role, a board's inviters for the board's roles."""
    board_obj = request.permission_object if board is not None else None
    form = InvitationForm(request.POST or None, board=board_obj)
    if request.method == "POST" and form.is_valid():
        invitation, _link = invitations.invite(
            email=form.cleaned_data["email"],
            kind=form.cleaned_data["kind"],
            invited_by=request.user,
            request=request,
            **form.role_target(),
        )
        messages.success(
            request,
            _("An invitation has been sent to %(email)s; it is valid for %(days)s days.")
            % {"email": invitation.email, "days": settings.TEKORT_INVITATION_DAYS},
        )
        return redirect(request.path)
    sent = Invitation.objects.select_related("location", "board", "onderwijsregio")
    if board_obj is not None:
        sent = sent.filter(Q(board=board_obj) | Q(location__board=board_obj))
    return render(
        request,
        "accounts/invite.html",
        {
            "form": form,
            "board": board_obj,
            "invitations": sent[:50],
            "days": settings.TEKORT_INVITATION_DAYS,
            "now": timezone.now(),
        },
    )


def accept(request, token):
    """Accept an invitation: choose a password (new user), then set up two-factor sign-in."""
    try:
        invitation = invitations.invitation_for(token)
    except invitations.InvitationInvalid as error:
        return render(request, "accounts/accept_invalid.html", {"reason": str(error)}, status=410)
    existing = invitations.existing_user_for(invitation)
    if existing is not None:
        return _accept_for_existing_user(request, invitation, existing)
    user = get_user_model()(username=invitation.email, email=invitation.email)
    form = AcceptForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        invitations.accept(invitation, user, request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("accounts:two_factor_setup")
    return render(request, "accounts/accept.html", {"invitation": invitation, "form": form})


def _accept_for_existing_user(request, invitation, existing):
    """An existing user takes up the extra role after signing in (with the second factor)."""
    if request.user != existing or not is_verified(request.user):
        return render(
            request,
            "accounts/accept_sign_in.html",
            {"invitation": invitation, "sign_in": redirect_to_login(request.path)["Location"]},
        )
    if request.method == "POST":
        invitations.accept(invitation, existing, request)
        messages.success(request, _("The role has been added to your account."))
        return redirect("accounts:profile")
    return render(request, "accounts/accept_existing.html", {"invitation": invitation})

from django.urls import path

from tekort.accounts import audit_pages, user_admin, views
from tekort.accounts.access import public, requires, signed_in

app_name = "accounts"
manage_users = requires("accounts.manage_users")
deactivate_user = requires("accounts.deactivate_user", user_admin.get_user)
view_audit = requires("audit.view_events")

urlpatterns = [
    # Sign-in and sign-out: reachable for everyone (they are how one signs in).
    path("aanmelden/", public(views.SignInView.as_view()), name="login"),
    path("afmelden/", public(views.SignOutView.as_view()), name="logout"),
    path("uitnodiging/<str:token>/", public(views.accept), name="accept"),
    # Password reset by e-mail: for everyone (a forgotten password is a reason not to be signed
    # in); the reset never signs in, so the second factor is still asked at the next sign-in.
    path("wachtwoord-vergeten/", public(views.PasswordReset.as_view()), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        public(views.PasswordResetDone.as_view()),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        public(views.PasswordResetConfirm.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/gereed/",
        public(views.PasswordResetComplete.as_view()),
        name="password_reset_complete",
    ),
    # Setting up the second factor: signed in, before two-factor verification.
    path(
        "tweestapsverificatie/instellen/",
        signed_in(views.TwoFactorSetupView.as_view(), two_factor=False),
        name="two_factor_setup",
    ),
    path(
        "tweestapsverificatie/qr/",
        signed_in(views.TwoFactorQRView.as_view(), two_factor=False),
        name="two_factor_qr",
    ),
    # The own account: signed in with two factors.
    path("", signed_in(views.profile), name="profile"),
    path(
        "tweestapsverificatie/gereed/",
        signed_in(views.TwoFactorCompleteView.as_view()),
        name="two_factor_complete",
    ),
    path(
        "tweestapsverificatie/reservecodes/",
        signed_in(views.BackupTokensView.as_view()),
        name="backup_tokens",
    ),
    path("wachtwoord/", signed_in(views.PasswordChange.as_view()), name="password_change"),
    # Invitations.
    path("uitnodigen/", requires("accounts.invite_any")(views.invite), name="invite"),
    path(
        "besturen/<str:board>/uitnodigen/",
        requires("accounts.invite_board_user", views.get_board)(views.invite),
        name="invite_for_board",
    ),
    # Managing users, for administrators (never their own account).
    path("gebruikers/", manage_users(user_admin.user_list), name="users"),
    path("gebruikers/<int:user_id>/", manage_users(user_admin.user_detail), name="user"),
    path(
        "gebruikers/<int:user_id>/deactiveren/",
        deactivate_user(user_admin.deactivate),
        name="user_deactivate",
    ),
    path(
        "gebruikers/<int:user_id>/activeren/",
        deactivate_user(user_admin.activate),
        name="user_activate",
    ),
    path(
        "gebruikers/<int:user_id>/tweestapsverificatie-herstellen/",
        requires("accounts.reset_second_factor", user_admin.get_user)(
            user_admin.reset_second_factor
        ),
        name="user_reset_second_factor",
    ),
    # The audit trail, for administrators.
    path("audit/", view_audit(audit_pages.event_list), name="audit"),
    path("audit.json", view_audit(audit_pages.event_list), name="audit-json"),
    path("audit.csv", view_audit(audit_pages.event_list_csv), name="audit-csv"),
]

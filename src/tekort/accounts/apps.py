"""Users, roles tied to the register, invitations and two-factor sign-in."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tekort.accounts"
    verbose_name = _("Accounts")

"""django.contrib.admin with tekort's OTP-required admin site as the default site."""

from django.contrib.admin.apps import AdminConfig


class OTPAdminConfig(AdminConfig):
    default_site = "tekort.accounts.admin_site.OTPAdminSite"

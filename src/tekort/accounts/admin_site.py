"""The Django admin (/beheer/) for staff whose sign-in was verified with a second factor.

Installed through tekort.accounts.admin_config.OTPAdminConfig in INSTALLED_APPS.
"""

from two_factor.admin import AdminSiteOTPRequired


class OTPAdminSite(AdminSiteOTPRequired):
    """Staff only, OTP-verified only; its login page redirects to tekort's sign-in."""

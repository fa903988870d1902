"""The second factor's code fields are labelled in Dutch (issue 16: "Token:" in the setup)."""

from django.urls import reverse
from django.utils import translation

from tekort.accounts.views import BackupCodeForm, CodeForm


def test_sign_in_code_fields_have_dutch_labels():
    with translation.override("nl"):
        assert str(CodeForm(user=None, initial_device=None).fields["otp_token"].label) == (
            "Code uit de app"
        )
        assert str(BackupCodeForm(user=None, initial_device=None).fields["otp_token"].label) == (
            "Reservecode"
        )


def test_setup_confirms_with_a_code_not_a_token(client, django_user_model):
    user = django_user_model.objects.create_user(
        "nieuw@example.nl", password="een-lang-wachtwoord-1"
    )
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("accounts:two_factor_setup")
    step = {"two_factor_setup_view-current_step": "welcome"}
    response = client.post(url, step, HTTP_ACCEPT_LANGUAGE="nl")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="generator-token"' in page
    assert "Code uit de app" in page and "Token" not in page

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "tekort.submissions"
    verbose_name = _("Registration rounds")

    def ready(self):
        from tekort.submissions.upload import recovery  # noqa: F401  (fails a lost upload)

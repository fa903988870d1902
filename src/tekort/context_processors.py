from django.conf import settings


def site(request):
    """Values every page needs: whether the figures shown are demo data."""
    return {"TEKORT_DEMO": settings.TEKORT_DEMO}

"""Read-only open API of the published figures (assembled under /api/v1/ by ``tekort.api``).

Every response is built from stored release rows through ``presentation.public_cell`` — the
same rounding and the same absence of suppressed values as the pages. Responses of a frozen
release carry its ETag and answer 304 to a matching If-None-Match.
"""

from django.db.models import Q
from django.http import Http404, HttpResponseNotModified
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from tekort.publications import subjects, vocabulary
from tekort.publications.frozen import frozen_response, not_modified
from tekort.publications.headline import is_provisional, release_meta
from tekort.publications.models import Release, ReleaseCell
from tekort.publications.presentation import public_cell
from tekort.publications.release_views import public_headline
from tekort.registry.models import LabourMarketRegion, Municipality, Onderwijsregio, Province

DEMO_HELP = (
    "True for the figures of a demo round: estimated from generated registrations, not from "
    "measurements; not real figures."
)


class ReleaseSerializer(serializers.Serializer):
    slug = serializers.CharField()
    peildatum = serializers.DateField()
    version = serializers.IntegerField()
    status = serializers.ChoiceField(
        choices=Release.Status.values,
        help_text="A demo release is never 'definitief': it is reported as 'voorlopig'.",
    )
    demo = serializers.BooleanField(help_text=DEMO_HELP)
    published_at = serializers.DateTimeField(allow_null=True)
    method_version = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    superseded_by = serializers.CharField(allow_null=True)
    n_revised = serializers.IntegerField()


class CellSerializer(serializers.Serializer):
    demo = serializers.BooleanField(help_text=DEMO_HELP)
    function = serializers.CharField()
    breakdown = serializers.CharField()
    domain = serializers.CharField()
    label = serializers.CharField()
    measure = serializers.CharField()
    model_based = serializers.BooleanField()
    percentage = serializers.FloatField(
        allow_null=True, help_text="Share of the formatie in %, 1 decimal; null when not shown."
    )
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)
    fte = serializers.IntegerField(
        allow_null=True, help_text="FTE rounded to 5; null when not shown."
    )
    fte_ci_low = serializers.IntegerField(allow_null=True)
    fte_ci_high = serializers.IntegerField(allow_null=True)
    fte_symbol = serializers.CharField(
        allow_null=True,
        help_text="Why fte is null beside a shown percentage: k (a shortage that rounds to 0 FTE), "
        "z (model-based: no FTE), x (FTE too imprecise); null otherwise.",
    )
    n_responding = serializers.IntegerField(allow_null=True)
    n_frame = serializers.IntegerField()
    response_rate = serializers.IntegerField(
        allow_null=True, help_text="Responding locations / locations, whole %."
    )
    response_rate_formatie = serializers.IntegerField(
        allow_null=True,
        help_text="Formatie of the responding locations / all formatie, whole % (it decides the "
        "quality class).",
    )
    quality_class = serializers.CharField(
        allow_null=True, help_text="A, E or F; a model-based cell's own class (by its RMSE)."
    )
    flags = serializers.ListField(child=serializers.CharField(), help_text="GSS shorthand.")
    methodology = serializers.CharField()


class CodeLabelSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    description = serializers.CharField(required=False)


class BreakdownSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    dimensions = serializers.ListField(child=serializers.CharField())


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    province = serializers.CharField(required=False, allow_null=True)
    labour_market_region = serializers.CharField(required=False, allow_null=True)
    is_g5 = serializers.BooleanField(required=False)


# a release's slug in the path of its endpoints
SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, pattern=r"^[-a-zA-Z0-9_]+$")


def _release(slug: str) -> Release:
    release = (
        Release.objects.public().select_related("round", "superseded_by").filter(slug=slug).first()
    )
    if release is None:
        raise Http404
    return release


def _frozen(request, slug: str, respond) -> Response:
    """``respond(release)`` for the public release ``slug``, with the release's ETag; 304 when
    the client's copy (If-None-Match) is current, 404 for an unknown slug."""
    release = _release(slug)
    if not_modified(request, release):
        return frozen_response(HttpResponseNotModified(), release)
    return frozen_response(respond(release), release)


class ApiRoot(APIView):
    @extend_schema(
        responses=inline_serializer(
            "ApiRoot", {"endpoints": serializers.DictField(child=serializers.CharField())}
        )
    )
    def get(self, request):
        base = request.build_absolute_uri("/api/v1/")
        return Response(
            {
                "endpoints": {
                    "releases": base + "releases/",
                    "indicators": base + "indicators/",
                    "breakdowns": base + "breakdowns/",
                    "geography": base + "geography/",
                    "subjects": base + "subjects/",
                    "schema": base + "schema/",
                }
            }
        )


class ReleaseList(APIView):
    @extend_schema(responses=ReleaseSerializer(many=True))
    def get(self, request):
        releases = Release.objects.public().select_related("round", "superseded_by")
        return Response([release_meta(r) for r in releases])


class ReleaseDetail(APIView):
    @extend_schema(
        responses={200: ReleaseSerializer, 304: None, 404: None},
        parameters=[SLUG],
    )
    def get(self, request, slug):
        return _frozen(request, slug, lambda release: Response(release_meta(release)))


class ReleaseHeadline(APIView):
    @extend_schema(
        responses={200: OpenApiTypes.OBJECT, 304: None, 404: None},
        parameters=[SLUG],
        description=(
            "The headline figures, computed once at publication; its `release` part says "
            "`demo` and the status as the release list does."
        ),
    )
    def get(self, request, slug):
        return _frozen(request, slug, lambda release: Response(public_headline(release)))


class CellPagination(LimitOffsetPagination):
    default_limit = 500
    max_limit = 5000


class ReleaseCells(APIView):
    """Cells of one release; filters narrow the stored cells, nothing is computed."""

    pagination_class = CellPagination

    @extend_schema(
        responses={200: CellSerializer(many=True), 304: None, 404: None},
        parameters=[
            SLUG,
            OpenApiParameter("measure", str, enum=list(vocabulary.ALL_MEASURES)),
            OpenApiParameter("breakdown", str, enum=list(vocabulary.BREAKDOWNS)),
            OpenApiParameter("domain", str, description="e.g. sector=bao or sector=bao|g5=True"),
            OpenApiParameter("function", str, enum=list(vocabulary.FUNCTIONS)),
            OpenApiParameter("model_based", bool),
            OpenApiParameter(
                "subject",
                str,
                pattern=r"^[A-Za-z0-9]+$",
                description=(
                    "A vo subject's code (see /api/v1/subjects/), e.g. WI: its cells of the "
                    "breakdowns vak (the nation) and vak:onderwijsregio (tekortvakken)."
                ),
            ),
        ],
    )
    def get(self, request, slug):
        return _frozen(request, slug, lambda release: self._cells(request, release))

    def _cells(self, request, release: Release) -> Response:
        cells = ReleaseCell.objects.filter(release=release).order_by(
            "function", "breakdown", "domain", "measure", "is_model_based"
        )
        params = request.query_params
        for name in ("measure", "breakdown", "domain", "function"):
            if params.get(name):
                cells = cells.filter(**{name: params[name]})
        if params.get("model_based") in ("true", "false"):
            cells = cells.filter(is_model_based=params["model_based"] == "true")
        if params.get("subject"):
            code = params["subject"]
            cells = cells.filter(breakdown__in=subjects.BREAKDOWNS).filter(
                Q(domain=f"vak={code}") | Q(domain__startswith=f"vak={code}|")
            )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(cells, request, view=self)
        provisional = is_provisional(release)
        demo = release.round.is_demo
        rows = [{"demo": demo, **public_cell(c, provisional=provisional)} for c in page]
        return paginator.get_paginated_response(rows)


class Indicators(APIView):
    @extend_schema(responses=CodeLabelSerializer(many=True))
    def get(self, request):
        return Response(
            [
                {
                    "code": code,
                    "label": str(label),
                    "description": str(vocabulary.MEASURE_DESCRIPTIONS[code]),
                }
                for code, label in vocabulary.MEASURES.items()
            ]
            + [
                {
                    "code": code,
                    "label": str(label),
                    "description": str(vocabulary.COPING_DESCRIPTION),
                }
                for code, label in vocabulary.COPING_MEASURES.items()
            ]
        )


class Breakdowns(APIView):
    @extend_schema(responses=BreakdownSerializer(many=True))
    def get(self, request):
        return Response(
            [
                {
                    "code": code,
                    "label": str(label),
                    "dimensions": [] if code == "national" else code.split(":"),
                }
                for code, label in vocabulary.BREAKDOWNS.items()
            ]
        )


GEOGRAPHY = {
    "province": vocabulary.BREAKDOWNS["province"],
    "labour_market_region": vocabulary.BREAKDOWNS["labour_market_region"],
    "onderwijsregio": vocabulary.BREAKDOWNS["onderwijsregio"],
    "municipality_code": vocabulary.BREAKDOWNS["municipality_code"],
}


class GeographyLevels(APIView):
    @extend_schema(operation_id="geography_levels", responses=CodeLabelSerializer(many=True))
    def get(self, request):
        return Response([{"code": c, "label": str(lab)} for c, lab in GEOGRAPHY.items()])


class GeographyAreas(APIView):
    @extend_schema(
        operation_id="geography_areas",
        responses={200: AreaSerializer(many=True), 404: None},
        parameters=[OpenApiParameter("level", str, OpenApiParameter.PATH, enum=list(GEOGRAPHY))],
    )
    def get(self, request, level):
        if level == "province":
            rows = [{"code": c, "name": n} for c, n in Province.objects.values_list("code", "name")]
        elif level == "labour_market_region":
            rows = [
                {"code": c, "name": n}
                for c, n in LabourMarketRegion.objects.values_list("code", "name")
            ]
        elif level == "onderwijsregio":
            rows = [
                {"code": n, "name": n}
                for n in Onderwijsregio.objects.values_list("name", flat=True)
            ]
        elif level == "municipality_code":
            rows = [
                {"code": c, "name": n, "province": p, "labour_market_region": r, "is_g5": g}
                for c, n, p, r, g in Municipality.objects.values_list(
                    "code", "name", "province_id", "labour_market_region_id", "is_g5"
                )
            ]
        else:
            raise Http404
        return Response(rows)


class Subjects(APIView):
    """The vo subjects (vakken) the tekortvakken cells are published by."""

    @extend_schema(
        operation_id="subjects",
        responses=CodeLabelSerializer(many=True),
        description=(
            "The vo subjects by code with their Dutch names, in the ministry's order (ended "
            "subjects too: earlier releases use them). A release's cells of a subject: "
            "`releases/{slug}/cells/?subject=<code>` (breakdowns `vak`, `vak:onderwijsregio`)."
        ),
    )
    def get(self, request):
        return Response([{"code": c, "label": n} for c, n in subjects.names().items()])

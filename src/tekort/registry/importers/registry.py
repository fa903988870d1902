"""The order in which the official files build the register, and a runner for all of them."""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from tekort.registry.importers.base import ImportReport, Progress
from tekort.registry.importers.boards import DuoBoardNames
from tekort.registry.importers.duo_locations import DuoBoLocations, DuoPupilCounts
from tekort.registry.importers.municipalities import (
    CbsMunicipalities,
    LabourMarketRegions,
    MunicipalityBoundaries,
)
from tekort.registry.importers.schoolweging import CbsSchoolweging
from tekort.registry.importers.vo_locations import DuoVoInstitutions, GeocodedLocations
from tekort.registry.importers.vo_pupils import DuoVoPupilCounts

IMPORTERS = (
    CbsMunicipalities,
    LabourMarketRegions,
    MunicipalityBoundaries,
    DuoBoLocations,
    DuoPupilCounts,
    DuoVoInstitutions,
    GeocodedLocations,
    DuoVoPupilCounts,  # needs the vo locations above
    DuoBoardNames,
    CbsSchoolweging,
)
BY_NAME = {importer.name: importer for importer in IMPORTERS}


def default_source(importer) -> Path:
    return Path(settings.TEKORT_DATA_DIR) / importer.default_path


def import_all(data_dir: Path | None = None, progress_for=None) -> list[ImportReport]:
    """Run every importer in order, in one transaction: all files land, or none."""
    reports = []
    with transaction.atomic():
        for importer in IMPORTERS:
            source = (
                Path(data_dir) if data_dir else Path(settings.TEKORT_DATA_DIR)
            ) / importer.default_path
            progress: Progress | None = progress_for(importer.name) if progress_for else None
            reports.append(importer(source, progress).run())
    return reports

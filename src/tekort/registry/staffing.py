"""Typical pupils per teacher FTE by sector: the stand-in for DUO's FTE per location.

DUO's staff-per-location file could not be obtained (see ../shared/data/README.md), so where a
location's formatie is unknown tekort uses its DUO pupil count divided by these ratios. They are
rough national ratios (po ≈ 1.46 million pupils / ≈ 100,000 teacher FTE; special education has
much smaller classes), an assumption to be replaced by DUO's FTE when available.
"""

from tekort.registry.models import Sector

PUPILS_PER_FTE = {
    Sector.BAO: 15.5,
    Sector.SBO: 8.5,
    Sector.SO: 5.5,
    Sector.VSO: 5.5,
    Sector.SO_VSO: 5.5,
    Sector.VO: 14.0,
}

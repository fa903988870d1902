"""Dutch labels and plain-language explanations of the core's levers (msgids in English).

The equations themselves come from ``Scenario.describe()`` (the core documents how each
lever enters the model); this module only adds what a page needs around them. A test keeps
the two in step: every lever of the core has a label here.
"""

from django.utils.translation import gettext_lazy as _

LEVER_TEXT = {
    "more_hours_share": (
        _("Part-timers who work more (share)"),
        _(
            "Share of part-time teachers (0.8 FTE or less) who extend their contract, "
            "for example through the meerurenbonus. 0.1 = 10 per cent."
        ),
    ),
    "more_hours_fte": (
        _("Extra FTE per part-timer"),
        _("How much more each of them works, in FTE: 0.2 is one day a week."),
    ),
    "zij_instroom_extra": (
        _("Extra zij-instromers per year"),
        _("Extra career changers starting each year in the chosen region and sector."),
    ),
    "zij_instroom_budget_eur": (
        _("Extra zij-instroom budget (euro per year)"),
        _(
            "Extra subsidy budget per year; each zij-instromer costs the amount in the "
            "parameter vintage (25,000 euro)."
        ),
    ),
    "pabo_intake_change": (
        _("Change in pabo intake (relative)"),
        _(
            "Relative change in teacher-training intake: 0.1 = 10 per cent more students. "
            "Graduates arrive after the study lag of four years."
        ),
    ),
    "pabo_completion_change": (
        _("Change in pabo completion (absolute)"),
        _("Change in the share of students who graduate (now 0.65): 0.05 makes it 0.70."),
    ),
    "retention_change": (
        _("Better retention of young teachers"),
        _(
            "Relative drop in the exit probability of teachers below the age limit: "
            "0.2 = 20 per cent fewer leave. Negative values model worse retention."
        ),
    ),
    "retention_max_age": (
        _("Age limit for retention (years)"),
        _("The retention change applies below this age (30: starters)."),
    ),
    "re_entry_change": (
        _("Change in re-entrants (relative)"),
        _(
            "Relative change in teachers who return from the stille reserve: 0.1 = 10 per cent more."
        ),
    ),
    "teaching_time_cut": (
        _("Cut in teaching time (relative)"),
        _(
            "Relative cut in pupils' instruction time (onderwijstijd): 0.05 = 5 per cent fewer "
            "lesson hours, which lowers the demand for teachers."
        ),
    ),
    "pupil_teacher_ratio_change": (
        _("Change in pupils per teacher (relative)"),
        _(
            "Relative change in the number of pupils per teacher FTE: 0.05 = 5 per cent larger "
            "classes, which lowers the demand for teachers."
        ),
    ),
    "other_professionals_share": (
        _("Classes with other professionals (share, po)"),
        _(
            "Share of po classes where other professionals (for example sports coaches or "
            "artists) teach part of the week under the regeling andere dag- en weekindeling. "
            "Evaluated in the G5: school leaders report fewer pupils sent home; how much "
            "teacher demand it saves has not been measured, so the effect is uncertain."
        ),
    ),
    "other_professionals_hours": (
        _("Hours a month of other professionals"),
        _("Hours a month per class taught by other professionals: at most 22 (one day a week)."),
    ),
    "statushouders_extra": (
        _("Extra statushouders per year"),
        _(
            "Refugees who were teachers in their country of origin and are trained for the "
            "Dutch classroom, each year (the subsidy rises to 2.5 million euro a year in 2025 "
            "and 2026). How many complete is not known: the zij-instromers' completion is used."
        ),
    ),
    "invalpool_share": (
        _("Substitution filled by invalpools (share)"),
        _(
            "Share of the shortage of long-term substitutes that regional invalpools fill. "
            "About 31 per cent of the measured po shortage is substitution (2021-2022). A pool "
            "moves teachers to where they are needed; it adds no teachers."
        ),
    ),
    "start": (
        _("First year the levers act"),
        _("Number of years after the base year in which the measures start (1 = next year)."),
    ),
}

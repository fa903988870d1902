"""The one chart package: every server-drawn SVG chart of tekort is built from these pieces.

Framework-free (no Django, no other tekort app), at the bottom of the app layers, so that every
app may use it:

* :mod:`tekort.charts.numbers` — the one Dutch number formatter (:func:`nl_number`);
* :mod:`tekort.charts.axis` — the one tick algorithm (:func:`nice_ticks`, steps of 1, 2 or 5
  times a power of ten) and the linear :class:`Scale`;
* :mod:`tekort.charts.lines` — lines over x with bands, gaps and end labels (trends, ramingen,
  the nowcast, the calculator's curve);
* :mod:`tekort.charts.rows` — one horizontal row per item: bars with 95 % intervals, the
  tornado's spans, the calculator's dot plot.

The modules only compute geometry; the apps' templates draw it, each chart an ``<svg
role="img">`` with a ``<title>`` and ``<desc>``, followed by a table of the same values (WCAG:
colour never carries the meaning alone, and every chart has a table). Coordinates are
pre-formatted text (``"12.5"``): a template would localise a float to ``12,5``.
"""

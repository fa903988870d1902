"""The disclosure statuses of a cell (methods.md §3.3), by name only.

``disclosure`` decides them; ``visibility`` reads them. They stand apart so that reading a
status (every process of the site does, at start-up) does not load the LP audit's SciPy.
"""

PUBLISHED = "published"
PRIMARY = "primary_suppressed"
SECONDARY = "secondary_suppressed"

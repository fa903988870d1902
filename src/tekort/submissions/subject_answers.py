"""The answers a vo location can give to the per-subject questions (issue 20), as plain values
for the checks, the parsers and the estimates; the model's choices are ``models.SubjectAnswer``."""

NOT_GIVEN = ""
PER_SUBJECT = "per_vak"
TOTAL_ONLY = "totaal"
SUBJECT_ANSWERS = (NOT_GIVEN, PER_SUBJECT, TOTAL_ONLY)

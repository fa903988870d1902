"""Pages of the uitvraag; thin: the work is in intake, rounds, upload and response."""

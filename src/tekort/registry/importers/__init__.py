"""Importers of the official reference files into the register.

Each importer reads one file (a path or the official download URL), validates every row,
and either raises ImportRejected with every bad row (line number and reason) or writes all rows
in one transaction through `upsert`, which makes a second run change nothing.
"""

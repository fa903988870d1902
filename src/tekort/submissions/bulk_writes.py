"""Fast SQL for the intake's bulk path (a board's file): executemany inserts and version-guarded
updates. Used only by ``intake.apply_many``, inside its transaction; the ORM's bulk_create and
bulk_update were 5-40x slower for 10,000 rows (bench/upload.py).

Every UPDATE carries ``WHERE id = %s AND version = %s``: a row changed meanwhile is not touched and
the caller sees the shortfall in the row count (a conflict, then a rollback).
"""

from __future__ import annotations

from django.db import connection

from tekort.submissions.models import Registration, RegistrationVersion

JSON_FIELDS = {"hidden_measures", "subjects", "warnings", "old_values", "new_values"}


def _column(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _adapt(name: str, value):
    if name in JSON_FIELDS:
        return connection.ops.adapt_json_value(value, None)
    return value


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _insert(cursor, model, names: list[str], params: list[list]) -> None:
    if connection.vendor == "postgresql":
        _copy(cursor, _table(model), [_column(model, n) for n in names], params)
        return
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the models)
        _table(model),
        ", ".join(_column(model, n) for n in names),
        ", ".join(["%s"] * len(names)),
    )
    cursor.executemany(sql, params)


def insert_registrations(round_id: int, rows: list[dict], fields: list[str]) -> dict[str, int]:
    """Insert registrations (dicts with location_id and ``fields``); returns location -> id."""
    if not rows:
        return {}
    names = ["round", "location", *fields]
    params = [[round_id, row["location_id"], *(_adapt(n, row[n]) for n in fields)] for row in rows]
    ids: dict[str, int] = {}
    with connection.cursor() as cursor:
        _insert(cursor, Registration, names, params)
        codes = [row["location_id"] for row in rows]
        for start in range(0, len(codes), 2000):
            chunk = codes[start : start + 2000]
            cursor.execute(
                "SELECT {}, {} FROM {} WHERE {} = %s AND {} IN ({})".format(  # noqa: S608
                    _column(Registration, "id"),
                    _column(Registration, "location"),
                    _table(Registration),
                    _column(Registration, "round"),
                    _column(Registration, "location"),
                    ", ".join(["%s"] * len(chunk)),
                ),
                [round_id, *chunk],
            )
            ids.update({code: pk for pk, code in cursor.fetchall()})
    return ids


def _copy(cursor, table: str, columns: list[str], params: list[list]) -> None:
    """PostgreSQL's COPY: the fastest way in (JSON values go as their text)."""
    statement = "COPY {} ({}) FROM STDIN".format(table, ", ".join(columns))
    with cursor.cursor.copy(statement) as copy:
        for row in params:
            copy.write_row(row)


def update_registrations(rows: list[dict], fields: list[str]) -> int:
    """Update rows (dicts with id, expected_version and ``fields``, version included) where the
    version is still the expected one; returns how many rows were updated."""
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        return _update_postgresql(rows, fields)
    sql = "UPDATE {} SET {} WHERE {} = %s AND {} = %s".format(  # noqa: S608
        _table(Registration),
        ", ".join(f"{_column(Registration, n)} = %s" for n in fields),
        _column(Registration, "id"),
        _column(Registration, "version"),
    )
    params = [
        [*(_adapt(n, row[n]) for n in fields), row["id"], row["expected_version"]] for row in rows
    ]
    updated = 0
    with connection.cursor() as cursor:
        for start in range(0, len(params), 1000):
            cursor.executemany(sql, params[start : start + 1000])
            updated += cursor.rowcount
    return updated


def insert_versions(rows: list[dict]) -> None:
    """Insert RegistrationVersion rows (append-only) given as dicts of field values."""
    if not rows:
        return
    names = list(rows[0])
    params = [[_adapt(n, row[n]) for n in names] for row in rows]
    with connection.cursor() as cursor:
        _insert(cursor, RegistrationVersion, names, params)


def _update_postgresql(rows: list[dict], fields: list[str]) -> int:
    """COPY the new values into a temporary table, then one guarded UPDATE … FROM."""
    table = _table(Registration)
    temp = connection.ops.quote_name("tekort_registration_update")
    typed = [
        f"{_column(Registration, n)} {Registration._meta.get_field(n).db_type(connection)}"
        for n in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temp}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temp} (id bigint, expected_version integer, "
            f"{', '.join(typed)}) ON COMMIT DROP"
        )
        _copy(
            cursor,
            temp,
            ["id", "expected_version", *(_column(Registration, n) for n in fields)],
            [
                [row["id"], row["expected_version"], *(_adapt(n, row[n]) for n in fields)]
                for row in rows
            ],
        )
        assignments = ", ".join(
            f"{_column(Registration, n)} = u.{_column(Registration, n)}" for n in fields
        )
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM {temp} AS u "  # noqa: S608
            f"WHERE {table}.{_column(Registration, 'id')} = u.id "
            f"AND {table}.{_column(Registration, 'version')} = u.expected_version"
        )
        updated = cursor.rowcount
        cursor.execute(f"DROP TABLE {temp}")
    return updated

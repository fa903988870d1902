"""A database connection the server dropped costs no request (issue 18).

Django keeps connections for ``conn_max_age`` seconds; at the start of every request
(``close_old_connections``, which the WSGI handler calls on ``request_started``) a kept
connection is checked first (``CONN_HEALTH_CHECKS``) and replaced if the server dropped it.
Without the check the next query fails on the dead connection: one 500 per worker after every
PostgreSQL restart, failover or pooler idle cut.
"""

import psycopg
import pytest
from django.db import close_old_connections, connection


@pytest.mark.django_db(transaction=True, available_apps=["django.contrib.sessions"])
def test_a_request_after_the_server_dropped_the_connection_gets_a_new_one():
    if connection.vendor != "postgresql":
        pytest.skip("the server dropping a connection is a PostgreSQL fault (SQLite is a file)")
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    connection.ensure_connection()
    dropped = connection.connection.info.backend_pid
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as server:
        server.execute("select pg_terminate_backend(%s)", [dropped])

    close_old_connections()  # what the handler does when the next request starts
    with connection.cursor() as cursor:
        cursor.execute("select pg_backend_pid()")
        assert cursor.fetchone()[0] != dropped

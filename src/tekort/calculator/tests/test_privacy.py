"""The request loggers never see a calculator query string."""

import logging

from django.test import RequestFactory

QUERY = "/meeruren/?fte=0,6&partner_income=45000&rent=850"


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


def collected(logger_name):
    logger = logging.getLogger(logger_name)
    handler = Collect()
    logger.addHandler(handler)
    return logger, handler


def test_development_server_access_log_drops_the_query():
    logger, handler = collected("django.server")
    try:
        logger.info('"%s" %s %s', f"GET {QUERY} HTTP/1.1", "200", "1234")
        logger.info('"%s" %s %s', "GET /scholen/?q=Zwolle HTTP/1.1", "200", "99")
    finally:
        logger.removeHandler(handler)
    first, second = (r.getMessage() for r in handler.records)
    assert "45000" not in first and "850" not in first
    assert first == '"GET /meeruren/?[weggelaten] HTTP/1.1" 200 1234'
    assert "q=Zwolle" in second  # other pages are left alone


def test_request_error_log_drops_the_request_object():
    request = RequestFactory().get(QUERY)
    logger, handler = collected("django.request")
    try:
        logger.warning("Bad Request: %s", request.get_full_path(), extra={"request": request})
    finally:
        logger.removeHandler(handler)
    (record,) = handler.records
    assert "45000" not in record.getMessage()
    assert not hasattr(record, "request")

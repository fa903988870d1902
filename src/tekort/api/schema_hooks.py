"""Post-processing of the OpenAPI schema: the answers every operation can give besides its own.

Any address refuses a NUL character in its query string with a 400 (``tekort/nul_bytes.py``),
and a broken database connection is a 503 with Retry-After (``tekort/database_unavailable.py``);
both answer ``{"detail": "…"}``. The schema says so, so that clients (and schemathesis) know.
"""

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
SHARED_RESPONSES = {
    "400": "The query string holds a NUL character (%00), which no address accepts.",
    "503": "The database could not be reached; nothing was stored. Try again after Retry-After.",
}


def document_shared_responses(result, generator, request, public):
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in SHARED_RESPONSES.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": DETAIL}},
                    },
                )
    return result

"""The schema documents the answers every operation can give: 400 for a NUL, 503 for a lost
database connection."""

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


def test_every_operation_documents_the_nul_refusal_and_the_database_503():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    assert len(operations) >= 8
    for operation in operations:
        assert {"200", "400", "503"} <= set(operation["responses"]), operation["operationId"]
        assert "NUL" in operation["responses"]["400"]["description"]

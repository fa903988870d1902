"""tekort: the Django project. Every app lives under this namespace (see docs/architecture.md)."""

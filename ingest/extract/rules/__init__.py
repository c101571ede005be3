"""Extraction rules, one module per concern; see ingest/extract/__init__.py."""

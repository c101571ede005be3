"""Errors search reports to its callers: each one a clear message a user can act on."""
from __future__ import annotations


class SearchError(ValueError):
    """Something about a search request is wrong (query, cursor, tenant name)."""


class QuerySyntaxError(SearchError):
    """A query string that does not parse: says where, and what was expected there."""

    def __init__(self, message: str, position: int, query: str = "") -> None:
        self.message = message
        self.position = position
        self.query = query
        super().__init__(f"{message} (at position {position})")


class InvalidCursor(SearchError):
    """A pagination cursor this service did not hand out."""

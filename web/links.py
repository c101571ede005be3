"""Where things live in the web UI: links to source quotes, entities and their JSON twins."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import url_for

API = "/api/v1"

STATUS_CLASS = {"done": "status-done", "in progress": "status-progress", "planned": "status-planned"}


def anchor(passage_id: str | None) -> str | None:
    """The element id a passage gets on the document page: 'p<seq>' from '<doc>#p<seq>'."""
    if not passage_id or "#" not in passage_id:
        return None
    tail = passage_id.rsplit("#", 1)[1]
    return tail if tail[:1] == "p" and tail[1:].isdigit() else None


def source_url(q: dict[str, Any]) -> str:
    """The document page at the quoted passage, with the quote's span to highlight."""
    args: dict[str, Any] = {}
    if q.get("passage_id"):
        args["passage"] = q["passage_id"]
        if q.get("start") is not None and q.get("end") is not None:
            args["start"], args["end"] = q["start"], q["end"]
    url = url_for("web.document", doc_id=q["doc_id"], **args)
    frag = anchor(q.get("passage_id"))
    return f"{url}#{frag}" if frag else url


def entity_url(e: dict[str, Any]) -> str | None:
    """The page of an entity the UI has one for (reviews, actions, groups), else None."""
    kind, ident = e.get("type"), e.get("id")
    if not ident:
        return None
    if kind == "Review":
        return url_for("web.review", review_id=ident)
    if kind == "Action":
        return url_for("web.action", action_id=ident)
    if kind in ("Group", "Partnership"):
        return url_for("web.structure", node=ident) + "#details"
    return None


def api(path: str, **params: Any) -> str:
    """The API endpoint that answers the same question as a page (its JSON twin)."""
    from urllib.parse import urlencode

    clean = {k: v for k, v in params.items() if v not in (None, "", False)}
    return f"{API}{path}" + (f"?{urlencode(clean)}" if clean else "")


def seg(value: str) -> str:
    """One path segment of an id (ids hold ':' and '/')."""
    return quote(value, safe=":")


def safe_url(value: Any) -> str | None:
    """An outside link from the data only if it is plain http(s): never javascript: or data:."""
    from urllib.parse import urlsplit

    s = str(value or "").strip()
    parts = urlsplit(s)
    return s if parts.scheme in ("http", "https") and parts.netloc else None


def template_helpers() -> dict[str, Any]:
    return {"source_url": source_url, "entity_url": entity_url, "status_class": STATUS_CLASS.get,
            "safe_url": safe_url}

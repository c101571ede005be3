"""People's changes to an action (status, owner, due date, evidence): one rule for API and web.

A change is appended as an event (graph/store.py), never written over what the documents
said, so the history of who changed what, when, stays readable.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from graph.queries import STATUSES, NotFound, parse_due
from graph.store import Event, GraphStore

UPDATABLE = ("status", "owner", "due", "evidence_note", "evidence_link")
_URL = re.compile(r"^https?://[^\s<>\"']{1,2000}$")


class UpdateError(ValueError):
    """An update that cannot be saved as sent; `field` names the offending field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class Actor(Protocol):
    role: str
    tenant: str
    actor: str
    scope: Any


def may_update(actor: Actor, action_tenant: str) -> bool:
    """A scrutineer updates the actions of its own tenant; an admin any action."""
    return actor.role == "admin" or (actor.role == "scrutineer" and action_tenant == actor.tenant)


def check_update(body: Any) -> dict[str, Any]:
    """The fields of an update, checked; unknown or empty fields are refused."""
    if not isinstance(body, Mapping) or not body:
        raise UpdateError(f"send one or more of {', '.join(UPDATABLE)}")
    unknown = sorted(set(body) - set(UPDATABLE))
    if unknown:
        raise UpdateError(f"unknown field(s) {', '.join(unknown)}; use {', '.join(UPDATABLE)}", unknown[0])
    changes: dict[str, Any] = {}
    for key, value in body.items():
        if not isinstance(value, str) or not value.strip():
            raise UpdateError(f"{key} must be a non-empty string", key)
        value = value.strip()
        if len(value) > 2000:
            raise UpdateError(f"{key} is longer than 2000 characters", key)
        if key == "status" and value not in STATUSES:
            raise UpdateError(f"status must be one of {', '.join(STATUSES)}", key)
        if key == "due" and parse_due(value) is None:
            raise UpdateError("due must be a date: YYYY-MM-DD, YYYY-MM, YYYY or 'March 2025'", key)
        if key == "evidence_link" and not _URL.match(value):
            raise UpdateError("evidence_link must be an http(s) URL", key)
        if key == "owner" and len(value) > 200:
            raise UpdateError("owner is longer than 200 characters", key)
        changes[key] = value
    # the evidence attribute is what follow-through reads; the note wins over the link as its text
    if "evidence_note" in changes or "evidence_link" in changes:
        changes["evidence"] = changes.get("evidence_note") or changes["evidence_link"]
    return changes


def update_action(store: GraphStore, actor: Actor, action_id: str, body: Any,
                  audit: Callable[[Event], None] | None = None) -> Event | None:
    """Check and append the change; None when nothing differs from the record.

    Raises NotFound when the actor cannot see the action, PermissionError when it may
    not change it, UpdateError when the fields are not acceptable.
    """
    node = store.get_node(action_id, actor.scope)
    if node is None or node.type != "Action":
        raise NotFound(f"no action {action_id!r}")
    if not may_update(actor, node.tenant):
        raise PermissionError(f"actions of {node.tenant} are updated by its scrutineer or an admin")
    changes = check_update(body)
    changed = {k: v for k, v in changes.items() if node.attrs.get(k) != v}
    if not changed:
        return None
    event = store.append_event(action_id, actor.actor, changed)
    if audit is not None:
        audit(event)
    return event

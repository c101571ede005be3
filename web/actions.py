"""Updating an action from the web: the same rules as PATCH /api/v1/actions/{id}.

Who may: a scrutineer for actions of their own tenant, an admin for any. What:
status, owner, due date, an evidence note or link. How: one appended event (the
store never overwrites history) and one audit record with before and after.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from graph.queries import STATUSES, NotFound, parse_due
from graph.store import Event

UPDATERS = ("scrutineer", "admin")
FIELDS = ("status", "owner", "due", "evidence", "evidence_link")
MAX_TEXT = 2000


class ActionUpdateError(ValueError):
    """An update that cannot be saved as sent (the message says which field and why)."""


def can_update(principal: Any, action: Mapping[str, Any]) -> bool:
    if principal.role == "admin":
        return True
    return principal.role == "scrutineer" and action.get("tenant") == principal.tenant


def clean_changes(form: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """The fields that were sent and differ from what is recorded, checked."""
    changes: dict[str, Any] = {}
    for key in FIELDS:
        raw = form.get(key)
        if raw is None:
            continue
        value = str(raw).strip()
        if len(value) > MAX_TEXT:
            raise ActionUpdateError(f"{key} is longer than {MAX_TEXT} characters")
        if not value:
            continue  # an empty box leaves the recorded value alone
        if key == "status" and value not in STATUSES:
            raise ActionUpdateError(f"status {value!r}: use one of {', '.join(STATUSES)}")
        if key == "due" and parse_due(value) is None:
            raise ActionUpdateError(f"due date {value!r}: write it as 2025-03-31, 2025-03 or 2025")
        if key == "evidence_link":
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ActionUpdateError(f"evidence link {value[:80]!r}: give a full http(s) address")
        if current.get(key) != value:
            changes[key] = value
    return changes


def update_action(store: Any, accounts: Any, principal: Any, action_id: str,
                  form: Mapping[str, Any]) -> Event | None:
    """Append the change as an event and audit it; None when nothing differs."""
    node = store.get_node(action_id, principal.scope)
    if node is None or node.type != "Action":
        raise NotFound(f"no action {action_id!r}")
    if not can_update(principal, {"tenant": node.tenant}):
        raise PermissionError("Only a scrutineer of this action's partnership (or an admin) may update it.")
    changes = clean_changes(form, node.attrs)
    if not changes:
        return None
    event = store.append_event(action_id, principal.actor, changes)
    if accounts is not None:
        accounts.audit(principal, "action.update", action_id, before=event.before, after=event.after)
    return event

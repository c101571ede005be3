"""Updating an action from the web: exactly the rules of PATCH /api/v1/actions/{id}.

The fields are checked by the API's own parse_update, and the change is saved
the same way: one appended event (history is never overwritten) and one audit
record with before and after. Who may: a scrutineer for actions of their own
tenant, an admin for any.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.errors import ApiError
from api.views.actions import UPDATABLE, parse_update
from graph.queries import NotFound
from graph.store import Event


class ActionUpdateError(ValueError):
    """An update that cannot be saved as sent (the message says which field and why)."""


def can_update(principal: Any, action: Mapping[str, Any]) -> bool:
    return principal.role == "admin" or (principal.role == "scrutineer" and action.get("tenant") == principal.tenant)


def update_action(store: Any, accounts: Any, principal: Any, action_id: str,
                  form: Mapping[str, Any]) -> Event | None:
    """Append the change as an event and audit it; None when nothing differs from the record."""
    node = store.get_node(action_id, principal.scope)
    if node is None or node.type != "Action":
        raise NotFound(f"no action {action_id!r}")
    if not can_update(principal, {"tenant": node.tenant}):
        raise PermissionError(f"Actions of {node.tenant} are updated by its scrutineer or an admin.")
    # An empty box leaves the recorded value alone (the API refuses empty strings outright).
    sent = {k: str(form.get(k)).strip() for k in UPDATABLE if str(form.get(k) or "").strip()}
    if not sent:
        return None
    try:
        changes = parse_update(sent)
    except ApiError as e:
        raise ActionUpdateError(e.detail or e.title) from None
    changed = {k: v for k, v in changes.items() if node.attrs.get(k) != v}
    if not changed:
        return None
    event = store.append_event(action_id, principal.actor, changed)
    if accounts is not None:
        accounts.audit(principal, "action.update", action_id, event.before, event.after)
    return event

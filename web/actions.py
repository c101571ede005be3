"""Updating an action from the web: the same rule as PATCH /api/v1/actions/{id} (graph/updates.py).

The change is one appended event (history is never overwritten) and one audit record
with before and after. Who may: a scrutineer for actions of their own tenant, an admin for any.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.store import Event
from graph.updates import UPDATABLE, UpdateError, may_update
from graph.updates import update_action as apply_update


class ActionUpdateError(ValueError):
    """An update that cannot be saved as sent (the message says which field and why)."""


def can_update(principal: Any, action: Mapping[str, Any]) -> bool:
    return may_update(principal, action.get("tenant"))


def update_action(store: Any, accounts: Any, principal: Any, action_id: str,
                  form: Mapping[str, Any]) -> Event | None:
    """Append the change as an event and audit it; None when nothing differs from the record."""
    # An empty box leaves the recorded value alone (the API refuses empty strings outright).
    sent = {k: str(form.get(k)).strip() for k in UPDATABLE if str(form.get(k) or "").strip()}
    if not sent:
        return None

    def audit(event: Event) -> None:
        if accounts is not None:
            accounts.audit(principal, "action.update", action_id, event.before, event.after)

    try:
        return apply_update(store, principal, action_id, sent, audit)
    except UpdateError as exc:
        raise ActionUpdateError(str(exc)) from None

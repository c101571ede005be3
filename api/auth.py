"""Bearer tokens: who is calling, and what their role allows them to do."""
from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from typing import Any

from flask import g, request, session

from api.accounts import Principal
from api.errors import ApiError
from api.runtime import runtime
from graph.access import Scope

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="learnloop"'}
SESSION_HOURS = 8  # a signed-in browser session lasts a working day however the cookie was kept


def session_principal() -> Principal | None:
    """The Principal of the token signed in to the web UI in this browser, or None.

    The session cookie holds the token's id, never its secret; the token is checked on
    every request, so revoking or expiring it ends the session at once.
    """
    token_id = session.get("token_id")
    if not token_id:
        return None
    if time.time() - float(session.get("since", 0)) > SESSION_HOURS * 3600:
        return None
    info = runtime().accounts.get_token(token_id)
    if info is None or not info.active:
        return None
    return Principal(info.id, info.name, info.tenant, info.role, Scope.for_role(info.role, info.tenant))


def bearer_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def authenticate() -> None:
    """before_request of the API: a valid token or 401, then the caller's rate limit."""
    if request.method == "OPTIONS":
        return  # CORS preflight carries no credentials and answers only which methods exist
    rt = runtime()
    secret = bearer_secret()
    principal = rt.accounts.verify(secret) if secret else None
    if principal is None and secret is None and request.method in ("GET", "HEAD"):
        # a page's JSON twin, opened from the signed-in web UI: reads only, so no CSRF exposure
        principal = session_principal()
    # unauthenticated attempts are limited per address so token guessing is slow too
    key = f"token:{principal.token_id}" if principal else f"addr:{request.remote_addr}"
    wait = rt.limiter.take(key)
    if wait:
        raise ApiError(429, "Too Many Requests", f"rate limit reached; retry in {math.ceil(wait)} s",
                       headers={"Retry-After": str(math.ceil(wait))})
    if principal is None:
        detail = ("send 'Authorization: Bearer <token>' (create one with `learnloop token create`)"
                  if secret is None else "the token is unknown, expired or revoked")
        raise ApiError(401, "Unauthorized", detail, headers=CHALLENGE)
    g.principal = principal


def current_principal() -> Principal:
    p = getattr(g, "principal", None)
    if p is None:  # authenticate() always runs first; this guards views reached some other way
        raise ApiError(401, "Unauthorized", "no credentials", headers=CHALLENGE)
    return p


def require_role(*roles: str) -> Callable:
    """Only these roles may call the view (others get 403: they are known, just not allowed)."""

    def wrap(view: Callable) -> Callable:
        @functools.wraps(view)
        def inner(*args: Any, **kwargs: Any):
            p = current_principal()
            if p.role not in roles:
                raise ApiError(403, "Forbidden", f"this needs the role {' or '.join(roles)}; "
                                                 f"your token has {p.role}")
            return view(*args, **kwargs)

        return inner

    return wrap

"""Bearer tokens: who is calling, and what their role allows them to do."""
from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

from flask import g, request

from api.accounts import Principal
from api.errors import ApiError
from api.runtime import runtime

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="learnloop"'}


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

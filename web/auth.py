"""Signing in with a token, the session cookie, CSRF protection and sign-out.

The session (Flask's signed cookie, HttpOnly, SameSite=Lax) keeps only the token's
id, never its secret, and every request looks the token up again: a revoked or
expired token stops working at once, in the browser as in the API. Every POST must carry
the session's CSRF token; the sign-in form too, so nobody can sign a visitor in
as someone else.
"""
from __future__ import annotations

import hmac
import secrets
import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface

from api.auth import session_principal as api_session_principal
from web.context import service

# Pages anyone may open: signing in and the static files.
PUBLIC_ENDPOINTS = {"web.sign_in", "web.static"}


def install(bp: Blueprint) -> None:
    bp.record_once(_setup_app)
    bp.before_request(_load_principal)
    bp.before_request(_check_csrf)
    bp.after_request(_no_store)
    bp.context_processor(_template_globals)
    bp.add_url_rule("/sign-in", "sign_in", sign_in, methods=["GET", "POST"])
    bp.add_url_rule("/sign-out", "sign_out", sign_out, methods=["POST"])
    bp.add_url_rule("/", "home", home)
    bp.register_error_handler(401, _unauthorised)
    bp.register_error_handler(403, lambda e: _error(403, "You may not do that",
                                                    e.description or "Your role does not allow it."))
    bp.register_error_handler(404, lambda e: _error(404, "Not found",
                                                    "There is nothing here you can see. Check the address."))
    bp.register_error_handler(400, lambda e: _error(400, "Bad request", e.description or "The request was not valid."))
    bp.register_error_handler(500, lambda e: _error(500, "Something went wrong",
                                                    "The page could not be shown. Try again, or tell an administrator "
                                                    f"(request {g.get('request_id', '-')})."))


def _setup_app(state) -> None:
    app: Flask = state.app
    if not app.secret_key:  # create_app sets a per-data-directory key; this is a last resort
        app.secret_key = secrets.token_bytes(32)
    app.session_interface = _SessionInterface()
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the cookie marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(super().get_cookie_secure(app) or (has_request_context() and request.is_secure))


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _check_csrf():
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    sent = request.form.get("csrf_token", "")
    if not sent or "csrf" not in session or not hmac.compare_digest(sent, session["csrf"]):
        abort(400, "This form has expired or did not come from learnloop (CSRF check failed): "
                   "reload the page and try again.")
    return None


def session_principal():
    """The Principal of the signed-in token, or None (no session, or token revoked or expired)."""
    if service("accounts") is None:
        return None
    return api_session_principal()


def _load_principal():
    g.principal = session_principal()
    if g.principal is None:
        session.pop("token_id", None)
    if g.principal is None and request.endpoint not in PUBLIC_ENDPOINTS:
        if request.method in ("GET", "HEAD"):
            return redirect(url_for("web.sign_in", next=request.full_path.rstrip("?")))
        abort(401)
    return None


def _no_store(response):
    # Pages about children's cases must not linger in shared computers' caches.
    if request.endpoint != "web.static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _template_globals() -> dict:
    return {"csrf_token": csrf_token, "principal": g.get("principal")}


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never another host) after signing in."""
    if not target:
        return url_for("web.search")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("web.search")
    return target


def sign_in():
    if request.method != "POST":
        return render_template("sign_in.html", next=request.args.get("next", ""))
    secret = request.form.get("token", "").strip()
    accounts = service("accounts")
    # The same per-address budget as unauthenticated API calls, so guessing is no faster here.
    limiter = service("limiter")
    wait = limiter.take(f"addr:{request.remote_addr}") if limiter is not None else 0
    if wait:
        return render_template("sign_in.html", next=request.form.get("next", ""),
                               error=f"Too many attempts: try again in {int(wait) + 1} seconds."), 429
    who = accounts.verify(secret) if (secret and accounts is not None) else None
    if who is None:
        return render_template("sign_in.html", next=request.form.get("next", ""),
                               error="That token is not valid, or has expired or been revoked."), 401
    session.clear()  # a fresh session (and CSRF token) for each sign-in
    session["token_id"] = who.token_id
    session["since"] = time.time()
    accounts.audit(who, "web.sign_in", who.token_id)
    flash(f"Signed in as {who.name or who.role} ({who.role}, {who.tenant}).")
    return redirect(_safe_next(request.form.get("next")))


def sign_out():
    who = g.get("principal")
    if who is not None:
        service("accounts").audit(who, "web.sign_out", who.token_id)
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("web.sign_in"))


def home():
    return redirect(url_for("web.search"))


def _unauthorised(_e):
    return _error(401, "Please sign in", "Your session has ended. Sign in again to continue.")


def _error(code: int, title: str, message: str):
    return render_template("error.html", code=code, title=title, message=message), code


__all__ = ["install", "csrf_token", "session_principal"]

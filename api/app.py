"""The Flask app factory: API blueprints under /api/v1, the web UI if installed, hardening for both."""
from __future__ import annotations

import logging
import os
import re
import time
import uuid
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Flask, g, request
from werkzeug.routing import PathConverter

from api.errors import register_error_handlers
from api.ratelimit import RateLimiter
from api.runtime import EXTENSION, Runtime, open_runtime
from learnloop.config import Config, load_config

log = logging.getLogger("learnloop.api")

DEFAULTS: dict[str, Any] = {
    "MAX_CONTENT_LENGTH": 50 * 1024 * 1024,  # uploads larger than this get 413
    "RATE_LIMIT_PER_MINUTE": 1200,  # per token; 0 switches limiting off
    "RATE_LIMIT_BURST": 600,
    "CORS_ORIGINS": [],  # CORS is off unless origins are listed here
    "SEARCH_REPAIR": True,  # index documents the store holds but search does not, at start
}
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class IdConverter(PathConverter):
    """Entity and document ids contain ':' and '/' ("review:bbscp:child-a", "bbscp/plan")."""
    regex = "[^/].*?"


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.request_id = getattr(g, "request_id", "-")
        except RuntimeError:  # outside a request
            record.request_id = "-"
        return True


def create_app(config: Config | Mapping[str, Any] | None = None, data_dir: str | os.PathLike | None = None) -> Flask:
    """The app for one data directory.

    config: a learnloop Config, or a mapping of Flask settings (DEFAULTS above, TESTING, SECRET_KEY...).
    data_dir: the data directory when config is not a Config ($LEARNLOOP_DATA or ./learnloop-data otherwise).
    """
    app = Flask("learnloop")
    app.config.update(DEFAULTS)
    ll_config = config if isinstance(config, Config) else load_config(data_dir)
    if isinstance(config, Mapping):
        app.config.update(config)
    for key, cast in (("RATE_LIMIT_PER_MINUTE", float), ("MAX_CONTENT_LENGTH", int)):
        env = os.environ.get(f"LEARNLOOP_{key}")
        if env:
            app.config[key] = cast(env)
    app.config.setdefault("SECRET_KEY", None)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(ll_config)
    app.json.sort_keys = False  # keep records in the order the domain builds them
    app.url_map.converters["id"] = IdConverter
    app.url_map.strict_slashes = False

    rt: Runtime = open_runtime(ll_config, repair=bool(app.config["SEARCH_REPAIR"]))
    rt.limiter = RateLimiter(float(app.config["RATE_LIMIT_PER_MINUTE"]), int(app.config["RATE_LIMIT_BURST"]))
    app.extensions[EXTENSION] = rt

    _install_request_hooks(app)
    register_error_handlers(app)
    app.register_blueprint(api_blueprint())
    from api.openapi import bp as openapi_bp

    app.register_blueprint(openapi_bp)
    _register_web(app)
    return app


def api_blueprint() -> Blueprint:
    """/api/v1: one nested blueprint per resource, all behind the bearer-token check."""
    from api.auth import authenticate
    from api.views import BLUEPRINTS

    bp = Blueprint("api", __name__, url_prefix="/api/v1")
    bp.before_request(authenticate)
    for child in BLUEPRINTS:
        bp.register_blueprint(child)
    return bp


def _register_web(app: Flask) -> None:
    """The web UI lives in web/ (its own issue); the API runs without it."""
    try:
        import web

        factory = getattr(web, "create_blueprint", None)
        if factory is not None:
            bp = factory()
        else:
            from web.views import bp
    except ImportError as exc:
        # a missing or half-installed web UI must not take the API down with it
        log.warning("web UI not available: %s", exc)
        return
    except Exception:
        log.exception("web UI failed to load; serving the API only")
        return
    app.register_blueprint(bp)


def _secret_key(config: Config) -> str:
    """A per-data-directory session key, kept in a file only the owner can read.

    Written to a temporary file and linked into place, so workers starting together agree on one key."""
    path = config.data_dir / "secret_key"
    if not path.exists():
        tmp = path.with_name(f".secret_key.{os.getpid()}.{uuid.uuid4().hex}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(os.urandom(32).hex())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process won the race: use its key
        finally:
            tmp.unlink()
    return path.read_text().strip()


def _install_request_hooks(app: Flask) -> None:
    if not any(isinstance(f, _RequestIdFilter) for f in log.filters):
        log.addFilter(_RequestIdFilter())

    @app.before_request
    def _start() -> None:
        incoming = request.headers.get("X-Request-Id", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def _finish(resp):
        h = resp.headers
        h["X-Request-Id"] = g.get("request_id", "-")
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("Referrer-Policy", "no-referrer")
        h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        h.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        h.setdefault("Content-Security-Policy",
                     "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                     "frame-ancestors 'none'; form-action 'self'")
        if request.is_secure:
            h.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.path.startswith("/api/"):
            h.setdefault("Cache-Control", "no-store")
        origin = request.headers.get("Origin")
        if origin and origin in (app.config.get("CORS_ORIGINS") or []):
            h["Access-Control-Allow-Origin"] = origin
            h["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            h["Access-Control-Allow-Methods"] = "GET, POST, PATCH, PUT, DELETE"
            h["Vary"] = "Origin"
        principal = g.get("principal")
        log.info("%s %s %s %.1fms token=%s request=%s", request.method, request.path, resp.status_code,
                 (time.perf_counter() - g.get("started", time.perf_counter())) * 1000,
                 principal.token_id if principal else "-", g.get("request_id", "-"))
        return resp

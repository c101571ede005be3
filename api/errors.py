"""Errors as problem details (RFC 9457): a clear title and detail, never a stack trace."""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger("learnloop.api")

PROBLEM_TYPE = "about:blank"
PROBLEM_MEDIA = "application/problem+json"


class ApiError(Exception):
    """Raised by views: becomes a problem response with this status, title and detail."""

    def __init__(self, status: int, title: str, detail: str | None = None,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


def not_found(what: str) -> ApiError:
    # the same answer whether the thing is missing or hidden from the caller, so existence never leaks
    return ApiError(404, "Not Found", f"no {what} (or you may not see it)")


def bad_request(detail: str, **extra: Any) -> ApiError:
    return ApiError(400, "Bad Request", detail, **extra)


def problem(status: int, title: str, detail: str | None = None, headers: dict[str, str] | None = None,
            **extra: Any) -> Response:
    body: dict[str, Any] = {"type": PROBLEM_TYPE, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body["instance"] = request.path
    rid = getattr(g, "request_id", None)
    if rid:
        body["request_id"] = rid
    body.update(extra)
    resp = jsonify(body)
    resp.status_code = status
    resp.mimetype = PROBLEM_MEDIA
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def _wants_problem() -> bool:
    """API paths always get problem JSON; web pages get it unless the web blueprint handles the error."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        return problem(exc.status, exc.title, exc.detail, exc.headers, **exc.extra)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        if not _wants_problem():
            return exc
        detail = exc.description if status != 500 else None
        if status == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            detail = f"the upload is larger than the limit of {limit} bytes" if limit else "the upload is too large"
        headers = {}
        if status == 405 and getattr(exc, "valid_methods", None):
            headers["Allow"] = ", ".join(exc.valid_methods)
        return problem(status, exc.name, detail, headers)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        # logged with the request id so an operator can find it; the caller learns nothing of internals
        log.exception("unhandled error (request %s)", getattr(g, "request_id", "-"))
        return problem(500, "Internal Server Error",
                       "something went wrong on our side; quote the request id if you report it")

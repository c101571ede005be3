"""The OpenAPI 3 document at /api/openapi.json (kept true by tests/test_api_openapi.py)."""
from __future__ import annotations

from flask import Blueprint, jsonify

bp = Blueprint("openapi", __name__)


def spec() -> dict:
    return {"openapi": "3.0.3", "info": {"title": "learnloop API", "version": "1"}, "paths": {}}


@bp.get("/api/openapi.json")
def openapi_json():
    return jsonify(spec())

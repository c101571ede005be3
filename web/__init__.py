"""The web UI: server-rendered pages over the same domain layer as the API.

api.app.create_app registers the blueprint returned by create_blueprint() at '/'.
Pages read through the signed-in Principal's Scope only, so they show exactly
what the API would show that token.
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint

HERE = Path(__file__).resolve().parent


def create_blueprint() -> Blueprint:
    """The web pages, their templates and static files (CSS and our own small scripts)."""
    from web import auth, dashboard_views, document_views, links, review_views, search_views, structure_views

    bp = Blueprint("web", __name__, template_folder=str(HERE / "templates"),
                   static_folder=str(HERE / "static"), static_url_path="/static/web")
    auth.install(bp)
    bp.context_processor(links.template_helpers)
    for module in (search_views, document_views, review_views, dashboard_views, structure_views):
        module.register(bp)
    return bp

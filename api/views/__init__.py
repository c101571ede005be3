"""API resources, one blueprint module each, mounted under /api/v1 by api.app."""
from __future__ import annotations

from api.views import account, actions, documents, entities, export, measures, reviews, search, structure

BLUEPRINTS = [account.bp, search.bp, entities.bp, reviews.bp, actions.bp, structure.bp, documents.bp,
              export.bp, measures.bp]

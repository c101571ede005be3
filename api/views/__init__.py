"""API resources, one blueprint module each, mounted under /api/v1 by api.app."""
from __future__ import annotations

from api.views import account

BLUEPRINTS = [account.bp]

"""Audit records for writes made from the command line (the API audits its own)."""
from __future__ import annotations

import getpass
from typing import Any

from api.accounts import AccountStore
from learnloop.config import Config


def cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in some containers
        return "cli"


def audit_cli(config: Config, action: str, target: str, before: Any = None, after: Any = None) -> None:
    AccountStore(config.data_dir / "accounts.sqlite").audit(cli_actor(), action, target, before, after)

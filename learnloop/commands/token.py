"""learnloop token: arrives with the API issue."""
from __future__ import annotations

import argparse
import sys


def register(sub) -> None:
    p = sub.add_parser("token", help="(token: not available yet)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    print("learnloop token: not available yet (the Flask API issue has not landed)", file=sys.stderr)
    return 3

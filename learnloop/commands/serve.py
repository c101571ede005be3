"""learnloop serve: the API and web UI under gunicorn (Flask's own server only with --dev)."""
from __future__ import annotations

import argparse
import os

from learnloop.cli import UserError
from learnloop.config import load_config


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the API and web UI")
    p.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    p.add_argument("--workers", type=int, default=1,
                   help="processes (default 1: the search index has one writer; use --threads to scale)")
    p.add_argument("--threads", type=int, default=8, help="threads per process")
    p.add_argument("--dev", action="store_true", help="Flask's development server (never in production)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.data)
    if not 0 < args.port < 65536:
        raise UserError(f"--port {args.port}: use 1-65535")
    print(f"learnloop: serving {config.data_dir} at http://{args.host}:{args.port}/ "
          f"(API at /api/v1, OpenAPI at /api/openapi.json)", flush=True)
    if args.dev:
        from api.app import create_app

        create_app(config).run(host=args.host, port=args.port, debug=False, threaded=True)
        return 0
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError:
        raise UserError("gunicorn is not installed: `pip install gunicorn`, or use --dev") from None

    class LearnloopServer(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", max(1, args.workers))
            self.cfg.set("threads", max(1, args.threads))
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 120)
            if "control_socket_disable" in self.cfg.settings:
                # one shared control socket in $HOME would clash between servers of different data dirs
                self.cfg.set("control_socket_disable", True)

        def load(self):
            from api.app import create_app

            return create_app(config)

    LearnloopServer().run()
    return 0

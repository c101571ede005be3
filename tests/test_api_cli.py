"""learnloop token / tenant / demo-tokens / serve, run as a user would (subprocess, real data directory)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from api.accounts import AccountStore

# the installed console script, as a user runs it
LEARNLOOP = [str(Path(sys.executable).with_name("learnloop"))]


def run(data: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([*LEARNLOOP, "--data", str(data), *args], capture_output=True, text=True, timeout=120)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_token_create_list_revoke(tmp_path):
    made = run(tmp_path, "token", "create", "--tenant", "cbscp", "--role", "scrutineer", "--name", "Scrutineer",
               "--expires", "30")
    secret = made.stdout.strip().splitlines()[-1]
    assert secret.startswith("ll_") and " " not in secret
    accounts = AccountStore(tmp_path / "accounts.sqlite")
    who = accounts.verify(secret)
    assert (who.tenant, who.role, who.name) == ("cbscp", "scrutineer", "Scrutineer")
    listed = run(tmp_path, "token", "list").stdout
    assert who.token_id in listed and "active" in listed and secret not in listed
    run(tmp_path, "token", "revoke", who.token_id)
    assert accounts.verify(secret) is None
    assert "revoked" in run(tmp_path, "token", "list").stdout
    bad = run(tmp_path, "token", "create", "--tenant", "atlantis", "--role", "admin", check=False)
    assert bad.returncode == 2 and "unknown tenant 'atlantis'" in bad.stderr
    assert run(tmp_path, "token", "revoke", "tok_nothing", check=False).returncode == 2
    assert [r.action for r in accounts.audit_log(10)] == ["token.revoke", "token.create"]


def test_tenant_add_then_tokens_for_it(tmp_path):
    assert "bbscp" in run(tmp_path, "tenant", "list").stdout
    run(tmp_path, "tenant", "add", "mkscp", "--title", "Milton Keynes Safeguarding Children Partnership")
    assert "Milton Keynes" in run(tmp_path, "tenant", "list").stdout
    assert run(tmp_path, "tenant", "add", "mkscp", check=False).returncode == 2
    assert run(tmp_path, "tenant", "add", "Bad Name", check=False).returncode == 2
    made = run(tmp_path, "token", "create", "--tenant", "mkscp", "--role", "practitioner")
    assert AccountStore(tmp_path / "accounts.sqlite").verify(made.stdout.splitlines()[-1]).tenant == "mkscp"


def test_demo_tokens_one_per_role_and_rerun_replaces_them(tmp_path):
    out = run(tmp_path, "demo-tokens", "--url", "http://localhost:8123").stdout
    assert "http://localhost:8123/sign-in" in out
    accounts = AccountStore(tmp_path / "accounts.sqlite")
    secrets = [line.split()[-1] for line in out.splitlines() if line.strip().split()[0] in
               ("admin", "coordinator", "scrutineer", "practitioner")]
    roles = {(p.role, p.tenant) for p in map(accounts.verify, secrets)}
    assert roles == {("admin", "pan-beds"), ("coordinator", "pan-beds"), ("scrutineer", "bbscp"),
                     ("practitioner", "bbscp"), ("scrutineer", "cbscp"), ("practitioner", "lscp")}
    run(tmp_path, "demo-tokens")
    assert all(accounts.verify(s) is None for s in secrets)
    assert sum(t.active for t in accounts.list_tokens()) == 6


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_gunicorn_with_the_app(tmp_path):
    secret = run(tmp_path, "token", "create", "--tenant", "bbscp", "--role", "practitioner").stdout.split()[-1]
    port = _free_port()
    proc = subprocess.Popen([*LEARNLOOP, "--data", str(tmp_path), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        url = f"http://127.0.0.1:{port}/api/v1/me"
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=2)
            except urllib.error.HTTPError as exc:
                assert exc.code == 401 and exc.headers["Server"].startswith("gunicorn")
                break
            except OSError:
                assert proc.poll() is None and time.time() < deadline, "server did not start"
                time.sleep(0.3)
        req = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})
        with urllib.request.urlopen(req, timeout=5) as resp:
            assert resp.status == 200 and b'"role":"practitioner"' in resp.read().replace(b" ", b"")
    finally:
        proc.terminate()
        proc.wait(timeout=30)

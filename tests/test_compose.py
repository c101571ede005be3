"""docker-compose.yml, Dockerfile and .env.example, checked without a Docker engine.

The compose file is parsed and its wiring checked; the Dockerfile's COPY sources must exist and
its `pip install .` is replayed as plain shell on a copy of exactly what the COPY lines bring in.
"""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _env_example() -> dict[str, str]:
    out = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            out[key.strip()] = value.strip()
    return out


def _dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_services_volumes_and_healthcheck(compose):
    neo4j, app = compose["services"]["neo4j"], compose["services"]["app"]
    assert neo4j["image"] == "neo4j:5-community"
    assert "neo4j-data:/data" in neo4j["volumes"]
    hc = neo4j["healthcheck"]
    assert hc["test"][0] == "CMD-SHELL" and "cypher-shell" in hc["test"][1] and "RETURN 1" in hc["test"][1]
    assert hc["retries"] >= 5 and hc["interval"] and hc["start_period"]
    assert "NEO4J_AUTH" in neo4j["environment"]
    # the neo4j image would read NEO4J_USER/NEO4J_PASSWORD from an env_file as (invalid) settings
    assert "env_file" not in neo4j
    assert app["build"]["dockerfile"] == "Dockerfile" and (ROOT / app["build"]["context"] / "Dockerfile").exists()
    assert app["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert app["env_file"] == ".env"
    env = app["environment"]
    assert env["LEARNLOOP_GRAPH"] == "neo4j" and env["NEO4J_URI"] == "bolt://neo4j:7687"
    data_mounts = [v for v in app["volumes"] if v.split(":")[1] == env["LEARNLOOP_DATA"]]
    assert data_mounts and data_mounts[0].split(":")[0] in compose["volumes"]
    for service in compose["services"].values():
        for v in service.get("volumes", []):
            source = v.split(":")[0]
            assert source.startswith(("$", ".", "/")) or source in compose["volumes"], v


def test_env_example_gives_every_variable_the_stack_needs(compose):
    env = _env_example()
    assert {"NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"} <= set(env)
    assert len(env["NEO4J_PASSWORD"]) >= 8  # Neo4j 5 refuses shorter initial passwords
    text = (ROOT / "docker-compose.yml").read_text()
    required = set(re.findall(r"\$\{(\w+)(?::\?[^}]*)\}", text))  # ${VAR:?message}: compose fails without it
    assert required <= set(env), required - set(env)
    for var in re.findall(r"\$\{(\w+)(?::-[^}]*)\}", text):  # ${VAR:-default} are optional, documented
        assert var in (ROOT / ".env.example").read_text(), var


def test_dockerfile_runs_the_app_under_gunicorn_from_python_311_slim():
    steps = _dockerfile()
    assert steps[0] == ("FROM", "python:3.11-slim")
    cmd = next(args for word, args in steps if word == "CMD")
    argv = yaml.safe_load(cmd)  # exec form is a JSON array
    assert argv[:2] == ["learnloop", "serve"] and "--dev" not in argv  # `serve` without --dev is gunicorn
    from learnloop.cli import build_parser

    args = build_parser().parse_args(argv[1:])
    assert args.host == "0.0.0.0" and args.port == 5000
    env = " ".join(args for word, args in steps if word == "ENV")
    assert "LEARNLOOP_GRAPH=neo4j" in env and "LEARNLOOP_DATA=/data" in env
    assert any(word == "VOLUME" and "/data" in args for word, args in steps)


def test_dockerfile_copy_sources_exist_and_pip_install_works_on_them(tmp_path):
    context = tmp_path / "context"
    context.mkdir()
    for word, args in _dockerfile():
        if word != "COPY":
            continue
        parts = shlex.split(args)
        assert not any(p.startswith("--from") for p in parts)
        *sources, dest = parts
        for src in sources:
            path = ROOT / src
            assert path.exists(), f"Dockerfile COPY {src}: no such file in the build context"
            target = context / (Path(dest) / src if dest.endswith("/") or dest == "./" else dest)
            if path.is_dir():
                shutil.copytree(path, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
    run = [args for word, args in _dockerfile() if word == "RUN"]
    assert any("pip install ." in r for r in run)
    # The RUN's `pip install .` as far as it can go offline: setuptools builds the project metadata
    # from exactly what was copied (fails if pyproject, README or a listed package is missing).
    egg = tmp_path / "egg"
    egg.mkdir()
    result = subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "-q", "egg_info",
                             "--egg-base", str(egg)], cwd=context, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    [info] = list(egg.glob("*.egg-info"))
    assert "Name: learnloop" in (info / "PKG-INFO").read_text()
    requires = (info / "requires.txt").read_text()
    assert "neo4j" in requires and "gunicorn" in requires
    top_level = set((info / "top_level.txt").read_text().split())
    assert {"learnloop", "graph", "ingest", "search", "api", "web"} <= top_level
    sources = (info / "SOURCES.txt").read_text()
    assert "graph/schema.yaml" in sources and "graph/neo4j_store.py" in sources  # package data too


def test_dockerfile_healthcheck_url_answers_without_a_token(tmp_path):
    check = next(args for word, args in _dockerfile() if word == "HEALTHCHECK")
    [url] = re.findall(r"http://127\.0\.0\.1:5000(/[^'\"]*)", check)
    from api.app import create_app

    app = create_app({"TESTING": True}, data_dir=tmp_path)
    assert app.test_client().get(url).status_code == 200

"""docker-compose.yml: valid Compose, the whole stack in it, and every file it builds from present.

`docker compose up` cannot run here (no Docker engine), so these checks stand in for it: the file is
validated against the Compose Specification schema bundled with check-jsonschema, and each service,
job, dependency and referenced file is checked the way `docker compose` would need it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[1]
COMPOSE = REPO / "docker-compose.yml"
TEMPLATE = REPO / "deploy/nginx/imap.conf.template"
APIS = ("profiles", "map", "toolbox", "identity")
# The services that verify tokens and API keys with identity-api.
VERIFIERS = ("profiles", "map", "toolbox")


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    """Run check-jsonschema with its vendored compose-spec schema on `path`."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return YAML(typ="safe").load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, Any]:
    return compose["services"]


def dockerfile_copy_sources(dockerfile: Path) -> list[str]:
    """The local sources of every COPY/ADD in a Dockerfile (not those copied from a stage)."""
    sources: list[str] = []
    for line in dockerfile.read_text().splitlines():
        words = line.split()
        if not words or words[0].upper() not in ("COPY", "ADD"):
            continue
        args = [w for w in words[1:] if not w.startswith("--")]
        if any(w.startswith("--from") for w in words[1:]):
            continue
        sources += args[:-1]
    return sources


def test_compose_file_is_valid_against_the_compose_specification() -> None:
    result = validate(COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_broken_compose_file(tmp_path: Path) -> None:
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(COMPOSE.read_text().replace("    image: postgis/", "    imagee: postgis/", 1))
    result = validate(broken)
    assert result.returncode != 0
    assert "imagee" in result.stdout + result.stderr


def test_the_whole_stack_is_there(services: dict[str, Any]) -> None:
    expected = {"db", "gateway"} | {f"{a}-api" for a in APIS} | {f"{a}-migrate" for a in APIS}
    assert set(services) == expected


def test_database_is_postgis_15_bootstrapped_and_health_checked(services: dict[str, Any]) -> None:
    db = services["db"]
    assert db["image"] == "postgis/postgis:15-3.4"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    mounts = [v for v in db["volumes"] if isinstance(v, str) and v.startswith("./")]
    bootstrap = [m for m in mounts if m.split(":")[0] == "./deploy/sql/bootstrap.sql"]
    assert bootstrap and bootstrap[0].split(":")[1].startswith("/docker-entrypoint-initdb.d/")
    assert any(v.split(":")[1] == "/var/lib/postgresql/data" for v in db["volumes"])


def test_every_container_uses_the_database_the_db_service_creates(
    services: dict[str, Any],
) -> None:
    env = services["db"]["environment"]
    url = f"postgresql://{env['POSTGRES_USER']}:{env['POSTGRES_PASSWORD']}@db:5432/{env['POSTGRES_DB']}"
    for api in APIS:
        for name in (f"{api}-api", f"{api}-migrate"):
            assert services[name]["environment"]["DATABASE_URL"] == url, name


@pytest.mark.parametrize("api", APIS)
def test_migrate_job_migrates_and_seeds_once_the_database_is_healthy(
    services: dict[str, Any], api: str
) -> None:
    job, service = services[f"{api}-migrate"], services[f"{api}-api"]
    assert " ".join(job["command"]) == f"sh -c {api}-api migrate && {api}-api seed"
    assert job["depends_on"]["db"]["condition"] == "service_healthy"
    assert job["image"] == service["image"] and job["build"] == service["build"]


@pytest.mark.parametrize("api", APIS)
def test_service_starts_after_its_migration_and_is_health_checked(
    services: dict[str, Any], api: str
) -> None:
    service = services[f"{api}-api"]
    assert service["command"] == [f"{api}-api", "serve", "--host", "0.0.0.0", "--port", "8000"]
    condition = service["depends_on"][f"{api}-migrate"]["condition"]
    assert condition == "service_completed_successfully"
    assert "/healthz" in " ".join(service["healthcheck"]["test"])
    assert service["build"] == {"context": "./services", "dockerfile": f"{api}-api/Dockerfile"}


def test_gateway_publishes_8080_and_fills_every_template_placeholder(
    services: dict[str, Any],
) -> None:
    gateway = services["gateway"]
    assert "8080:8080" in gateway["ports"]
    placeholders = set(re.findall(r"\$\{([A-Z_]+)\}", TEMPLATE.read_text()))
    assert placeholders <= set(gateway["environment"]), placeholders - set(gateway["environment"])
    for api in APIS:
        assert gateway["environment"][f"{api.upper()}_UPSTREAM"] == f"{api}-api:8000"
        assert gateway["depends_on"][f"{api}-api"]["condition"] == "service_healthy"


def test_every_build_context_dockerfile_and_copied_path_exists(services: dict[str, Any]) -> None:
    builds = {name: s["build"] for name, s in services.items() if "build" in s}
    assert set(builds) >= {"gateway", *(f"{a}-api" for a in APIS)}
    for name, build in builds.items():
        context = REPO / build["context"]
        dockerfile = context / build.get("dockerfile", "Dockerfile")
        assert context.is_dir(), f"{name}: no build context {context}"
        assert dockerfile.is_file(), f"{name}: no {dockerfile}"
        for source in dockerfile_copy_sources(dockerfile):
            assert (context / source).exists(), f"{name}: {dockerfile} copies missing {source}"


def test_gateway_image_puts_the_template_where_the_nginx_image_renders_it() -> None:
    dockerfile = (REPO / "deploy/gateway/Dockerfile").read_text()
    assert "FROM node:20 AS client" in dockerfile and "FROM nginx:1.27-alpine" in dockerfile
    copy = "COPY deploy/nginx/imap.conf.template /etc/nginx/templates/imap.conf.template"
    assert copy in dockerfile
    assert "NGINX_ENVSUBST_FILTER" in dockerfile


@pytest.mark.parametrize("api", APIS)
def test_service_images_run_as_a_non_root_user_on_8000(api: str) -> None:
    dockerfile = (REPO / f"services/{api}-api/Dockerfile").read_text()
    assert "FROM python:3.11-slim" in dockerfile
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
    assert users and users[-1] not in ("root", "0")
    assert re.search(r"^EXPOSE 8000$", dockerfile, re.M)


@pytest.mark.parametrize("api", VERIFIERS)
def test_services_find_identity_api_and_start_after_it(services: dict[str, Any], api: str) -> None:
    service = services[f"{api}-api"]
    url = service["environment"]["IMAP_IDENTITY_URL"]
    assert url == "http://identity-api:8000"
    assert url.removeprefix("http://") == services["gateway"]["environment"]["IDENTITY_UPSTREAM"]
    # Ordered after identity-api, but not tied to its health: anonymous reading goes on without it.
    assert service["depends_on"]["identity-api"]["condition"] == "service_started"


def test_identity_api_keeps_its_development_key_in_a_named_volume(
    compose: dict[str, Any], services: dict[str, Any]
) -> None:
    identity = services["identity-api"]
    key_dir = identity["environment"]["IDENTITY_KEY_DIR"]
    mounts = dict(v.split(":", 1) for v in identity["volumes"])
    volume = next(name for name, target in mounts.items() if target == key_dir)
    assert volume in compose["volumes"], f"{volume} is not a named volume"
    assert identity["environment"]["IDENTITY_ROOT_PATH"] == "/api/identity"
    # The image creates that folder for its non-root user; a new named volume copies its owner.
    dockerfile = (REPO / "services/identity-api/Dockerfile").read_text()
    assert re.search(rf"install -d -o imap -g imap -m 0700 {re.escape(key_dir)}\b", dockerfile)
    # Development keys only: production means a mounted key, which compose does not configure.
    assert identity["environment"].get("IDENTITY_ENVIRONMENT", "development") == "development"


def test_gateway_build_context_lets_in_what_the_dockerfile_copies() -> None:
    ignore = (REPO / ".dockerignore").read_text().splitlines()
    # The context ignores everything and lets back in only these folders.
    assert "*" in ignore
    for source in dockerfile_copy_sources(REPO / "deploy/gateway/Dockerfile"):
        top = "/".join(Path(source).parts[:2]) if source.startswith("deploy/") else "frontend"
        assert f"!{top}/" in ignore, f"{source} is excluded from the gateway build context"

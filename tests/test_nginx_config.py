"""The gateway template: renders the same for the Docker image and `./imap run`, and the real nginx
accepts it and behaves as promised (prefix stripping, forwarded headers, request ids, problem+json
errors, the client and the docs page).

Uses the real nginx (/usr/sbin/nginx) and, for the image's rendering, the real awk and envsubst
with the exact commands of the nginx image's 20-envsubst-on-templates.sh.
"""

from __future__ import annotations

import gzip
import http.client
import json
import re
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from imapctl import health, nginx
from imapctl.procs import Child
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "deploy/nginx/imap.conf.template"
DOCS_ROOT = REPO / "deploy/nginx/docs"
NGINX_VARIABLES = (
    "$request_id",
    "$http_x_request_id",
    "$remote_addr",
    "$uri",
    "$imap_request_id",
    "$scheme",
    "$http_host",
)

# What /docker-entrypoint.d/20-envsubst-on-templates.sh in the nginx image does, for one file
# (the awk program is split with a backslash-newline, which sh removes inside double quotes).
IMAGE_ENVSUBST = r"""
filter="${NGINX_ENVSUBST_FILTER:-}"
defined_envs=$(printf '${%s} ' $(awk "END { for (name in ENVIRON) { \
print ( name ~ /${filter}/ ) ? name : \"\" } }" </dev/null))
envsubst "$defined_envs" < "$1" > "$2"
"""


def image_filter() -> str:
    """NGINX_ENVSUBST_FILTER as the gateway Dockerfile sets it."""
    text = (REPO / "deploy/gateway/Dockerfile").read_text()
    match = re.search(r'NGINX_ENVSUBST_FILTER="([^"]*)"', text)
    assert match, "the gateway Dockerfile must set NGINX_ENVSUBST_FILTER"
    return match.group(1).replace("\\$", "$")


def compose_gateway_env() -> dict[str, str]:
    compose = YAML(typ="safe").load((REPO / "docker-compose.yml").read_text())
    return {k: str(v) for k, v in compose["services"]["gateway"]["environment"].items()}


def image_environment(values: dict[str, str], *, with_filter: bool = True) -> dict[str, str]:
    """The environment inside the gateway container, plus lower-case names that would clash with
    nginx variables if the rendering replaced every defined variable."""
    env = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOSTNAME": "3f2a1c",
        "HOME": "/root",
        "NGINX_VERSION": "1.27.5",
        "PKG_RELEASE": "1",
        "request_id": "HIJACKED",
        "http_x_request_id": "HIJACKED",
        "uri": "HIJACKED",
        "scheme": "HIJACKED",
        "http_host": "HIJACKED",
        "remote_addr": "HIJACKED",
        **values,
    }
    if with_filter:
        env["NGINX_ENVSUBST_FILTER"] = image_filter()
    return env


def render_in_image_way(tmp_path: Path, env: dict[str, str]) -> str:
    """Render the template with the real awk + envsubst, exactly as the nginx image does."""
    out = tmp_path / "imap.conf"
    subprocess.run(["sh", "-c", IMAGE_ENVSUBST, "sh", str(TEMPLATE), str(out)], env=env, check=True)
    return out.read_text()


def local_values(static_root: Path, ports: dict[str, int]) -> dict[str, str]:
    return {
        "IMAP_GATEWAY_PORT": f"127.0.0.1:{ports['gateway']}",
        "PROFILES_UPSTREAM": f"127.0.0.1:{ports['profiles']}",
        "MAP_UPSTREAM": f"127.0.0.1:{ports['map']}",
        "TOOLBOX_UPSTREAM": f"127.0.0.1:{ports['toolbox']}",
        "IDENTITY_UPSTREAM": f"127.0.0.1:{ports['identity']}",
        "IMAP_STATIC_ROOT": str(static_root),
        "IMAP_DOCS_ROOT": str(DOCS_ROOT),
    }


@pytest.fixture
def static_root(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text('<!doctype html><div id="map"></div>')
    (root / "assets" / "index-3f9a.js").write_text("console.log('i-Map');\n" * 400)
    (root / "assets" / "maplibre-gl-worker-8c1d.mjs").write_text("self.onmessage = () => {};\n")
    (root / "countries.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    return root


@pytest.fixture
def ports() -> dict[str, int]:
    names = ("gateway", "profiles", "map", "toolbox", "identity")
    return dict(zip(names, health.free_ports(len(names)), strict=True))


# ---- rendering ---------------------------------------------------------------------------------


def test_template_placeholders_are_exactly_the_documented_ones() -> None:
    assert set(re.findall(r"\$\{(\w+)\}", TEMPLATE.read_text())) == set(nginx.PLACEHOLDERS)


def test_render_refuses_to_leave_a_placeholder_empty() -> None:
    values = {name: "x" for name in nginx.PLACEHOLDERS if name != "MAP_UPSTREAM"}
    with pytest.raises(ValueError, match="MAP_UPSTREAM"):
        nginx.render(TEMPLATE.read_text(), values)


def test_substitute_follows_envsubst_rules() -> None:
    text = "a ${MAP_UPSTREAM} b $MAP_UPSTREAM c $MAP_UPSTREAMS d $map_upstream e ${OTHER}"
    assert nginx.substitute(text, {"MAP_UPSTREAM": "m:1"}) == (
        "a m:1 b m:1 c $MAP_UPSTREAMS d $map_upstream e ${OTHER}"
    )


def test_image_rendering_equals_ours_and_keeps_nginx_variables(tmp_path: Path) -> None:
    values = compose_gateway_env()
    in_image = render_in_image_way(tmp_path, image_environment(values))
    ours = nginx.render(TEMPLATE.read_text(), values)
    assert in_image == ours
    assert nginx.render_like_image(TEMPLATE.read_text(), image_environment(values)) == ours
    assert "HIJACKED" not in in_image and "${" not in in_image
    for variable in NGINX_VARIABLES:
        assert variable in in_image, variable
    assert "server profiles-api:8000;" in in_image and "listen 8080;" in in_image
    assert "server identity-api:8000;" in in_image


def test_without_the_filter_the_image_would_clobber_nginx_variables(tmp_path: Path) -> None:
    # Shows what NGINX_ENVSUBST_FILTER protects against (and that the check above can fail).
    env = image_environment(compose_gateway_env(), with_filter=False)
    assert "HIJACKED" in render_in_image_way(tmp_path, env)


# ---- nginx -t ----------------------------------------------------------------------------------


def test_locally_rendered_config_passes_nginx_t(
    tmp_path: Path, static_root: Path, ports: dict[str, int]
) -> None:
    files = nginx.write_config(
        tmp_path / "nginx",
        local_values(static_root, ports),
        template=TEMPLATE,
        logs=tmp_path / "logs",
    )
    result = nginx.check_config(files)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    conf = files.conf.read_text()
    assert "daemon off;" in conf and f"pid {tmp_path}/nginx/nginx.pid;" in conf


def test_image_rendered_config_passes_nginx_t(
    tmp_path: Path, static_root: Path, ports: dict[str, int]
) -> None:
    env = image_environment(local_values(static_root, ports))
    files = nginx.write_config(
        tmp_path / "nginx",
        local_values(static_root, ports),
        template=TEMPLATE,
        logs=tmp_path / "logs",
    )
    files.prefix.joinpath("imap.conf").write_text(render_in_image_way(tmp_path, env))
    result = nginx.check_config(files)
    assert result.returncode == 0, result.stderr


def test_nginx_t_catches_a_broken_config(
    tmp_path: Path, static_root: Path, ports: dict[str, int]
) -> None:
    files = nginx.write_config(
        tmp_path / "nginx",
        local_values(static_root, ports),
        template=TEMPLATE,
        logs=tmp_path / "logs",
    )
    conf = files.prefix / "imap.conf"
    conf.write_text(conf.read_text().replace("proxy_pass http://imap_map/;", "proxy_pass;"))
    assert nginx.check_config(files).returncode != 0


# ---- behaviour through the real nginx ----------------------------------------------------------


class _EchoUpstream(BaseHTTPRequestHandler):
    """Answers every request with what it received, and an X-Request-ID of its own."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._echo(b"")

    def do_POST(self) -> None:
        self._echo(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    def _echo(self, received: bytes) -> None:
        seen = {
            "method": self.command,
            "path": self.path,
            "headers": dict(self.headers),
            "body": received.decode(),
        }
        body = json.dumps(seen).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Request-ID", "set-by-upstream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def gateway(tmp_path: Path, static_root: Path, ports: dict[str, int]) -> Iterator[int]:
    """nginx on the rendered template; profiles and identity -> echo servers, map and toolbox ->
    nothing."""
    upstreams = [
        ThreadingHTTPServer(("127.0.0.1", ports[name]), _EchoUpstream)
        for name in ("profiles", "identity")
    ]
    for upstream in upstreams:
        threading.Thread(target=upstream.serve_forever, daemon=True).start()
    files = nginx.write_config(
        tmp_path / "nginx",
        local_values(static_root, ports),
        template=TEMPLATE,
        logs=tmp_path / "logs",
    )
    child = Child("nginx", files.argv(), log_path=tmp_path / "logs" / "nginx.log").start()
    try:
        health.wait_for_status(
            f"http://127.0.0.1:{ports['gateway']}/api/docs",
            timeout=15,
            still_worth_waiting=child.alive,
        )
        yield ports["gateway"]
    finally:
        child.stop()
        for upstream in upstreams:
            upstream.shutdown()
            upstream.server_close()


def request(
    port: int,
    path: str,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    body: str | None = None,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def test_api_prefix_is_stripped_and_forwarded_headers_are_set(gateway: int) -> None:
    status, headers, body = request(gateway, "/api/profiles/v1/countries?limit=2")
    assert status == 200
    seen = json.loads(body)
    assert seen["path"] == "/v1/countries?limit=2"
    sent = seen["headers"]
    assert sent["Host"] == f"127.0.0.1:{gateway}"
    assert sent["X-Forwarded-Prefix"] == "/api/profiles"
    assert sent["X-Forwarded-Proto"] == "http"
    assert sent["X-Forwarded-For"] == "127.0.0.1"
    assert re.fullmatch(r"[0-9a-f]{32}", sent["X-Request-ID"])
    assert headers.get_all("X-Request-ID") == [sent["X-Request-ID"]]


def test_identity_prefix_reaches_identity_api(gateway: int) -> None:
    status, _, body = request(gateway, "/api/identity/.well-known/jwks.json")
    assert status == 200
    seen = json.loads(body)
    assert seen["path"] == "/.well-known/jwks.json"
    assert seen["headers"]["X-Forwarded-Prefix"] == "/api/identity"


def test_sign_in_form_and_bearer_token_pass_through(gateway: int) -> None:
    # What Swagger UI's Authorize button sends, and what a signed-in client sends afterwards.
    form = "grant_type=password&username=ops%40example.org&password=a+long+passphrase"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _, body = request(gateway, "/api/identity/v1/token", headers, "POST", form)
    seen = json.loads(body)
    assert status == 200 and seen["method"] == "POST" and seen["path"] == "/v1/token"
    assert seen["body"] == form
    assert seen["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    auth = {"Authorization": "Bearer eyJ.abc.def", "X-API-Key": "imap_0a1b2c3d_secret"}
    _, _, body = request(gateway, "/api/profiles/v1/countries", auth)
    sent = json.loads(body)["headers"]
    assert sent["Authorization"] == "Bearer eyJ.abc.def"
    assert sent["X-API-Key"] == "imap_0a1b2c3d_secret"


def test_a_forwarded_for_chain_from_the_client_is_not_passed_on(gateway: int) -> None:
    # Otherwise a forged left-most hop would pass for the client (per-address sign-in limits).
    forged = {"X-Forwarded-For": "203.0.113.9, 198.51.100.7"}
    for path in ("/api/identity/v1/token", "/api/profiles/v1/countries"):
        _, _, body = request(gateway, path, forged)
        assert json.loads(body)["headers"]["X-Forwarded-For"] == "127.0.0.1", path


def test_client_request_id_is_passed_upstream_and_returned(gateway: int) -> None:
    status, headers, body = request(gateway, "/api/profiles/healthz", {"X-Request-ID": "abc-123"})
    assert status == 200
    assert json.loads(body)["headers"]["X-Request-ID"] == "abc-123"
    assert headers.get_all("X-Request-ID") == ["abc-123"]


def test_unsafe_request_id_is_replaced(gateway: int) -> None:
    _, headers, body = request(gateway, "/api/profiles/healthz", {"X-Request-ID": 'x"<script>'})
    rid = headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", rid)
    assert json.loads(body)["headers"]["X-Request-ID"] == rid


def test_service_down_answers_problem_json_502(gateway: int) -> None:
    status, headers, body = request(gateway, "/api/map/v1/countries", {"X-Request-ID": "r-502"})
    assert status == 502
    assert headers["Content-Type"] == "application/problem+json"
    problem = json.loads(body)
    assert problem["status"] == 502 and problem["title"] == "Bad Gateway"
    assert problem["type"].endswith("/bad-gateway") and problem["detail"]
    assert problem["request_id"] == "r-502" == headers["X-Request-ID"]


def test_too_large_body_answers_problem_json_413(gateway: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", gateway, timeout=10)
    try:
        conn.putrequest("POST", "/api/profiles/v1/imports")
        conn.putheader("Content-Length", str(51 * 1024 * 1024))
        conn.endheaders()
        response = conn.getresponse()
        assert response.status == 413
        assert response.headers["Content-Type"] == "application/problem+json"
        assert json.loads(response.read())["status"] == 413
    finally:
        conn.close()


def test_unknown_api_path_is_a_json_404_not_the_client(gateway: int) -> None:
    status, headers, body = request(gateway, "/api/nothing/here")
    assert status == 404
    assert headers["Content-Type"] == "application/problem+json"
    assert json.loads(body)["status"] == 404


def test_prefix_without_slash_redirects_relative(gateway: int) -> None:
    status, headers, _ = request(gateway, "/api/profiles")
    assert status == 301 and headers["Location"] == "/api/profiles/"


def test_client_routes_fall_back_to_index_html_without_caching(gateway: int) -> None:
    for path in ("/", "/country/ARM", "/index.html"):
        status, headers, body = request(gateway, path)
        assert status == 200, path
        assert b'id="map"' in body
        assert headers["Cache-Control"] == "no-cache"


def test_hashed_assets_are_cached_long_and_gzipped(gateway: int) -> None:
    status, headers, body = request(gateway, "/assets/index-3f9a.js", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body).startswith(b"console.log")
    status, headers, _ = request(gateway, "/assets/maplibre-gl-worker-8c1d.mjs")
    assert status == 200
    assert headers["Content-Type"] in ("text/javascript", "application/javascript")
    status, headers, _ = request(gateway, "/assets/missing.js")
    assert status == 404 and "immutable" not in (headers["Cache-Control"] or "")


def test_geojson_files_have_their_media_type(gateway: int) -> None:
    status, headers, _ = request(gateway, "/countries.geojson")
    assert status == 200 and headers["Content-Type"] == "application/geo+json"


@pytest.mark.parametrize("path", ["/api/docs", "/api/docs/"])
def test_docs_page_is_served(gateway: int, path: str) -> None:
    status, headers, body = request(gateway, path)
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert b"SwaggerUIBundle" in body
    assert b"/api/profiles/_static/docs/swagger-ui-bundle.js" in body


def test_docs_page_offers_every_api_behind_the_gateway() -> None:
    page = (DOCS_ROOT / "index.html").read_text()
    options = re.findall(r'<option value="(\w+)">', page)
    table = dict(re.findall(r'^\s+(\w+): "(/api/\w+)",$', page, re.M))
    prefixes = re.findall(r"location \^~ (/api/\w+)/ \{", TEMPLATE.read_text())
    assert options == list(table) == ["profiles", "map", "toolbox", "identity"]
    assert set(table.values()) == set(prefixes) - {"/api/docs"}

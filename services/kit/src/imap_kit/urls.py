"""Public URLs as the client sees them: gateway prefix (root_path) and forwarded host included."""

from starlette.requests import Request


def public_path(request: Request) -> str:
    """The request path including the gateway prefix."""
    root = request.scope.get("root_path", "")
    path = request.url.path
    return path if not root or path.startswith(root) else root + path


def public_url(request: Request) -> str:
    """The full URL the client used."""
    scheme = request.headers.get("x-forwarded-proto", request.url.scheme)
    host = (
        request.headers.get("x-forwarded-host") or request.headers.get("host") or request.url.netloc
    )
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{scheme}://{host}{public_path(request)}{query}"

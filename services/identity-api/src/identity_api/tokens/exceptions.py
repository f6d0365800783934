"""Sign-in errors: all say as little as possible about whether an account exists."""

from imap_kit.errors import BadRequest, DomainError, TooManyRequests, Unauthorized


class InvalidCredentials(Unauthorized):
    """Wrong email or password, or a disabled account (deliberately not told apart)."""

    def __init__(self) -> None:
        DomainError.__init__(
            self,
            "The email or password is wrong, or the account is disabled.",
            headers={"WWW-Authenticate": 'Bearer realm="imap"'},
        )


class TooManySignInAttempts(TooManyRequests):
    """Too many recent failures for this email or from this address."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Too many failed sign-ins; try again in {retry_after} seconds.",
            headers={"Retry-After": str(retry_after)},
        )
        self.retry_after = retry_after


class UnsupportedGrantType(BadRequest):
    """Only the OAuth2 password grant is offered."""

    slug = "unsupported-grant-type"

    def __init__(self, grant_type: str) -> None:
        super().__init__(f"grant_type {grant_type!r} is not supported; use 'password'.")

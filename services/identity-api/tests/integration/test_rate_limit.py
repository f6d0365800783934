"""Failed sign-ins are limited per email (5) and per client address (20) within 15 minutes."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from identity_api.settings import IdentitySettings
from identity_api.tokens import service
from identity_api.tokens.exceptions import InvalidCredentials, TooManySignInAttempts
from sqlalchemy.ext.asyncio import AsyncSession

pytestmark = pytest.mark.integration
WRONG = "not the right passphrase"


async def test_sixth_failure_for_an_email_is_429_with_retry_after(make_user, sign_in) -> None:
    user = await make_user("editor")
    for attempt in range(5):
        res = await sign_in(user.email, WRONG, address=f"198.51.100.{attempt}")
        assert res.status_code == 401
    blocked = await sign_in(user.email, WRONG, address="198.51.100.99")
    assert blocked.status_code == 429
    assert blocked.headers["content-type"] == "application/problem+json"
    assert 0 < int(blocked.headers["retry-after"]) <= 900
    # Locked means locked: the right password does not get through either, for now.
    assert (await sign_in(user.email)).status_code == 429
    # Other accounts are not affected.
    other = await make_user("editor")
    assert (await sign_in(other.email)).status_code == 200


async def test_twenty_failures_from_one_address_block_it(make_user, sign_in) -> None:
    user = await make_user("editor")
    for n in range(20):
        res = await sign_in(f"guess{n}@example.org", WRONG, address="203.0.113.5")
        assert res.status_code == 401
    assert (await sign_in(user.email, address="203.0.113.5")).status_code == 429
    assert (await sign_in(user.email, address="203.0.113.6")).status_code == 200


async def test_a_success_does_not_reset_the_address_count_of_others(make_user, sign_in) -> None:
    user = await make_user("editor")
    for n in range(19):
        assert (
            await sign_in(f"guess{n}@example.org", WRONG, address="203.0.113.7")
        ).status_code == 401
    assert (await sign_in(user.email, address="203.0.113.7")).status_code == 200
    assert (await sign_in("guess19@example.org", WRONG, address="203.0.113.7")).status_code == 401
    assert (await sign_in("guess20@example.org", WRONG, address="203.0.113.7")).status_code == 429


async def test_own_success_clears_own_failures(make_user, sign_in) -> None:
    user = await make_user("editor")
    for _ in range(4):
        assert (await sign_in(user.email, WRONG)).status_code == 401
    assert (await sign_in(user.email)).status_code == 200
    for _ in range(5):
        assert (await sign_in(user.email, WRONG)).status_code == 401


async def test_failures_age_out_of_the_window(
    db_session: AsyncSession, app: FastAPI, make_user, password: str
) -> None:
    settings: IdentitySettings = app.state.settings
    issuer = service.Issuer.from_settings(app.state.keyring, settings)
    user = await make_user("editor")
    start = datetime.now(UTC)

    async def attempt(password: str, minutes: float) -> None:
        await service.sign_in(
            db_session,
            issuer,
            settings,
            grant_type="password",
            email=user.email,
            password=password,
            address="192.0.2.50",
            now=start + timedelta(minutes=minutes),
        )

    for minute in range(5):
        with pytest.raises(InvalidCredentials):
            await attempt(WRONG, minute)
    with pytest.raises(TooManySignInAttempts) as blocked:
        await attempt(WRONG, 5)
    # The first failure leaves the 15-minute window at minute 15; that is what Retry-After says.
    assert blocked.value.retry_after == 10 * 60
    await attempt(password, 15.01)  # no exception: signed in


async def test_limits_are_configurable(app: FastAPI, make_user, sign_in) -> None:
    app.state.settings.max_failures_per_email = 2
    user = await make_user("editor")
    assert [(await sign_in(user.email, WRONG)).status_code for _ in range(3)] == [401, 401, 429]

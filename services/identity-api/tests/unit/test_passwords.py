"""Password hashing (argon2id) and the password policy."""

from identity_api import passwords
from identity_api.passwords import policy_violation

EMAIL = "nino.beridze@example.org"


async def test_hash_is_argon2id_and_verifies_only_the_right_password() -> None:
    hashed = await passwords.hash_password("correct horse battery staple")
    assert hashed.startswith("$argon2id$")
    assert "correct horse" not in hashed
    assert await passwords.verify_password(hashed, "correct horse battery staple")
    assert not await passwords.verify_password(hashed, "correct horse battery stapler")
    assert not passwords.needs_rehash(hashed)


async def test_no_account_never_verifies() -> None:
    assert not await passwords.verify_password(None, "anything at all here")
    assert not await passwords.verify_password("not-a-hash", "anything at all here")


def test_policy_accepts_a_long_personal_passphrase() -> None:
    assert policy_violation("correct horse battery staple", email=EMAIL) is None
    assert policy_violation("Tbilisi-Yerevan 2026 talks", email=EMAIL) is None


def test_policy_rejects_short_passwords() -> None:
    assert policy_violation("Sh0rt!pass", email=EMAIL) == "must be at least 12 characters long"
    assert policy_violation("x" * 257, email=EMAIL) == "must be at most 256 characters long"


def test_policy_rejects_the_email_itself() -> None:
    assert policy_violation("Nino.Beridze@Example.org", email=EMAIL) == (
        "must not be the email address"
    )
    assert policy_violation("nino.beridze", email="nino.beridze@example.org") is not None


def test_policy_rejects_common_passwords_even_with_digits_added() -> None:
    for common in (
        "password1234",
        "qwertyuiop123",
        "123456789012",
        "Password2026!!",
        "iloveyou1234",
    ):
        assert policy_violation(common, email=EMAIL) == "is a well-known common password", common


def test_policy_rejects_repeated_characters() -> None:
    assert policy_violation("aaaaaaaaaaaaaaa", email=EMAIL) == "repeats one or two characters"

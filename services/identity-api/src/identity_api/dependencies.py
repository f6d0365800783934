"""Request-scoped inputs shared by the domains: settings, the key ring, the client's address."""

from __future__ import annotations

import ipaddress
from typing import Annotated

from fastapi import Depends, Request

from identity_api.keys import KeyRing
from identity_api.settings import IdentitySettings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _settings(request: Request) -> IdentitySettings:
    settings: IdentitySettings = request.app.state.settings
    return settings


def _keyring(request: Request) -> KeyRing:
    keyring: KeyRing = request.app.state.keyring
    return keyring


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _trusted(address: str, networks: list[Network] | None) -> bool:
    if networks is None:
        return True
    if not _is_ip(address):
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in net for net in networks)


def client_address(peer: str, forwarded_for: str | None, networks: list[Network] | None) -> str:
    """The client's address: from X-Forwarded-For when the peer is a trusted proxy, else the peer.

    nginx appends the address it saw to whatever X-Forwarded-For the client sent, so the entries on
    the left can be forged. We walk from the right past trusted proxies and take the first hop that
    is not one: the client as the gateway saw it.
    """
    if not forwarded_for or not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if not hops or not all(_is_ip(hop) for hop in hops):
        return peer  # a garbled header: fall back to what we can see
    untrusted = [hop for hop in hops if not _trusted(hop, networks)]
    # Same rule as uvicorn's proxy headers: when every hop is trusted, the left-most is the client.
    return untrusted[-1] if untrusted else hops[0]


def _client_address(request: Request) -> str:
    peer = request.client.host if request.client else "unknown"
    networks = _settings(request).trusted_networks()
    return client_address(peer, request.headers.get("x-forwarded-for"), networks)


SettingsDep = Annotated[IdentitySettings, Depends(_settings)]
KeyRingDep = Annotated[KeyRing, Depends(_keyring)]
ClientAddressDep = Annotated[str, Depends(_client_address)]

"""Which address failed sign-ins are counted against."""

import ipaddress

from identity_api.dependencies import client_address

LOCAL = [ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("::1/128")]


def test_direct_callers_are_their_peer_address() -> None:
    assert client_address("198.51.100.7", None, LOCAL) == "198.51.100.7"
    # A caller that is not the gateway cannot choose its address with the header.
    assert client_address("198.51.100.7", "203.0.113.1", LOCAL) == "198.51.100.7"


def test_behind_the_gateway_the_forwarded_client_counts() -> None:
    assert client_address("127.0.0.1", "203.0.113.9", LOCAL) == "203.0.113.9"


def test_a_forged_left_hop_does_not_change_the_address() -> None:
    # nginx appends the real client to whatever the client sent.
    assert client_address("127.0.0.1", "10.9.9.9, 203.0.113.9", LOCAL) == "203.0.113.9"


def test_garbled_header_falls_back_to_the_peer() -> None:
    assert client_address("127.0.0.1", "not-an-ip", LOCAL) == "127.0.0.1"
    assert client_address("127.0.0.1", " , ", LOCAL) == "127.0.0.1"


def test_trusting_everyone_takes_the_left_most_hop_like_uvicorn() -> None:
    assert client_address("172.18.0.5", "203.0.113.9, 172.18.0.4", None) == "203.0.113.9"

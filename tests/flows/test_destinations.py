"""The destination policy: pure classification of address ranges, and the guard on real loopback servers.

Only loopback is ever connected to. Ranges other than loopback are checked as logic; the guard itself is
shown refusing a loopback address outside the allow list (127.0.0.2 when only 127.0.0.1/32 is allowed).
"""

from __future__ import annotations

import ipaddress

import pytest

from flows.config import FetchConfig
from flows.destinations import DestinationPolicy, address_class, parse_networks
from flows.fetch import Fetcher, FetchError
from tests.loopback import LoopbackServer, Route

ONLY_127_0_0_1 = FetchConfig(connect_timeout=1, read_timeout=1, retries=2, backoff=0.01,
                             allow_private_networks=("127.0.0.1/32",))

REFUSED = {
    # IPv4
    "10.0.0.1": "private",
    "10.255.255.255": "private",
    "172.16.0.1": "private",
    "172.31.255.254": "private",
    "192.168.1.1": "private",
    "169.254.0.1": "link-local",
    "169.254.169.254": "link-local",  # cloud metadata
    "100.64.0.1": "shared address space",
    "100.127.255.254": "shared address space",
    "0.0.0.0": "unspecified",
    "0.1.2.3": None,  # "this network": refused, whatever the label
    "127.0.0.1": "loopback",
    "127.255.255.254": "loopback",
    "224.0.0.1": "multicast",
    "239.255.255.250": "multicast",
    "240.0.0.1": None,  # reserved (Python labels it private as well)
    "255.255.255.255": None,  # broadcast
    "192.0.0.8": None,
    "192.0.2.1": None,  # documentation
    "198.18.0.1": None,  # benchmarking
    # IPv6
    "::1": "loopback",
    "::": "unspecified",
    "fe80::1": "link-local",
    "febf:ffff::1": "link-local",
    "fc00::1": "private",
    "fd12:3456::1": "private",
    "fec0::1": "site-local",
    "ff02::1": "multicast",
    "ff0e::1": "multicast",
    "2001:db8::1": None,  # documentation
    # IPv4 inside IPv6
    "::ffff:127.0.0.1": "loopback",
    "::ffff:10.0.0.1": "private",
    "::ffff:169.254.169.254": "link-local",
    "::127.0.0.1": "loopback",  # deprecated IPv4-compatible form
    "64:ff9b::a00:1": "IPv4 translation prefix",  # NAT64 of 10.0.0.1
    "64:ff9b:1::a00:1": "IPv4 translation prefix",
    "2002:a00:1::": "IPv4 translation prefix",  # 6to4 of 10.0.0.1
    "2001::1": "IPv4 translation prefix",  # Teredo
}
PUBLIC = ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "2001:4860:4860::8888",
          "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address", sorted(REFUSED))
def test_non_public_ranges_are_refused(address):
    reason = DestinationPolicy().refusal(address)
    assert reason is not None
    assert address_class(ipaddress.ip_address(address)) == reason
    if REFUSED[address]:
        assert reason == REFUSED[address]


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address):
    assert address_class(ipaddress.ip_address(address)) is None
    assert DestinationPolicy().refusal(address) is None
    assert DestinationPolicy().refusal(ipaddress.ip_address(address)) is None


def test_allow_list():
    policy = DestinationPolicy(parse_networks(["10.0.0.0/8"]))
    assert policy.refusal("10.1.2.3") is None
    assert policy.refusal("::ffff:10.1.2.3") is None
    assert policy.refusal("192.168.1.1") == "private"
    assert policy.refusal("169.254.169.254") == "link-local"
    assert policy.refusal("11.0.0.1") is None  # public anyway
    loopback = DestinationPolicy(parse_networks("127.0.0.1/32, ::1/128"))
    assert loopback.refusal("127.0.0.1") is None and loopback.refusal("::1") is None
    assert loopback.refusal("::ffff:127.0.0.1") is None
    assert loopback.refusal("127.0.0.2") == "loopback"
    # An IPv6 network never admits an IPv4 address by accident, nor the reverse.
    assert DestinationPolicy(parse_networks(["::/0"])).refusal("10.0.0.1") == "private"
    assert DestinationPolicy(parse_networks(["0.0.0.0/0"])).refusal("fc00::1") == "private"


def test_parse_networks():
    assert parse_networks("10.0.0.0/8, 192.168.0.0/16,") == (ipaddress.ip_network("10.0.0.0/8"),
                                                              ipaddress.ip_network("192.168.0.0/16"))
    assert parse_networks(["10.1.2.3/8"]) == (ipaddress.ip_network("10.0.0.0/8"),)  # host bits forgiven
    assert parse_networks([]) == ()
    for bad in ("10.0.0.0/33", "example.com", "10.0.0.0/8; rm"):
        with pytest.raises(ValueError, match="allow_private_networks.*not an IP network"):
            parse_networks(["127.0.0.1/32", bad])


@pytest.mark.parametrize("check_robots", [True, False])
def test_loopback_outside_the_allow_list_is_never_contacted(check_robots):
    with LoopbackServer(host="127.0.0.2") as outside, Fetcher(ONLY_127_0_0_1) as fetcher:
        outside.routes["/page"] = Route(b"secret")
        with pytest.raises(FetchError, match=r"destination policy.*127\.0\.0\.2 \(loopback\)") as error:
            fetcher.get(outside.url("/page"), check_robots=check_robots)
        assert error.value.final
        assert fetcher.requests_sent == 1  # refused before connecting, and not retried
    assert outside.requests == []


def test_redirect_hop_to_a_refused_address():
    with LoopbackServer() as inside, LoopbackServer(host="127.0.0.2") as outside:
        outside.routes["/metadata"] = Route(b"secret")
        inside.routes["/go"] = Route(status=302, location=outside.url("/metadata"))
        with Fetcher(ONLY_127_0_0_1) as fetcher, pytest.raises(FetchError, match="destination policy") as error:
            fetcher.get(inside.url("/go"))
        assert error.value.final
    assert inside.hits["/go"] == 1
    assert outside.requests == []


def test_hostname_is_checked_after_resolution():
    # localhost resolves to 127.0.0.1 (and ::1): neither is in the allow list, so nothing connects.
    config = FetchConfig(connect_timeout=1, read_timeout=1, retries=2, backoff=0.01,
                         allow_private_networks=("127.0.0.2/32",))
    with LoopbackServer() as server, Fetcher(config) as fetcher:
        server.routes["/page"] = Route(b"secret")
        with pytest.raises(FetchError, match=r"destination policy: localhost resolves to") as error:
            fetcher.get(f"http://localhost:{server.port}/page")
        assert error.value.final
    assert server.requests == []


def test_connects_to_the_checked_address_only(monkeypatch):
    """A name resolving to an allowed and a refused address: only the allowed one is connected to."""
    from flows import fetch

    with LoopbackServer() as allowed:
        with LoopbackServer(host="127.0.0.2", port=allowed.port) as refused:
            for server in (allowed, refused):
                server.routes["/page"] = Route(server.host.encode())

            async def resolve(self, host, port):
                assert host == "localhost"
                return ["127.0.0.2", "127.0.0.1"]

            monkeypatch.setattr(fetch._GuardedBackend, "_resolve", resolve)
            with Fetcher(ONLY_127_0_0_1) as fetcher:
                fetched = fetcher.get(f"http://localhost:{allowed.port}/page")
    assert fetched.body == b"127.0.0.1"
    assert refused.requests == []
    assert allowed.seen("/page")[0].headers["Host"] == f"localhost:{allowed.port}"

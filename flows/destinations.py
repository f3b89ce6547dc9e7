"""Which network addresses the fetcher may connect to: public ones, plus networks the operator allows."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Ranges the ipaddress module's flags miss: carrier-grade NAT is reachable inside many clouds, and the
# NAT64/6to4/Teredo prefixes embed IPv4 addresses a feed could use to reach a private host indirectly.
_SHARED = ipaddress.ip_network("100.64.0.0/10")
# IETF protocol assignments (RFC 6890); older Pythons call most of it global.
_PROTOCOL_ASSIGNMENTS = ipaddress.ip_network("192.0.0.0/24")
_TRANSLATED = tuple(ipaddress.ip_network(n) for n in ("64:ff9b::/96", "64:ff9b:1::/48", "2002::/16", "2001::/32"))


class RefusedDestination(Exception):
    """The destination is outside what the destination policy allows; nothing was sent."""

    def __init__(self, host: str, address: str, reason: str):
        super().__init__(f"refused by the destination policy: {host} resolves to {address} ({reason}); "
                         f"allow it with [fetch] allow_private_networks")
        self.host, self.address, self.reason = host, address, reason


def address_class(address: IPAddress) -> str | None:
    """Why ``address`` is not a public unicast address (e.g. ``"loopback"``), or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or _ipv4_compatible(address)
        if embedded is not None:
            return address_class(embedded)
        if any(address in network for network in _TRANSLATED):
            return "IPv4 translation prefix"
    for label, flagged in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        # Deprecated IPv6 site-local (fec0::/10), which the is_global flag misses.
        ("site-local", isinstance(address, ipaddress.IPv6Address) and address.is_site_local),
    ):
        if flagged:
            return label
    if isinstance(address, ipaddress.IPv4Address) and address in _SHARED:
        return "shared address space"
    if isinstance(address, ipaddress.IPv4Address) and address in _PROTOCOL_ASSIGNMENTS:
        return "IETF protocol assignments"
    if not address.is_global:
        return "not globally routable"
    return None


def _ipv4_compatible(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    # The deprecated ::a.b.c.d form; ::1 and :: are IPv6 loopback and unspecified, not IPv4.
    packed = address.packed
    if packed[:12] == bytes(12) and int(address) > 1:
        return ipaddress.IPv4Address(packed[12:])
    return None


def parse_networks(values: str | list[str] | tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """CIDRs from a list or a comma-separated string; a bad one raises ValueError naming it."""
    if isinstance(values, str):
        values = [value for value in values.split(",")]
    networks = []
    for value in values:
        value = value.strip()
        if not value:
            continue
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ValueError(f"allow_private_networks: {value!r} is not an IP network (e.g. 10.0.0.0/8)") from None
    return tuple(networks)


@dataclass(frozen=True)
class DestinationPolicy:
    """Public addresses are allowed; others only inside ``allowed`` networks."""

    allowed: tuple[IPNetwork, ...] = ()

    def refusal(self, address: str | IPAddress) -> str | None:
        """Why the policy refuses ``address``, or None when a connection to it is allowed."""
        ip = ipaddress.ip_address(address) if isinstance(address, str) else address
        reason = address_class(ip)
        if reason is None:
            return None
        candidates = [ip]
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            candidates.append(ip.ipv4_mapped)
        if any(candidate in network for candidate in candidates for network in self.allowed
               if candidate.version == network.version):
            return None
        return reason

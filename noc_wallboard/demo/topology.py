"""The demo fleet's fixed shape: clients, their sites and hosts.

The layout is fixed (not seeded) so host names stay the same across runs and seeds; only the
behaviour of the fleet depends on the seed.
"""

from __future__ import annotations

from dataclasses import dataclass

# Services that answer HTTP and therefore have a blackbox-style latency probe.
WEB_FACING = frozenset({"web", "lb", "api"})


@dataclass(frozen=True)
class ClientSpec:
    name: str
    title: str
    sites: tuple[str, str]
    services: tuple[tuple[str, int], ...]  # (service, number of hosts)


CLIENT_SPECS: tuple[ClientSpec, ...] = (
    ClientSpec(
        "acme",
        "ACME Corporation",
        ("acme-ams", "acme-fra"),
        (("web", 3), ("db", 2), ("cache", 1), ("lb", 2)),
    ),
    ClientSpec(
        "globex",
        "Globex Industries",
        ("globex-nyc", "globex-chi"),
        (("web", 2), ("api", 2), ("db", 2), ("cache", 2), ("lb", 1)),
    ),
    ClientSpec(
        "initech",
        "Initech",
        ("initech-lon", "initech-dub"),
        (("web", 2), ("db", 2), ("cache", 1), ("lb", 1), ("backup", 1)),
    ),
    ClientSpec(
        "umbrella",
        "Umbrella Health",
        ("umbrella-sin", "umbrella-syd"),
        (("web", 3), ("api", 2), ("db", 2), ("cache", 1), ("lb", 2)),
    ),
)


@dataclass(frozen=True)
class Host:
    name: str
    client: str
    site: str
    service: str
    address: str  # a plausible private IP, only used in scrape error messages

    @property
    def instance(self) -> str:
        return f"{self.name}:9100"

    @property
    def web_facing(self) -> bool:
        return self.service in WEB_FACING

    def labels(self) -> dict[str, str]:
        """Target labels as relabelled by a typical node-exporter scrape config."""
        return {
            "client": self.client,
            "instance": self.instance,
            "job": "node",
            "service": self.service,
            "site": self.site,
        }


def build_hosts() -> tuple[Host, ...]:
    hosts: list[Host] = []
    for client_index, spec in enumerate(CLIENT_SPECS):
        ordinal = 0
        for service, count in spec.services:
            for number in range(1, count + 1):
                # Alternate sites so every service is spread across both of them.
                site_index = (number - 1) % 2
                ordinal += 1
                hosts.append(
                    Host(
                        name=f"{spec.name}-{service}-{number:02d}",
                        client=spec.name,
                        site=spec.sites[site_index],
                        service=service,
                        address=f"10.{client_index + 1}.{site_index + 1}.{10 + ordinal}",
                    )
                )
    return tuple(hosts)

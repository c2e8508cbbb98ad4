"""Maps a source's `kind` in the config to the adapter that serves it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Union

from noc_wallboard.adapters.alerta import AlertaSource
from noc_wallboard.adapters.alertmanager import AlertmanagerSource
from noc_wallboard.adapters.http import HttpClients
from noc_wallboard.adapters.prom_alert_source import PrometheusAlertsSource
from noc_wallboard.adapters.prometheus import PrometheusSource
from noc_wallboard.config.convert import severity_map
from noc_wallboard.config.schema import SourceConfig

AnySource = Union[  # noqa: UP007 - alias for readability
    PrometheusSource, AlertmanagerSource, PrometheusAlertsSource, AlertaSource
]


def _prometheus(config: SourceConfig, clients: HttpClients) -> AnySource:
    return PrometheusSource(config, clients.client_for(config.http, config.name))


def _alertmanager(config: SourceConfig, clients: HttpClients) -> AnySource:
    return AlertmanagerSource(
        config, clients.client_for(config.http, config.name), severity_map(config)
    )


def _prometheus_alerts(config: SourceConfig, clients: HttpClients) -> AnySource:
    return PrometheusAlertsSource(
        config, clients.client_for(config.http, config.name), severity_map(config)
    )


def _alerta(config: SourceConfig, clients: HttpClients) -> AnySource:
    return AlertaSource(config, clients.client_for(config.http, config.name), severity_map(config))


FACTORIES: dict[str, Callable[[SourceConfig, HttpClients], AnySource]] = {
    "prometheus": _prometheus,
    "alertmanager": _alertmanager,
    "prometheus_alerts": _prometheus_alerts,
    "alerta": _alerta,
}


def build_source(config: SourceConfig, clients: HttpClients) -> AnySource:
    return FACTORIES[config.kind](config, clients)

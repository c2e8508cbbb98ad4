"""`[[panels]]` keys of the health issue: kinds, no_data, group_by, sparkline, interval."""

from __future__ import annotations

from datetime import timedelta

import pytest

from noc_wallboard.config import convert
from noc_wallboard.config.loader import ConfigError, parse_config
from noc_wallboard.domain.health import Direction, PanelKind, TileStatus

SOURCE = '[[sources]]\nname = "p"\nkind = "prometheus"\nurl = "http://127.0.0.1:9090"\n'


def specs(panels: str):
    return convert.panel_specs(parse_config(SOURCE + panels, "/etc/board.toml"))


def test_full_query_panel():
    (spec,) = specs(
        '[[panels]]\nname = "CPU"\nsource = "p"\nquery = "x"\nno_data = "critical"\n'
        'group_by = "client"\nsparkline = "1h"\nsparkline_width = 60\ninterval = "30s"\n'
    )
    assert spec.no_data is TileStatus.CRITICAL and spec.group_by == "client"
    assert spec.sparkline == timedelta(hours=1) and spec.sparkline_step() == timedelta(minutes=1)
    assert spec.interval == timedelta(seconds=30) and spec.tile_labels == ("instance",)


def test_builtin_panels_take_defaults():
    targets, alerts = specs(
        '[[panels]]\nname = "T"\nsource = "p"\nkind = "targets"\n'
        '[[panels]]\nname = "A"\nsource = "p"\nkind = "alerts"\ncritical = 3\n'
    )
    assert targets.kind is PanelKind.TARGETS and targets.tile_labels == ("job", "instance")
    assert targets.thresholds.direction is Direction.BELOW and targets.unit == "up"
    assert alerts.kind is PanelKind.ALERTS and alerts.thresholds.critical == 3


@pytest.mark.parametrize(
    ("panel", "expected"),
    [
        ('name = "x"\nsource = "p"', "panels[0]: query: required"),
        ('name = "x"\nsource = "p"\nkind = "targets"\nquery = "up"', "takes no PromQL"),
        ('name = "x"\nsource = "p"\nquery = "up"\nno_data = "green"', "panels[0].no_data"),
        ('name = "x"\nsource = "p"\nquery = "up"\nsparkline_width = 5', "sparkline_width"),
        ('name = "x"\nsource = "p"\nquery = "up"\ninterval = "100ms"', "at least 1s"),
        ('name = "x"\nsource = "p"\nkind = "alerts"\nsparkline = "1h"', "sparkline: not"),
    ],
)
def test_invalid_panels_name_the_key(panel, expected):
    with pytest.raises(ConfigError) as err:
        parse_config(SOURCE + "[[panels]]\n" + panel + "\n", "/etc/board.toml")
    rendered = err.value.render()
    assert rendered.startswith("/etc/board.toml: invalid configuration")
    assert expected in rendered, rendered


def test_targets_warning_keeps_the_builtin_direction():
    (targets,) = specs('[[panels]]\nname = "T"\nsource = "p"\nkind = "targets"\nwarning = 0.5\n')
    assert targets.thresholds.direction is Direction.BELOW
    assert targets.thresholds.evaluate(0.0) is TileStatus.CRITICAL  # down is still critical
    assert targets.thresholds.evaluate(1.0) is TileStatus.OK  # up is not "above 0.5"
    (alerts,) = specs('[[panels]]\nname = "A"\nsource = "p"\nkind = "alerts"\ncritical = 5\n')
    assert alerts.thresholds.warning == 1 and alerts.thresholds.critical == 5


def test_no_data_expiry_and_max_series():
    (spec,) = specs('[[panels]]\nname = "C"\nsource = "p"\nquery = "x"\n')
    assert spec.no_data_expiry == timedelta(hours=1) and spec.max_series == 5000
    (spec,) = specs(
        '[[panels]]\nname = "C"\nsource = "p"\nquery = "x"\nno_data_expiry = "15m"\n'
        "max_series = 200\n"
    )
    assert spec.no_data_expiry == timedelta(minutes=15) and spec.max_series == 200


@pytest.mark.parametrize(
    ("panel", "expected"),
    [
        ('query = "x"\nwarning = 95\ncritical = 80', "panels[0]: warning: warning (95) is above"),
        (
            'query = "x"\nwarning = 10\ncritical = 20\ndirection = "below"',
            "panels[0]: warning: warning (10) is below",
        ),
        ('kind = "alerts"\ncritical = 0.5', "panels[0]: critical: warning (1) is above"),
        ('query = "x"\nwarning = nan', "panels[0].warning: NaN is not a threshold"),
        ('query = "x"\ncritical = nan', "panels[0].critical: NaN is not a threshold"),
        ('query = "x"\nsparkline = "8d"', "panels[0].sparkline: must be at most 7d"),
        ('query = "x"\nno_data_expiry = "0s"', "panels[0].no_data_expiry"),
        ('query = "x"\nmax_series = 0', "panels[0].max_series"),
    ],
)
def test_bad_thresholds_and_limits_name_the_key(panel, expected):
    with pytest.raises(ConfigError) as err:
        parse_config(
            SOURCE + '[[panels]]\nname = "x"\nsource = "p"\n' + panel + "\n", "/etc/board.toml"
        )
    assert expected in err.value.render(), err.value.render()

from __future__ import annotations

from datetime import time, timedelta

from noc_wallboard.domain.calendar import BusinessHours
from noc_wallboard.domain.sla import compute_clock
from noc_wallboard.presentation import clock_vm
from tests.factories import NOW

T15 = timedelta(minutes=15)
OFFICE = BusinessHours("office", "UTC", {d: ((time(9), time(17)),) for d in range(1, 8)})


def test_running_at_risk_breached_tokens_follow_time_between_polls():
    clock = compute_clock(NOW, T15, None, NOW, 0.75)
    assert clock_vm(clock, NOW + timedelta(minutes=5), "respond").token == "clock.running"
    risky = clock_vm(clock, NOW + timedelta(minutes=12), "respond")
    # Never colour alone: an at-risk clock says so beside it and under it.
    assert risky.token == "clock.at_risk" and risky.badge == "\u26a0"
    assert risky.caption == "respond \u00b7 at risk \u00b7 24\u00d77"
    late = clock_vm(clock, NOW + timedelta(minutes=16), "respond")
    assert late.token == "clock.breached" and late.text == "\u221201:00"
    assert late.caption == "respond \u00b7 breached \u00b7 24\u00d77" and late.badge == ""


def test_stopped_clocks_say_met_or_by_how_much_they_missed():
    met = compute_clock(NOW, T15, NOW + timedelta(minutes=3), NOW + timedelta(hours=1), 0.75)
    assert clock_vm(met, NOW + timedelta(hours=2), "respond").text == "met"
    missed = compute_clock(NOW, T15, NOW + timedelta(minutes=20), NOW + timedelta(hours=1), 0.75)
    vm = clock_vm(missed, NOW + timedelta(hours=2), "respond")
    assert vm.text == "\u221205:00" and vm.token == "clock.breached"


def test_business_and_paused_clocks_say_so():
    start = NOW.replace(hour=10)
    clock = compute_clock(start, T15, None, start, 0.75, OFFICE)
    vm = clock_vm(clock, start, "respond")
    assert vm.badge == "BH" and "business hours (office)" in vm.caption
    paused = compute_clock(start, T15, None, start, 0.75, None, ((start, None),))
    vm = clock_vm(paused, start + timedelta(hours=1), "resolve")
    assert vm.badge == "PAUSED" and vm.token == "clock.paused" and vm.text == "15:00"

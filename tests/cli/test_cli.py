"""The command line as scripts use it: exit statuses and messages, no tracebacks."""

from __future__ import annotations

import json

import pytest

from noc_wallboard.cli import main


def test_malformed_config_exits_2_naming_file_and_key(tmp_path, capsys):
    cfg = tmp_path / "board.toml"
    cfg.write_text('[board]\ntitel = "x"\n')
    assert main(["snapshot", "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert str(cfg) in err and "board.titel" in err and "Traceback" not in err


def test_check_config_malformed_exits_2(tmp_path, capsys):
    cfg = tmp_path / "board.toml"
    cfg.write_text("[board\n")
    assert main(["check-config", "--config", str(cfg)]) == 2
    assert "not valid TOML" in capsys.readouterr().err


def test_snapshot_with_unreachable_sources_exits_0_with_errors(tmp_path, capsys, free_port):
    cfg = tmp_path / "board.toml"
    cfg.write_text(
        f'[[sources]]\nname = "am"\nkind = "alertmanager"\nurl = "http://127.0.0.1:{free_port}"\n'
        'timeout = "2s"\n'
    )
    assert main(["snapshot", "--config", str(cfg), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    (source,) = doc["sources"]
    assert source["ok"] is False and source["error"].startswith("unavailable:")
    assert doc["incidents"]["items"] == []
    assert doc["incidents"]["counts"]["unknown"] == {"total": 0, "unacknowledged": 0}


def test_check_config_reports_unreachable_source_nonzero(tmp_path, capsys, free_port):
    cfg = tmp_path / "board.toml"
    cfg.write_text(
        f'[[sources]]\nname = "prom"\nkind = "prometheus"\nurl = "http://127.0.0.1:{free_port}"\n'
    )
    assert main(["check-config", "--config", str(cfg)]) == 1
    out = capsys.readouterr().out
    assert "configuration is valid" in out and "FAILED" in out and "prom" in out


def test_bad_size_is_a_usage_error(tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["screenshot", "--demo", "--size", "huge", "-o", str(tmp_path / "x.png")])
    assert exc.value.code == 2


def test_options_before_the_subcommand_are_kept(tmp_path, capsys, free_port):
    cfg = tmp_path / "board.toml"
    cfg.write_text('[board]\ntitle = "Before"\n')
    assert main(["--config", str(cfg), "snapshot"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Before"


def test_demo_and_config_exclude_each_other(tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["--demo", "snapshot", "--config", str(tmp_path / "x.toml")])
    assert exc.value.code == 2


def test_unwritable_screenshot_is_a_message_not_a_traceback(tmp_path, capsys, free_port):
    cfg = tmp_path / "board.toml"
    cfg.write_text("")
    assert main(["screenshot", "--config", str(cfg), "-o", "/proc/nope/board.png"]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_ack_of_an_unknown_id_exits_1_and_queues_nothing(capsys):
    assert main(["--demo", "ack", "ffffffffffffffff", "--by", "carol"]) == 1
    assert "no open incident with this id" in capsys.readouterr().err


def test_ack_when_the_store_is_down_says_it_cannot_find_the_incident(tmp_path, capsys, free_port):
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'[[sources]]\nname = "am"\nkind = "alertmanager"\nurl = "http://127.0.0.1:{free_port}"\n'
        f'[ledger]\npath = "{tmp_path / "ledger.sqlite3"}"\n'
    )
    assert main(["ack", "0123456789abcdef", "--config", str(cfg)]) == 1
    assert "am did not answer" in capsys.readouterr().err


def test_demo_ack_confirms_and_wait_0_only_queues(capsys):
    """The demo's Alertmanager takes a real silence; exit statuses say what happened."""
    import json

    assert main(["--demo", "snapshot"]) == 0
    doc = json.loads(capsys.readouterr().out)
    target = next(i for i in doc["incidents"]["items"] if i["state"] == "open")
    assert main(["--demo", "ack", f"alertmanager:{target['id']}", "--by", "carol"]) == 0
    assert "confirmed by carol" in capsys.readouterr().out
    assert main(["--demo", "ack", target["id"], "--wait", "0"]) == 3
    assert "queued ack" in capsys.readouterr().out

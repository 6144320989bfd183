"""``flask showcase expire-offers`` runs on an upgraded database and says how many offers it
expired (cron runs it beside the outbox worker)."""

from __future__ import annotations

from tests.helpers import make_app


def test_expire_offers_command_reports_how_many_expired(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'offers.db'}")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    result = runner.invoke(args=["showcase", "expire-offers"])
    assert result.exit_code == 0, result.output
    assert result.output == "Expired offers: 0\n"

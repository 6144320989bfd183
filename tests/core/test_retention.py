"""``flask showcase purge`` applies every retention rule the features register, each in its own
unit of work, and says how many records each purged."""

from __future__ import annotations

from datetime import UTC, datetime

from showcase.accounts.models import User
from showcase.core.retention import register_purger, retention_rules
from showcase.extensions import db
from tests import factories


def test_purge_runs_every_rule_with_the_current_time_and_reports_each(app, runner):
    seen: list[datetime] = []

    def purge_old_accounts(now: datetime) -> int:
        seen.append(now)
        # A rule deletes rows through the session of the unit of work the command opened.
        doomed = db.session.scalars(db.select(User).where(User.email.like("old-%"))).all()
        for user in doomed:
            db.session.delete(user)
        return len(doomed)

    with app.app_context():
        factories.user("organiser", email="old-one@depa.example")
        factories.user("organiser", email="kept@depa.example")
        db.session.commit()
    rules_before = len(retention_rules_of(app))
    register_purger(app, "Old accounts", purge_old_accounts)
    register_purger(app, "Nothing due", lambda now: 0)

    result = runner.invoke(args=["showcase", "purge"])

    assert result.exit_code == 0, result.output
    assert "Old accounts: 1 purged" in result.output
    assert "Nothing due: 0 purged" in result.output
    assert len(seen) == 1 and seen[0].tzinfo is not None
    assert abs((datetime.now(UTC) - seen[0]).total_seconds()) < 60
    with app.app_context():
        emails = set(db.session.scalars(db.select(User.email)))
        assert "old-one@depa.example" not in emails and "kept@depa.example" in emails
        assert len(retention_rules()) == rules_before + 2
    again = runner.invoke(args=["showcase", "purge"])
    assert "Old accounts: 0 purged" in again.output


def retention_rules_of(app):
    with app.app_context():
        return retention_rules()

"""The audit log of an event, for administrators: the entries with their changes, filtered by
person, object, kind and time, a page at a time, and the same entries as CSV."""

from __future__ import annotations

from flask import g, render_template, request
from flask_babel import lazy_gettext as _l

from showcase.audit.forms import AuditFilterForm
from showcase.audit.queries import AuditFilters, audit_table, entries_query
from showcase.core.blueprints import event_blueprint
from showcase.core.exports import csv_file
from showcase.core.navigation import manage_link
from showcase.core.roles import Permission, requires
from showcase.extensions import db

bp = event_blueprint("audit_manage", __name__, url_prefix="/manage/<event>/audit")

manage_link(_l("Audit log"), "audit_manage.index", Permission.READ_AUDIT_LOG, order=95)

PER_PAGE = 50


def _filters() -> tuple[AuditFilterForm, AuditFilters | None]:
    form = AuditFilterForm(request.args)
    return form, (form.filters() if form.validate() else None)


@bp.get("/")
@requires(Permission.READ_AUDIT_LOG)
def index():
    form, filters = _filters()
    if filters is None:
        return render_template("audit/list.html", form=form, page=None), 400
    page = db.paginate(entries_query(g.event, filters), per_page=PER_PAGE, error_out=False)
    return render_template("audit/list.html", form=form, page=page)


@bp.get("/audit.csv")
@requires(Permission.READ_AUDIT_LOG)
def export():
    form, filters = _filters()
    if filters is None:
        return render_template("audit/list.html", form=form, page=None), 400
    return csv_file(f"{g.event.acronym}-audit.csv", audit_table(g.event, filters))

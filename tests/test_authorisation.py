"""Every organiser route checks the role on the server.

The routes are read from the app's URL map, so a new /manage/ route is covered the day it is
added: it must declare a permission (see core/roles.py) or it is refused to everyone.
tests/hardening/test_authorisation_matrix.py goes further: every route, method and role against
the explicit table in tests/hardening/access.py, where a new route needs its line.
"""

from __future__ import annotations

import pytest

from showcase.core.roles import GRANTS, Permission, Role

# Signing in, its second step, a forgotten password and signing out need no role.
PUBLIC_MANAGE_ENDPOINTS = {
    "accounts.login",
    "accounts.login_code",
    "accounts.forgot_password",
    "accounts.reset_password",
    "accounts.logout",
}


def manage_routes(app):
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/manage/") or rule.endpoint in PUBLIC_MANAGE_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule, method))
    return routes


def build_url(app, rule, event):
    values = {}
    for argument in rule.arguments:
        values[argument] = event if argument == "event" else 1
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def test_only_the_sign_in_pages_are_open_without_a_role(app):
    public = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/manage/")
        and getattr(app.view_functions[rule.endpoint], "public_manage_route", False)
    }
    assert public == PUBLIC_MANAGE_ENDPOINTS


def test_every_manage_view_declares_a_permission(app):
    missing = [
        rule.endpoint
        for rule, _ in manage_routes(app)
        if getattr(app.view_functions[rule.endpoint], "required_permission", None) is None
    ]
    assert missing == []


def test_every_manage_route_sends_an_anonymous_visitor_to_sign_in(app, client, event):
    routes = manage_routes(app)
    assert len(routes) >= 15
    for rule, method in routes:
        url = build_url(app, rule, event)
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url, response.status_code)
        assert response.headers["Location"].startswith("/manage/login"), (method, url)


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_every_manage_route_refuses_a_role_too_low(app, client, event, login, role):
    login(role)
    refused = 0
    for rule, method in manage_routes(app):
        permission = app.view_functions[rule.endpoint].required_permission
        if Role(role) in GRANTS[permission]:
            continue
        url = build_url(app, rule, event)
        response = client.open(url, method=method)
        assert response.status_code == 403, (role, method, url, response.status_code)
        refused += 1
    if role != "admin":
        assert refused > 0


@pytest.mark.parametrize("role", ["checkin", "reviewer", "organiser"])
def test_only_administrators_open_the_audit_log(app, client, event, login, role):
    assert GRANTS[Permission.READ_AUDIT_LOG] == frozenset({Role.ADMIN})
    audit_routes = [rule for rule, _ in manage_routes(app) if rule.endpoint.startswith("audit_")]
    assert {rule.endpoint for rule in audit_routes} == {"audit_manage.index", "audit_manage.export"}
    login(role)
    for rule in audit_routes:
        assert client.get(build_url(app, rule, event)).status_code == 403


def test_undeclared_manage_route_is_refused(app, client, login):
    from flask import Blueprint

    bp = Blueprint("forgotten", __name__, url_prefix="/manage/forgotten")

    @bp.get("/")
    def forgotten():
        return "secret"

    app.register_blueprint(bp)
    assert client.get("/manage/forgotten/").status_code == 302
    login("admin")
    assert client.get("/manage/forgotten/").status_code == 403

"""Every organiser route, every method, every role: the server's answer matches the table in
``access.py``. The routes come from the app's URL map, so a new route is checked the day it is
added, and one that is missing from the table fails with its name."""

from __future__ import annotations

import pytest

from tests.hardening.access import ANONYMOUS, MANAGE_ACCESS, PUBLIC, ROLES, VISIT_LAST
from tests.hardening.world import build_url


def manage_routes(app) -> list[tuple[str, str, object]]:
    """(endpoint, method, rule) for every /manage/ route; GETs first, VISIT_LAST at the end."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/manage/"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, method, rule))

    def order(item):
        endpoint, method, _ = item
        last = VISIT_LAST.index(endpoint) if endpoint in VISIT_LAST else -1
        return (last, method != "GET", endpoint)

    return sorted(routes, key=order)


def test_every_manage_route_is_in_the_table(app):
    missing = sorted({endpoint for endpoint, _, _ in manage_routes(app)} - set(MANAGE_ACCESS))
    assert not missing, (
        "these /manage/ routes have no line in tests/hardening/access.py MANAGE_ACCESS: "
        + ", ".join(missing)
    )
    stale = sorted(set(MANAGE_ACCESS) - {endpoint for endpoint, _, _ in manage_routes(app)})
    assert not stale, "MANAGE_ACCESS names routes that no longer exist: " + ", ".join(stale)


def sign_in(client, app, role: str) -> None:
    if role == ANONYMOUS:
        return
    from showcase.accounts.services import create_user
    from showcase.extensions import db

    email = f"{role}@matrix.example"
    with app.app_context():
        create_user(email, role, "correct-horse-1", name=role.title())
        db.session.commit()
    response = client.post("/manage/login", data={"email": email, "password": "correct-horse-1"})
    assert response.status_code == 303, response.get_data(as_text=True)


def is_sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith(
        "/manage/login?next="
    )


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_routes_the_table_gives_it(app, client, world, role):
    sign_in(client, app, role)
    checked = {"allowed": 0, "refused": 0}
    problems = []
    for endpoint, method, rule in manage_routes(app):
        allowed_roles = MANAGE_ACCESS.get(endpoint)
        if allowed_roles is None:
            continue  # reported by test_every_manage_route_is_in_the_table
        url = build_url(app, world, rule)
        response = client.open(url, method=method)
        status = response.status_code
        where = f"{role} {method} {url} ({endpoint}) → {status}"
        if status >= 500:
            problems.append(f"{where}: server error")
        elif role in allowed_roles:
            checked["allowed"] += 1
            signed_out = allowed_roles is not PUBLIC and is_sent_to_sign_in(response)
            if status in (401, 403) or signed_out:
                problems.append(f"{where}: refused but the table allows it")
            elif method == "GET" and status not in (200, 302) and allowed_roles is not PUBLIC:
                problems.append(f"{where}: an allowed GET should show the page (or move on)")
        else:
            checked["refused"] += 1
            expected = "sign-in redirect" if role == ANONYMOUS else "403"
            ok = is_sent_to_sign_in(response) if role == ANONYMOUS else status == 403
            if not ok:
                problems.append(f"{where}: expected {expected}")
    assert not problems, "\n".join(problems)
    assert checked["allowed"] + checked["refused"] >= 50
    if role == "admin":
        assert checked["refused"] == 0
    else:
        assert checked["refused"] > 0


def test_table_agrees_with_what_each_view_declares(app):
    """The declared ``@requires`` permission grants exactly the table's roles (a second, static
    view of the same rule: it names the view whose decorator is wrong)."""
    from showcase.core.roles import GRANTS

    wrong = []
    for endpoint, _, _ in manage_routes(app):
        permission = getattr(app.view_functions[endpoint], "required_permission", None)
        table = MANAGE_ACCESS.get(endpoint)
        if table is None or table is PUBLIC:
            continue
        granted = {role.value for role in GRANTS[permission]} if permission else set()
        if granted != set(table):
            wrong.append(f"{endpoint}: declares {permission} = {sorted(granted)}")
    assert not wrong, "\n".join(wrong)

"""Where features hook into shared pages: the navigation, the event home and the dashboard.

Each feature registers its entries when its blueprint module is imported, so adding a feature
never means editing another feature's templates.

- ``public_link``: a link in the event's public navigation and on the event home page.
- ``manage_link``: a link in the organiser navigation of an event, shown to roles that may use it.
  Links that name the same ``group`` (a translatable label, e.g. ``_l("Programme")``) share one
  menu, placed where the group's first link would be; so the navigation keeps to one line.
- ``dashboard_panel``: a function ``(event) -> dict | None`` whose result is rendered by a
  template on the event dashboard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from flask_babel import LazyString

from showcase.core.roles import Permission, user_may


@dataclass(frozen=True)
class Link:
    label: LazyString | str
    endpoint: str
    order: int = 100
    permission: Permission | None = None
    description: LazyString | str = ""
    # Shown only when this returns true for the event (e.g. registration is open).
    visible: Callable[[Any], bool] | None = None
    values: dict[str, Any] = field(default_factory=dict)
    group: LazyString | str | None = None

    def url(self, event: Any) -> str:
        return url_for(self.endpoint, event=event.acronym, **self.values)

    def shown(self, event: Any) -> bool:
        if self.permission is not None and not user_may(self.permission):
            return False
        return self.visible is None or bool(self.visible(event))


@dataclass
class LinkGroup:
    """Organiser links under one menu."""

    label: str
    links: list[Link]

    def holds(self, path: str, event: Any) -> bool:
        return any(link.url(event) == path for link in self.links)


@dataclass(frozen=True)
class Panel:
    render: Callable[[Any], dict | None]
    template: str
    order: int = 100
    permission: Permission = Permission.VIEW_DASHBOARD
    # Static stylesheets (paths under static/) the panel's template needs.
    stylesheets: tuple[str, ...] = ()


PUBLIC_LINKS: list[Link] = []
MANAGE_LINKS: list[Link] = []
DASHBOARD_PANELS: list[Panel] = []


def _add(registry: list, item: Any) -> None:
    if any(existing == item for existing in registry):
        return
    registry.append(item)
    registry.sort(key=lambda entry: entry.order)


def public_link(label, endpoint: str, order: int = 100, description="", visible=None) -> None:
    _add(PUBLIC_LINKS, Link(label, endpoint, order, None, description, visible))


def manage_link(label, endpoint: str, permission: Permission, order: int = 100, group=None) -> None:
    _add(MANAGE_LINKS, Link(label, endpoint, order, permission, group=group))


def dashboard_panel(
    template: str, order: int = 100, permission=Permission.VIEW_DASHBOARD, stylesheets=()
):
    def decorator(render: Callable[[Any], dict | None]):
        _add(DASHBOARD_PANELS, Panel(render, template, order, permission, tuple(stylesheets)))
        return render

    return decorator


def public_links_for(event: Any) -> list[Link]:
    return [link for link in PUBLIC_LINKS if link.shown(event)]


def manage_links_for(event: Any) -> list[Link]:
    return [link for link in MANAGE_LINKS if link.shown(event)]


def manage_menu_for(event: Any) -> list[Link | LinkGroup]:
    """The organiser navigation the signed-in user may use: links, and groups of links as menus.
    A group with a single link the user may follow is shown as that link."""
    menu: list[Link | LinkGroup] = []
    groups: dict[str, LinkGroup] = {}
    for link in manage_links_for(event):
        if link.group is None:
            menu.append(link)
            continue
        label = str(link.group)
        if label not in groups:
            groups[label] = LinkGroup(label, [])
            menu.append(groups[label])
        groups[label].links.append(link)
    return [
        entry.links[0] if isinstance(entry, LinkGroup) and len(entry.links) == 1 else entry
        for entry in menu
    ]


def dashboard_panels_for(event: Any) -> list[tuple[Panel, dict]]:
    panels = []
    for panel in DASHBOARD_PANELS:
        if not user_may(panel.permission):
            continue
        context = panel.render(event)
        if context is not None:
            panels.append((panel, context))
    return panels

"""A delegation's badges as one PDF: A6 cards, one per page, drawn by the one badge layout of
badges/sheets.py (the category's colour band, the name in both scripts, the city and the
head-of-delegation mark, with the shipped Thai fonts, nothing fetched from outside)."""

from __future__ import annotations

from flask_babel import gettext as _

from showcase.badges.models import BadgeLayout
from showcase.badges.sheets import BadgeCard
from showcase.badges.sheets import badges_pdf as layout_badges


def badges_pdf(delegation, cards) -> bytes:
    """``cards``: (member, payload, QR SVG) of each confirmed member, in protocol order."""
    title = _("Badges of the delegation of %(city)s", city=delegation.city.name)
    return layout_badges(
        delegation.event, [BadgeCard(*card) for card in cards], BadgeLayout.A6, title
    )

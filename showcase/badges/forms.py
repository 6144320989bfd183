"""Forms of badge printing: the filters of the print page (read from the address, so a filtered
page can be bookmarked), the print run (the same filters and a layout) and the desk's reprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField

from showcase.badges.models import BadgeLayout, PrintReason
from showcase.badges.services.printing import DESK_LAYOUTS
from showcase.badges.services.selection import (
    BadgeFilters,
    Printed,
    event_delegations,
)
from showcase.core.forms import Required, ShowcaseForm, choices
from showcase.events.models import Event
from showcase.events.services import ordered_cities
from showcase.registration.services import organiser

ANY = ("", _l("Any"))


class FilterFields:
    category = SelectField(_l("Category"), choices=[], default="")
    city = SelectField(_l("City"), choices=[], default="")
    delegation = SelectField(_l("Delegation"), choices=[], default="")
    printed = SelectField(
        _l("Printed"),
        choices=choices(Printed.options()),
        default="",
    )

    def offer_choices(self, event: Event) -> None:
        """The event's categories, the cities and the delegations with confirmed members."""
        self.category.choices = choices(
            [ANY, *((c.id, c.name) for c in organiser.list_categories(event))]
        )
        self.city.choices = choices([ANY, *((c.id, c.name) for c in ordered_cities())])
        self.delegation.choices = choices(
            [ANY, *((d.id, d.city.name) for d in event_delegations(event))]
        )

    def filters(self) -> BadgeFilters:
        def number(field) -> int | None:
            return int(field.data) if field.data else None

        return BadgeFilters(
            category_id=number(self.category),
            city_id=number(self.city),
            delegation_id=number(self.delegation),
            printed=Printed(self.printed.data or ""),
        )


class BadgeFilterForm(FilterFields, ShowcaseForm):
    class Meta:
        csrf = False  # a filter changes nothing; its page may be bookmarked


class PrintRunForm(FilterFields, ShowcaseForm):
    layout = SelectField(
        _l("Layout"),
        choices=choices(BadgeLayout.options()),
        default=BadgeLayout.A4_SHEET.value,
    )


class ReprintForm(ShowcaseForm):
    reason = RadioField(
        _l("Why is the badge reprinted?"),
        choices=choices(
            [
                (
                    PrintReason.LOST.value,
                    _l("Lost: print it with a new code; the old badge stops working"),
                ),
                (PrintReason.TYPO.value, _l("Details corrected: print it with the same code")),
            ]
        ),
        validators=[Required()],
    )
    layout = SelectField(
        _l("Layout"),
        choices=choices(BadgeLayout.options(DESK_LAYOUTS)),
        default=BadgeLayout.A6.value,
    )

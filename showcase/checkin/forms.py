"""Forms of the door: a check-in point and its rule, the gate a phone scans at, and the manual
check-in of a person found by name (the rules are checked by the services)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField
from wtforms.validators import Length, Optional

from showcase.checkin.models import GateKind, WhenFull
from showcase.core.forms import (
    MultiCheckboxField,
    Required,
    ShowcaseForm,
    WholeNumberField,
    choices,
)
from showcase.events.models import Event
from showcase.program.services.rooms import list_rooms
from showcase.registration.services import organiser


class GateForm(ShowcaseForm):
    name_en = StringField(
        _l("Name (English)"), validators=[Required()], render_kw={"maxlength": 80}
    )
    name_th = StringField(_l("Name (Thai)"), render_kw={"maxlength": 80})
    kind = RadioField(
        _l("Kind and rule"),
        choices=choices(GateKind.options()),
        default=GateKind.MAIN.value,
        validators=[Required()],
    )
    room = SelectField(
        _l("Room"),
        description=_l("For a room: its entries are counted against the room's capacity."),
        choices=[],
        default="",
    )
    when_full = RadioField(
        _l("When the room is full"),
        choices=choices(WhenFull.options()),
        default=WhenFull.REFUSE.value,
    )
    categories = MultiCheckboxField(
        _l("Categories admitted to the VIP lounge"),
        description=_l("People marked VIP are admitted whatever their category."),
        choices=[],
        coerce=int,
    )
    position = WholeNumberField(_l("Position in the list"), validators=[Optional()], default=0)

    def offer_choices(self, event: Event) -> None:
        self.room.choices = choices(
            [("", _l("No room")), *((room.id, room.name) for room in list_rooms(event))]
        )
        self.categories.choices = choices(
            (category.id, category.name) for category in organiser.list_categories(event)
        )

    def gate_values(self) -> dict:
        values = self.values()
        values["room"] = int(values["room"]) if values.get("room") else None
        return values


class ManualScanForm(ShowcaseForm):
    """A person found by name, checked in at the gate with a button (the page made the id, so
    pressing twice checks in once)."""

    gate = HiddenField()
    registration = HiddenField()
    scan_id = HiddenField(validators=[Length(max=64)])


class SearchForm(ShowcaseForm):
    q = StringField(
        _l("Find by name"),
        description=_l("Name, Thai name, email or organisation."),
        render_kw={"maxlength": 100, "autocomplete": "off"},
    )

    class Meta:
        csrf = False  # a search changes nothing

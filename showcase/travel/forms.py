"""Forms of travel. The rules (the travel window, the flight number's shape, the airport and
hotel lists) are checked by the services, which report every problem at once against its field;
the forms carry the labels, the hints and the shape of dates and times."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TimeField
from wtforms.validators import Optional

from showcase.core.forms import Required, ShowcaseForm, WholeNumberField, choices
from showcase.core.i18n import current_language
from showcase.travel.services.plans import AIRPORTS, OTHER


class TravelDateField(DateField):
    """A date (an HTML date input); a typed date that is none is refused with an example."""

    def process_formdata(self, valuelist):
        text = valuelist[0].strip() if valuelist and valuelist[0] else ""
        if not text:
            self.data = None
            return
        try:
            self.data = datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            self.data = None
            raise ValueError(_l("Give a date such as 2027-01-25.")) from None


class TravelTimeField(TimeField):
    """A time of day (an HTML time input, 24-hour clock, seconds allowed and dropped)."""

    def process_formdata(self, valuelist):
        text = valuelist[0].strip() if valuelist and valuelist[0] else ""
        self.data = None
        if not text:
            return
        for pattern in ("%H:%M", "%H:%M:%S"):
            try:
                self.data = datetime.strptime(text, pattern).time().replace(second=0)
                return
            except ValueError:
                continue
        raise ValueError(_l("Give a time such as 14:35 (24-hour clock)."))


def airport_choices() -> list:
    thai = current_language() == "th"
    return choices(
        [
            ("", _l("Not known yet")),
            *(
                (code, f"{code} · {name_th if thai else name_en}")
                for code, name_en, name_th in AIRPORTS
            ),
            (OTHER, _l("Another airport, or by road or rail")),
        ]
    )


def hotel_choices(hotels) -> list:
    return choices(
        [
            ("", _l("Not decided yet")),
            *((str(hotel.id), hotel.name) for hotel in hotels),
            (OTHER, _l("Another hotel or place")),
        ]
    )


class TravelForm(ShowcaseForm):
    arrival_date = TravelDateField(_l("Arrival date"), validators=[Optional()])
    arrival_time = TravelTimeField(_l("Arrival time"), validators=[Optional()])
    arrival_flight = StringField(
        _l("Arrival flight number"),
        description=_l("As on the ticket, for example TG 661."),
        render_kw={"maxlength": 12, "autocapitalize": "characters", "autocomplete": "off"},
    )
    arrival_airport = SelectField(_l("Arrival airport"), choices=[], validate_choice=False)
    arrival_airport_other = StringField(
        _l("Other airport or way of arriving"),
        description=_l("Only if you chose another airport, or come by road or rail."),
        render_kw={"maxlength": 120},
    )
    arrival_transfer = BooleanField(_l("I need a transfer from the airport on arrival"))
    departure_date = TravelDateField(_l("Departure date"), validators=[Optional()])
    departure_time = TravelTimeField(_l("Departure time"), validators=[Optional()])
    departure_flight = StringField(
        _l("Departure flight number"),
        render_kw={"maxlength": 12, "autocapitalize": "characters", "autocomplete": "off"},
    )
    departure_airport = SelectField(_l("Departure airport"), choices=[], validate_choice=False)
    departure_airport_other = StringField(
        _l("Other airport or way of leaving"), render_kw={"maxlength": 120}
    )
    departure_transfer = BooleanField(_l("I need a transfer to the airport on departure"))
    hotel = SelectField(_l("Hotel"), choices=[], validate_choice=False)
    hotel_other = StringField(
        _l("Name of the hotel"),
        description=_l("Only if you stay at another hotel or place: its name and area."),
        render_kw={"maxlength": 200},
    )

    def fill_choices(self, hotels) -> None:
        self.arrival_airport.choices = airport_choices()
        self.departure_airport.choices = airport_choices()
        self.hotel.choices = hotel_choices(hotels)


class HotelForm(ShowcaseForm):
    name_en = StringField(
        _l("Name in English"), validators=[Required()], render_kw={"maxlength": 200}
    )
    name_th = StringField(_l("Name in Thai"), render_kw={"maxlength": 200})
    address = StringField(_l("Address"), render_kw={"maxlength": 300})
    phone = StringField(_l("Phone"), render_kw={"maxlength": 40, "autocomplete": "off"})
    to_venue = StringField(
        _l("Getting to the venue"),
        description=_l("For example: MRT Sukhumvit to Queen Sirikit Centre, 1 stop."),
        render_kw={"maxlength": 200},
    )
    position = WholeNumberField(
        _l("Position in the list"),
        description=_l("Lower numbers come first."),
        validators=[Optional()],
    )


class SettingsForm(ShowcaseForm):
    retention_days = WholeNumberField(
        _l("Keep travel details for this many days after the event"),
        description=_l(
            "Then `flask showcase purge` deletes every arrival, departure and hotel given for "
            "this event; the registrations stay."
        ),
        validators=[Required()],
    )

"""Demo travel: five partner hotels near the Queen Sirikit National Convention Center, and the
flights, hotels and transfers of most international delegates (delegations' members among
them) over the three days before the event and the two after it, through Suvarnabhumi, Don
Mueang and Phuket, so that the arrivals manifest, the departures, the hotel lists and the
transfer totals show real lists. A few plans lack something, as real ones do.

Everything goes through the services, each step in its own unit of work; the step does nothing
when the event already has partner hotels, so a second run changes nothing.
"""

from __future__ import annotations

import random
from datetime import time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from showcase.core.db import unit_of_work
from showcase.events.models import City, Event
from showcase.extensions import db
from showcase.registration.models import ACTIVE_STATES, Registration
from showcase.travel.models import PartnerHotel
from showcase.travel.services.hotels import save_hotel
from showcase.travel.services.plans import save_plan

# name, Thai name, address, phone, getting to the venue
HOTELS = (
    (
        "Sheraton Grande Sukhumvit",
        "เชอราตัน แกรนด์ สุขุมวิท",
        "250 Sukhumvit Road, Khlong Toei, Bangkok 10110",
        "+66 2 649 8888",
        "MRT Sukhumvit to Queen Sirikit National Convention Centre, 1 stop; 10 minutes by car",
    ),
    (
        "Grande Centre Point Terminal 21",
        "แกรนด์ เซ็นเตอร์ พอยต์ เทอร์มินอล 21",
        "2 Sukhumvit Soi 19, Khlong Toei Nuea, Watthana, Bangkok 10110",
        "+66 2 056 9000",
        "MRT Sukhumvit, 1 stop; 10 minutes by car",
    ),
    (
        "Carlton Hotel Bangkok Sukhumvit",
        "คาร์ลตัน โฮเทล แบงค็อก สุขุมวิท",
        "491 Sukhumvit Road, Khlong Toei Nuea, Watthana, Bangkok 10110",
        "+66 2 090 7888",
        "BTS Phrom Phong, then the organisers' shuttle; 15 minutes by car",
    ),
    (
        "SO/ Bangkok",
        "โซ แบงค็อก",
        "2 North Sathorn Road, Bang Rak, Bangkok 10500",
        "+66 2 624 0000",
        "MRT Lumphini to Queen Sirikit National Convention Centre, 2 stops",
    ),
    (
        "Banyan Tree Bangkok",
        "บันยันทรี กรุงเทพฯ",
        "21/100 South Sathorn Road, Thung Maha Mek, Sathon, Bangkok 10120",
        "+66 2 679 1200",
        "MRT Lumphini, 2 stops; 12 minutes by car",
    ),
)

# Country → (arriving flights, leaving flights), each (flight, airport, local time).
FLIGHTS = {
    "SG": (
        (("SQ706", "BKK", time(9, 45)), ("TR616", "DMK", time(13, 20))),
        (("SQ709", "BKK", time(17, 25)), ("TR617", "DMK", time(14, 35))),
    ),
    "KR": (
        (("KE651", "BKK", time(22, 40)), ("TG659", "BKK", time(23, 5))),
        (("KE652", "BKK", time(23, 55)), ("TG658", "BKK", time(10, 10))),
    ),
    "JP": (
        (("TG661", "BKK", time(15, 40)), ("NH805", "BKK", time(5, 5))),
        (("TG682", "BKK", time(22, 10)), ("NH806", "BKK", time(6, 35))),
    ),
    "MY": (
        (("MH784", "BKK", time(10, 5)), ("AK880", "DMK", time(8, 35))),
        (("MH785", "BKK", time(11, 10)), ("AK881", "DMK", time(9, 20))),
    ),
    "ID": ((("GA866", "BKK", time(11, 55)),), (("GA867", "BKK", time(13, 15)),)),
    "VN": (
        (("VN601", "BKK", time(10, 25)), ("VZ961", "BKK", time(14, 50))),
        (("VN602", "BKK", time(12, 0)), ("VZ960", "BKK", time(8, 15))),
    ),
    "AE": (
        (("EK384", "BKK", time(19, 5)), ("EK376", "BKK", time(6, 30))),
        (("EK385", "BKK", time(21, 40)), ("EK377", "BKK", time(9, 30))),
    ),
    "LA": (
        (("QV445", "BKK", time(11, 40)), ("FD1021", "DMK", time(9, 5))),
        (("QV446", "BKK", time(15, 25)), ("FD1020", "DMK", time(7, 0))),
    ),
    "KH": ((("PG932", "BKK", time(9, 35)),), (("PG933", "BKK", time(11, 40)),)),
    "TW": (
        (("CI833", "BKK", time(10, 45)), ("BR061", "BKK", time(12, 25))),
        (("CI834", "BKK", time(12, 5)), ("BR068", "BKK", time(14, 20))),
    ),
    "IN": (
        (("6E1053", "BKK", time(4, 25)), ("TG326", "BKK", time(6, 40))),
        (("6E1054", "BKK", time(5, 40)), ("TG325", "BKK", time(22, 30))),
    ),
    "PH": ((("PR732", "BKK", time(14, 5)),), (("PR733", "BKK", time(15, 50)),)),
    "FI": (
        (("AY141", "BKK", time(7, 20)), ("AY091", "HKT", time(8, 5))),
        (("AY142", "BKK", time(9, 45)), ("AY092", "HKT", time(10, 15))),
    ),
    "NL": ((("KL875", "BKK", time(6, 40)),), (("KL876", "BKK", time(8, 50)),)),
    "AT": ((("OS025", "BKK", time(6, 10)),), (("OS026", "BKK", time(23, 55)),)),
    "DE": (
        (("LH772", "BKK", time(7, 0)), ("TG921", "BKK", time(6, 5))),
        (("LH773", "BKK", time(22, 45)), ("TG920", "BKK", time(23, 50))),
    ),
    "AU": (
        (("TG462", "BKK", time(5, 50)), ("JQ27", "HKT", time(17, 35))),
        (("TG461", "BKK", time(23, 59)), ("JQ28", "HKT", time(19, 10))),
    ),
    "NZ": ((("TG492", "BKK", time(5, 35)),), (("TG491", "BKK", time(23, 40)),)),
}
# By way of a Gulf or Istanbul hub, for every other country.
CONNECTING = (
    (("QR832", "BKK", time(7, 0)), ("TK068", "BKK", time(11, 5))),
    (("QR833", "BKK", time(9, 5)), ("TK069", "BKK", time(21, 20))),
)
OTHER_HOTELS = ("Novotel Bangkok Sukhumvit 20", "Embassy residence, Sathorn")


def load_demo(event: Event) -> str | None:
    existing = db.session.scalar(
        select(func.count()).select_from(PartnerHotel).where(PartnerHotel.event_id == event.id)
    )
    if existing:
        return None
    hotels = []
    for position, (name_en, name_th, address, phone, to_venue) in enumerate(HOTELS):
        with unit_of_work():
            hotel = save_hotel(
                event,
                {
                    "name_en": name_en,
                    "name_th": name_th,
                    "address": address,
                    "phone": phone,
                    "to_venue": to_venue,
                    "position": position,
                },
            )
            hotels.append(hotel.id)
    rng = random.Random(1402)  # noqa: S311 - demo data, not security
    given = 0
    for registration in _international(event):
        if rng.random() < 0.2:  # some have not given their travel yet
            continue
        with unit_of_work():
            save_plan(
                db.session.get(Registration, registration.id),
                _plan(event, registration, hotels, rng),
                "coordinator" if registration.delegation_id else "registrant",
            )
        given += 1
    return f"Travel: {len(hotels)} partner hotels, {given} people's flights and hotels"


def _international(event: Event) -> list[Registration]:
    """The event's active registrations from cities abroad (listed or other), by id."""
    people = db.session.scalars(
        select(Registration)
        .outerjoin(City, City.id == Registration.city_id)
        .where(
            Registration.event_id == event.id,
            Registration.state.in_(ACTIVE_STATES),
            ((City.country_code != "TH") | (Registration.other_country.not_in(("", "TH")))),
        )
        .options(joinedload(Registration.city))
        .order_by(Registration.id)
    )
    return list(people)


def _country(registration: Registration) -> str:
    return registration.city.country_code if registration.city else registration.other_country


def _plan(event: Event, registration: Registration, hotels: list[int], rng: random.Random):
    arriving, leaving = FLIGHTS.get(_country(registration), CONNECTING)
    flight_in, airport_in, time_in = rng.choice(arriving)
    flight_out, airport_out, time_out = rng.choice(leaving)
    arrival = event.starts_on - timedelta(days=rng.choice((2, 1, 1, 1, 0)))
    departure = event.ends_on + timedelta(days=rng.choice((0, 1, 1, 2)))
    roll = rng.random()
    if roll < 0.75:
        hotel, other = str(rng.choice(hotels)), ""
    elif roll < 0.9:
        hotel, other = "other", rng.choice(OTHER_HOTELS)
    else:
        hotel, other = "", ""  # not decided yet: the organisers see it as missing
    values = {
        "arrival_date": arrival,
        "arrival_time": time_in if rng.random() < 0.92 else None,
        "arrival_flight": flight_in,
        "arrival_airport": airport_in,
        "arrival_transfer": rng.random() < 0.7,
        "departure_date": departure,
        "departure_time": time_out,
        "departure_flight": flight_out if rng.random() < 0.85 else "",
        "departure_airport": airport_out,
        "departure_transfer": rng.random() < 0.55,
        "hotel": hotel,
        "hotel_other": other,
    }
    return values

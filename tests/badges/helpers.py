"""Helpers for badge-printing tests: confirmed people in a few cities and categories, print
runs through the service, and the text of a PDF's pages (pypdf)."""

from __future__ import annotations

import io

from pypdf import PdfReader

from showcase.badges.models import BadgeLayout
from showcase.badges.services import printing
from showcase.badges.services.selection import BadgeFilters
from showcase.core.db import unit_of_work
from tests import factories

ORGANISER = "organiser@showcase.example"
MM_PER_POINT = 25.4 / 72

# (English name, Thai name, email, city (English, Thai, country) or None for another city)
PEOPLE = (
    ("Somchai Jaidee", "สมชาย ใจดี", "somchai@khonkaen.example", ("Khon Kaen", "ขอนแก่น", "TH")),
    ("Pimchanok Srisuk", "พิมพ์ชนก ศรีสุข", "pim@phuket.example", ("Phuket", "ภูเก็ต", "TH")),
    ("Haruto Sato", "ฮารุโตะ ซาโต้", "haruto@yokohama.example", ("Yokohama", "โยโกฮามา", "JP")),
    ("Kittisak Boonmee", "กิตติศักดิ์ บุญมี", "kit@khonkaen.example", ("Khon Kaen", "ขอนแก่น", "TH")),
    ("Teerasak Thongdee", "ธีระศักดิ์ ทองดี", "teerasak@phuket.example", ("Phuket", "ภูเก็ต", "TH")),
)


def confirmed_people(event, category=None, people=PEOPLE):
    """The people of ``people`` registered in ``category`` and confirmed, in that order."""
    category = category or factories.registration_category(
        event, "delegate", name_en="City delegate", name_th="ผู้แทนเมือง"
    )
    made = []
    for name, name_th, email, city in people:
        made.append(
            factories.registration(
                event,
                city=factories.city(*city),
                category=category,
                confirm=True,
                full_name=name,
                full_name_th=name_th,
                email=email,
            )
        )
    return made


def run(event, layout=BadgeLayout.A6, by=ORGANISER, **filters) -> printing.PrintedBadges:
    with unit_of_work():
        return printing.print_run(event, BadgeFilters(**filters), layout, by)


def pages(pdf: bytes) -> list:
    return list(PdfReader(io.BytesIO(pdf)).pages)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pages(pdf)]


def page_size_mm(page) -> tuple[float, float]:
    return (
        round(float(page.mediabox.width) * MM_PER_POINT, 1),
        round(float(page.mediabox.height) * MM_PER_POINT, 1),
    )

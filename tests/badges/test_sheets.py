"""Badges as PDF in each layout: the page count, the page size and the text of every page (pypdf
reads back the Thai names exactly as written, shaped by WeasyPrint with the shipped fonts)."""

from __future__ import annotations

import io
import itertools

from pypdf import PdfReader
from pypdf.generic import ContentStream

from showcase.badges.models import BadgeLayout
from showcase.registration.services.badges import badge_payload
from tests import factories
from tests.badges.helpers import confirmed_people, page_size_mm, page_texts, pages, run
from tests.delegations.helpers import add, approved_delegation
from tests.helpers import pdf_qr_codes

PX_MM = 25.4 / 96


def test_a6_run_prints_one_badge_per_a6_page_with_names_in_both_scripts(ctx):
    event = factories.event()
    somchai, _pim, _haruto, _kit, _teerasak = confirmed_people(event)

    printed = run(event, BadgeLayout.A6)

    assert printed.count == 5
    assert [page_size_mm(page) for page in pages(printed.pdf)] == [(105.0, 148.0)] * 5
    texts = page_texts(printed.pdf)
    # By city (Khon Kaen, Phuket, Yokohama), then by name.
    assert [
        next(
            name
            for name in ("Somchai", "Kittisak", "Pimchanok", "Teerasak", "Haruto")
            if name in text
        )
        for text in texts
    ] == ["Kittisak", "Somchai", "Pimchanok", "Teerasak", "Haruto"]
    first = texts[1]
    assert "Somchai Jaidee" in first
    assert "สมชาย ใจดี" in first
    assert "Khon Kaen" in first
    assert "City delegate" in first
    assert "DELEGATE" in first
    assert badge_payload(somchai) in first
    assert "กิตติศักดิ์ บุญมี" in texts[0]
    assert "ธีระศักดิ์ ทองดี" in texts[3]
    assert "ฮารุโตะ ซาโต้" in texts[4] and "Yokohama" in texts[4]


def test_a4_sheet_run_puts_four_a6_badges_on_each_a4_page(ctx):
    event = factories.event()
    people = confirmed_people(event)

    printed = run(event, BadgeLayout.A4_SHEET)

    sheets = pages(printed.pdf)
    assert [page_size_mm(page) for page in sheets] == [(210.0, 297.0), (210.0, 297.0)]
    first, second = page_texts(printed.pdf)
    for name in ("Kittisak Boonmee", "Somchai Jaidee", "Pimchanok Srisuk", "Teerasak Thongdee"):
        assert name in first
    for name in ("กิตติศักดิ์ บุญมี", "สมชาย ใจดี", "พิมพ์ชนก ศรีสุข", "ธีระศักดิ์ ทองดี"):
        assert name in first
    assert "Haruto Sato" in second and "ฮารุโตะ ซาโต้" in second
    assert "Somchai Jaidee" not in second
    assert first.count("CITY DELEGATE") == 0 and first.count("DELEGATE") == 4
    assert len(people) == 5


def test_each_badges_qr_code_reads_as_its_payload(ctx):
    event = factories.event()
    people = confirmed_people(event)

    printed = run(event, BadgeLayout.A6)

    assert pdf_qr_codes(printed.pdf) == {badge_payload(person) for person in people}


def crop_marks(pdf: bytes, page_number: int) -> set[tuple[float, float, float, float]]:
    """The thin filled rectangles (0.2 × 5 mm) drawn on a page: (left, top, width, height) in
    mm. WeasyPrint draws in CSS pixels from the top left corner of the page."""
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[page_number]
    operations = ContentStream(page.get_contents(), reader).operations
    found = set()
    for (operands, operator), (_, following) in itertools.pairwise(operations):
        if operator == b"re" and following == b"f":
            left, top, width, height = (round(float(value) * PX_MM, 1) for value in operands)
            if sorted((width, height)) == [0.2, 5.0]:
                found.add((left, top, width, height))
    return found


def test_a4_sheet_has_crop_marks_at_both_ends_and_the_middle_of_each_cut_line(ctx):
    event = factories.event()
    confirmed_people(event)

    printed = run(event, BadgeLayout.A4_SHEET)

    expected = {
        (104.9, 0.0, 0.2, 5.0),  # the vertical cut: top, middle, bottom
        (104.9, 146.0, 0.2, 5.0),
        (104.9, 292.0, 0.2, 5.0),
        (0.0, 148.4, 5.0, 0.2),  # the horizontal cut: left, middle, right
        (102.5, 148.4, 5.0, 0.2),
        (205.0, 148.4, 5.0, 0.2),
    }
    assert crop_marks(printed.pdf, 0) == expected
    assert crop_marks(printed.pdf, 1) == expected  # a sheet with one badge is cut the same way


def test_cr80_run_prints_credit_card_sized_cards_in_both_scripts(ctx):
    event = factories.event()
    confirmed_people(event)

    printed = run(event, BadgeLayout.CR80, city_id=factories.city("Khon Kaen").id)

    assert printed.count == 2
    assert [page_size_mm(page) for page in pages(printed.pdf)] == [(85.6, 54.0)] * 2
    kittisak, somchai = page_texts(printed.pdf)
    assert "Somchai Jaidee" in somchai and "สมชาย ใจดี" in somchai
    assert "Kittisak Boonmee" in kittisak and "กิตติศักดิ์ บุญมี" in kittisak
    assert "Khon Kaen" in somchai


def test_badges_show_the_head_of_delegation_and_the_vip_band(ctx):
    event = factories.event()
    delegate = factories.registration_category(
        event, "delegate", name_en="City delegate", capacity=5, open_to_delegations=True
    )
    khon_kaen = factories.city("Khon Kaen", "ขอนแก่น")
    delegation = approved_delegation(event, khon_kaen)
    add(
        delegation,
        delegate,
        "Teerasak Teecharoen",
        full_name_th="ธีระศักดิ์ ทีฆายุพันธุ์",
        honorific="H.E.",
        is_head=True,
    )
    add(delegation, delegate, "Wichai Kaewta", is_vip=True)
    add(delegation, delegate, "Malee Wongsa")

    printed = run(event, BadgeLayout.CR80, delegation_id=delegation.id)

    head, malee, wichai = page_texts(printed.pdf)
    assert "Head of delegation" in head and "ธีระศักดิ์ ทีฆายุพันธุ์" in head and "H.E." in head
    assert "VIP" in wichai and "Head of delegation" not in wichai
    assert "DELEGATE" in malee and "VIP" not in malee

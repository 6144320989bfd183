"""Thailand's six geographical regions (the National Research Council's division, used by
Thai statistics) and the 77 provinces in each, to count Thai delegates by region.

Provinces are matched on their English name without spaces or case ("Chon Buri" and
"Chonburi" are one), with the usual alternative spellings.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from showcase.core.labels import LabelledEnum


class Region(LabelledEnum):
    NORTH = "north", _l("Northern Thailand")
    NORTHEAST = "northeast", _l("Northeastern Thailand (Isan)")
    CENTRAL = "central", _l("Central Thailand")
    EAST = "east", _l("Eastern Thailand")
    WEST = "west", _l("Western Thailand")
    SOUTH = "south", _l("Southern Thailand")


PROVINCES: dict[Region, tuple[str, ...]] = {
    Region.NORTH: (
        "Chiang Mai",
        "Chiang Rai",
        "Lampang",
        "Lamphun",
        "Mae Hong Son",
        "Nan",
        "Phayao",
        "Phrae",
        "Uttaradit",
    ),
    Region.NORTHEAST: (
        "Amnat Charoen",
        "Bueng Kan",
        "Buri Ram",
        "Chaiyaphum",
        "Kalasin",
        "Khon Kaen",
        "Loei",
        "Maha Sarakham",
        "Mukdahan",
        "Nakhon Phanom",
        "Nakhon Ratchasima",
        "Nong Bua Lam Phu",
        "Nong Khai",
        "Roi Et",
        "Sakon Nakhon",
        "Si Sa Ket",
        "Surin",
        "Ubon Ratchathani",
        "Udon Thani",
        "Yasothon",
    ),
    Region.CENTRAL: (
        "Bangkok",
        "Ang Thong",
        "Chai Nat",
        "Kamphaeng Phet",
        "Lop Buri",
        "Nakhon Nayok",
        "Nakhon Pathom",
        "Nakhon Sawan",
        "Nonthaburi",
        "Pathum Thani",
        "Phetchabun",
        "Phichit",
        "Phitsanulok",
        "Phra Nakhon Si Ayutthaya",
        "Samut Prakan",
        "Samut Sakhon",
        "Samut Songkhram",
        "Saraburi",
        "Sing Buri",
        "Sukhothai",
        "Suphan Buri",
        "Uthai Thani",
    ),
    Region.EAST: (
        "Chachoengsao",
        "Chanthaburi",
        "Chon Buri",
        "Prachin Buri",
        "Rayong",
        "Sa Kaeo",
        "Trat",
    ),
    Region.WEST: ("Kanchanaburi", "Phetchaburi", "Prachuap Khiri Khan", "Ratchaburi", "Tak"),
    Region.SOUTH: (
        "Chumphon",
        "Krabi",
        "Nakhon Si Thammarat",
        "Narathiwat",
        "Pattani",
        "Phangnga",
        "Phatthalung",
        "Phuket",
        "Ranong",
        "Satun",
        "Songkhla",
        "Surat Thani",
        "Trang",
        "Yala",
    ),
}

# Other spellings in use (official romanisations and common ones).
ALIASES = {
    "bangkokmetropolis": "bangkok",
    "krungthep": "bangkok",
    "ayutthaya": "phranakhonsiayutthaya",
    "korat": "nakhonratchasima",
}


def _key(name: str) -> str:
    key = "".join((name or "").lower().split()).replace("-", "")
    return ALIASES.get(key, key)


_REGION_OF = {_key(province): region for region, names in PROVINCES.items() for province in names}


def region_of(province_en: str) -> Region | None:
    """The region of a Thai province by its English name, or None if it is not one."""
    return _REGION_OF.get(_key(province_en))

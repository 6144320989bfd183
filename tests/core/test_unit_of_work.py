"""The unit of work: the one owner of commits and rollbacks, and the gate of row locks."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import select

from showcase.core.db import UnitOfWorkError, lock_row, lock_rows, unit_of_work
from showcase.events.models import City, CityKind
from showcase.extensions import db


def add_city(name: str) -> City:
    city = City(name_en=name, country_code="TH", kind=CityKind.THAI_MEMBER)
    db.session.add(city)
    return city


def city_names() -> list[str]:
    return list(db.session.scalars(select(City.name_en).order_by(City.name_en)))


def test_unit_of_work_commits_at_the_end(ctx):
    with unit_of_work():
        add_city("Phuket")
    db.session.remove()
    assert city_names() == ["Phuket"]


def test_unit_of_work_rolls_back_everything_on_an_error(ctx):
    with pytest.raises(ZeroDivisionError), unit_of_work():
        add_city("Rayong")
        db.session.flush()
        _ = 1 / 0
    assert city_names() == []


def test_unit_of_work_refuses_to_start_over_changes_made_outside_it(ctx):
    add_city("Chon Buri")
    with pytest.raises(UnitOfWorkError, match="outside a unit of work"), unit_of_work():
        pass
    db.session.rollback()
    # A change that was flushed (by a query's autoflush) counts as well.
    add_city("Chon Buri")
    assert city_names() == ["Chon Buri"]
    with pytest.raises(UnitOfWorkError, match="outside a unit of work"), unit_of_work():
        pass


def test_unit_of_work_refuses_to_open_inside_another(ctx):
    with pytest.raises(UnitOfWorkError, match="already open"), unit_of_work():
        add_city("Khon Kaen")
        with unit_of_work():
            pass
    assert city_names() == []


def test_unit_of_work_ends_a_read_only_transaction_before_it_starts(ctx):
    assert city_names() == []  # a read begins a transaction
    with unit_of_work():
        add_city("Bangkok")
    assert city_names() == ["Bangkok"]


def test_locking_outside_a_unit_of_work_fails_loudly(ctx):
    with unit_of_work():
        add_city("Phuket")
    with pytest.raises(UnitOfWorkError, match="needs a unit of work"):
        lock_rows(select(City))
    with pytest.raises(UnitOfWorkError, match="lock=True"), unit_of_work():
        lock_row(select(City))
    with unit_of_work(lock=True):
        [city] = lock_rows(select(City))
        assert city.name_en == "Phuket"


def test_a_locking_unit_of_work_holds_sqlites_write_lock_from_its_start(ctx, database_url):
    path = database_url.removeprefix("sqlite:///")
    with unit_of_work():
        add_city("Phuket")
    outcome = {}

    def other_writer():
        connection = sqlite3.connect(path, timeout=0.2, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            outcome["writer"] = "got the lock"
            connection.execute("ROLLBACK")
        except sqlite3.OperationalError as error:
            outcome["writer"] = str(error)
        finally:
            connection.close()

    with unit_of_work(lock=True):
        lock_row(select(City))  # only reads so far, yet the write lock is held
        thread = threading.Thread(target=other_writer)
        thread.start()
        thread.join()
    assert outcome["writer"] == "database is locked"

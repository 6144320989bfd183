"""Labelled enums: a member is its value everywhere; its label reads in the reader's language."""

from __future__ import annotations

import json
import pickle

from flask_babel import force_locale

from showcase.checkin.models import GateKind
from showcase.core.states import HistoryMixin
from showcase.program.models import SessionState, SessionStateChange


def test_labelled_member_is_its_value_as_a_string():
    assert GateKind.MAIN == "main"
    assert str(GateKind.MAIN) == "main"
    assert f"{GateKind.ROOM}" == "room"
    assert GateKind("vip") is GateKind.VIP
    assert json.dumps({"kind": GateKind.MAIN}) == '{"kind": "main"}'
    # bytes this test made itself
    assert pickle.loads(pickle.dumps(GateKind.ROOM)) is GateKind.ROOM  # noqa: S301
    assert [kind.value for kind in GateKind] == ["main", "room", "vip"]


def test_label_is_read_in_the_current_language_each_time(ctx):
    with force_locale("en"):
        assert GateKind.MAIN.label == "Main entrance (once per day)"
    with force_locale("th"):
        assert GateKind.MAIN.label == "ทางเข้าหลัก (วันละครั้ง)"


def test_options_keep_the_labels_lazy_for_forms_declared_at_import(ctx):
    options = GateKind.options([GateKind.ROOM, GateKind.MAIN])
    assert [value for value, _ in options] == ["room", "main"]
    with force_locale("th"):
        assert str(options[1][1]) == "ทางเข้าหลัก (วันละครั้ง)"
    with force_locale("en"):
        assert [str(label) for _, label in GateKind.options()] == [
            "Main entrance (once per day)",
            "Room (counted against its capacity)",
            "VIP lounge (chosen categories only)",
        ]


def test_an_unknown_value_reads_as_itself(ctx):
    assert GateKind.find("side door") is None
    assert GateKind.find("") is None
    assert GateKind.find("room") is GateKind.ROOM
    with force_locale("en"):
        assert GateKind.label_of("room") == "Room (counted against its capacity)"
    assert GateKind.label_of("side door") == "side door"


def test_a_history_row_reads_a_retired_or_empty_state(ctx):
    assert issubclass(SessionStateChange, HistoryMixin)
    with force_locale("en"):
        assert SessionStateChange.state_label(SessionState.SUBMITTED.value) == "Submitted"
    assert SessionStateChange.state_label("postponed") == "postponed"
    assert SessionStateChange.state_label("") == "—"

"""Who may open which organiser route: THE table the authorisation matrix checks against.

One line per endpoint. The value names the roles allowed in; every other role gets 403 and an
anonymous visitor is sent to sign in (``PUBLIC`` routes are open to anyone). The sets are written
out here on purpose, not read from ``core/roles.GRANTS``: the test compares what the server does
with what this table says, so a wrong ``@requires`` or a wrong grant shows up as a failure.

A new ``/manage/`` route that is missing here fails ``test_every_manage_route_is_in_the_table``
with its endpoint name. Add it with the roles that should reach it, e.g.::

    "registrations_manage.index": ORGANISERS,
    "checkin_manage.scan": CHECKIN_DESK,
"""

from __future__ import annotations

ANONYMOUS = "anonymous"
ROLES = (ANONYMOUS, "checkin", "reviewer", "organiser", "admin")

PUBLIC = frozenset(ROLES)
SIGNED_IN = frozenset({"checkin", "reviewer", "organiser", "admin"})
CHECKIN_DESK = frozenset({"checkin", "organiser", "admin"})
REVIEWERS = frozenset({"reviewer", "organiser", "admin"})
ORGANISERS = frozenset({"organiser", "admin"})
ADMINS = frozenset({"admin"})

MANAGE_ACCESS: dict[str, frozenset[str]] = {
    # Signing in and out
    "accounts.login": PUBLIC,
    "accounts.logout": PUBLIC,
    "accounts.login_code": PUBLIC,
    "accounts.forgot_password": PUBLIC,
    "accounts.reset_password": PUBLIC,
    "accounts.change_password": SIGNED_IN,
    "accounts.sign_out_everywhere": SIGNED_IN,
    "accounts.two_factor": SIGNED_IN,
    "accounts.new_recovery_codes": SIGNED_IN,
    "accounts.turn_off_two_factor": SIGNED_IN,
    "accounts.sessions": SIGNED_IN,
    "accounts.end_session": SIGNED_IN,
    "accounts.end_other_sessions": SIGNED_IN,
    # Organiser home, events, cities
    "manage_root.index": SIGNED_IN,
    "manage_root.create_event": ADMINS,
    "events_manage.dashboard": SIGNED_IN,
    "events_manage.settings": ORGANISERS,
    "events_manage.cities": ORGANISERS,
    "events_manage.city_new": ORGANISERS,
    "events_manage.city_edit": ORGANISERS,
    "events_manage.city_import": ORGANISERS,
    "events_manage.cities_csv": ORGANISERS,
    # The audit log
    "audit_manage.index": ADMINS,
    "audit_manage.export": ADMINS,
    # Users
    "accounts_manage.index": ADMINS,
    "accounts_manage.create": ADMINS,
    "accounts_manage.edit": ADMINS,
    "accounts_manage.reset_password": ADMINS,
    "accounts_manage.policy": ADMINS,
    # Outbox
    "mail_manage.index": ORGANISERS,
    "mail_manage.show": ORGANISERS,
    "mail_manage.body_html": ORGANISERS,
    "mail_manage.retry": ORGANISERS,
    "mail_manage.cancel": ORGANISERS,
    "mail_manage.mark_sent": ORGANISERS,
    # Booths
    "booths_manage.booths": ORGANISERS,
    "booths_manage.floorplan_svg": ORGANISERS,
    "booths_manage.hall_new": ORGANISERS,
    "booths_manage.hall_edit": ORGANISERS,
    "booths_manage.hall_delete": ORGANISERS,
    "booths_manage.booth_new": ORGANISERS,
    "booths_manage.booth_edit": ORGANISERS,
    "booths_manage.booth_delete": ORGANISERS,
    "booths_manage.booth_import": ORGANISERS,
    "booths_manage.booths_csv": ORGANISERS,
    "booths_manage.exhibitors_csv": ORGANISERS,
    "booths_manage.exhibitors_xlsx": ORGANISERS,
    "booths_manage.settings": ORGANISERS,
    "booths_manage.applications": ORGANISERS,
    "booths_manage.application": ORGANISERS,
    "booths_manage.approve": ORGANISERS,
    "booths_manage.waitlist": ORGANISERS,
    "booths_manage.reject": ORGANISERS,
    "booths_manage.cancel": ORGANISERS,
    # Registration: registrations, categories, settings, the check-in desk
    "registration_manage.approve": ORGANISERS,
    "registration_manage.cancel": ORGANISERS,
    "registration_manage.category_edit": ORGANISERS,
    "registration_manage.category_new": ORGANISERS,
    "registration_manage.checkin": CHECKIN_DESK,
    "registration_manage.checkin_person": CHECKIN_DESK,
    "registration_manage.checkin_undo": CHECKIN_DESK,
    # Badge printing: bulk runs put everyone's names and entry codes on paper (organisers);
    # the desk reprints the badge of the person in front of it
    "badges_manage.index": ORGANISERS,
    "badges_manage.print_run": ORGANISERS,
    "badges_manage.reprint": CHECKIN_DESK,
    "registration_manage.detail": ORGANISERS,
    "registration_manage.export": ORGANISERS,
    "registration_manage.registrations": ORGANISERS,
    "registration_manage.reject": ORGANISERS,
    "registration_manage.resend": ORGANISERS,
    "registration_manage.settings": ORGANISERS,
    # Registration questions: the questions, the answers report, exports, uploaded answers
    "questions_manage.questions": ORGANISERS,
    "questions_manage.question_new": ORGANISERS,
    "questions_manage.question_edit": ORGANISERS,
    "questions_manage.registrations_xlsx": ORGANISERS,
    "questions_manage.answer_file": ORGANISERS,
    # Every role reads the totals, of the questions its role may read (sensitive answers are
    # left out for the check-in desk and reviewers: tests/questions/test_reading.py)
    "questions_manage.report": SIGNED_IN,
    "questions_manage.report_csv": SIGNED_IN,
    "questions_manage.report_xlsx": SIGNED_IN,
    # Visa letters: passport data, for organisers only (never check-in staff or reviewers)
    "letters_manage.letters": ORGANISERS,
    "letters_manage.detail": ORGANISERS,
    "letters_manage.issue": ORGANISERS,
    "letters_manage.reject": ORGANISERS,
    "letters_manage.revoke": ORGANISERS,
    "letters_manage.correct": ORGANISERS,
    "letters_manage.pdf": ORGANISERS,
    "letters_manage.settings": ORGANISERS,
    # Delegations: the list, a delegation's page and decisions, invitations, settings, exports
    "delegations_manage.approve": ORGANISERS,
    "delegations_manage.approve_members": ORGANISERS,
    "delegations_manage.city_protocol": ORGANISERS,
    "delegations_manage.delegations": ORGANISERS,
    "delegations_manage.detail": ORGANISERS,
    "delegations_manage.invite": ORGANISERS,
    "delegations_manage.protocol": ORGANISERS,
    "delegations_manage.reject": ORGANISERS,
    "delegations_manage.reject_members": ORGANISERS,
    "delegations_manage.settings": ORGANISERS,
    "booths_manage.staff_passes": ORGANISERS,
    "leads_manage.traffic": ORGANISERS,
    # Travel: lists of arrivals, departures and hotels, partner hotels, a person's travel.
    # Check-in staff are left out on purpose: the desk needs a badge and a name, not where a
    # person sleeps or which flight they take (showcase/travel/manage.py).
    "travel_manage.arrivals": ORGANISERS,
    "travel_manage.arrivals_csv": ORGANISERS,
    "travel_manage.departures": ORGANISERS,
    "travel_manage.departures_csv": ORGANISERS,
    "travel_manage.hotel_delete": ORGANISERS,
    "travel_manage.hotel_edit": ORGANISERS,
    "travel_manage.hotel_new": ORGANISERS,
    "travel_manage.hotels": ORGANISERS,
    "travel_manage.hotels_csv": ORGANISERS,
    "travel_manage.index": ORGANISERS,
    "travel_manage.partner_hotels": ORGANISERS,
    "travel_manage.registration_travel": ORGANISERS,
    "travel_manage.settings": ORGANISERS,
    # Registering on others' behalf, the waiting list by hand
    "registration_onbehalf.edit": ORGANISERS,
    "registration_onbehalf.invitations": ORGANISERS,
    "registration_onbehalf.offer": ORGANISERS,
    "registration_onbehalf.promote": ORGANISERS,
    "registration_onbehalf.waitlist_settings": ORGANISERS,
    "registration_onbehalf.walk_in": ORGANISERS,
    # Programme: sessions, reviews, speakers, rooms, settings
    "program_manage.review": REVIEWERS,
    "program_manage.reviews": REVIEWERS,
    "program_manage.room": ORGANISERS,
    "program_manage.room_delete": ORGANISERS,
    "program_manage.room_new": ORGANISERS,
    "program_manage.room_window_add": ORGANISERS,
    "program_manage.room_window_delete": ORGANISERS,
    "program_manage.rooms": ORGANISERS,
    "program_manage.send_staged": ORGANISERS,
    "program_manage.session": ORGANISERS,
    "program_manage.session_decide": ORGANISERS,
    "program_manage.session_edit": ORGANISERS,
    "program_manage.session_new": ORGANISERS,
    "program_manage.session_stage": ORGANISERS,
    "program_manage.sessions": ORGANISERS,
    "program_manage.sessions_csv": ORGANISERS,
    "program_manage.settings": ORGANISERS,
    "program_manage.speaker": ORGANISERS,
    "program_manage.speaker_new": ORGANISERS,
    "program_manage.speaker_window_add": ORGANISERS,
    "program_manage.speaker_window_delete": ORGANISERS,
    "program_manage.speakers": ORGANISERS,
    "program_manage.speakers_csv": ORGANISERS,
    "program_manage.speakers_xlsx": ORGANISERS,
    "program_manage.sessions_xlsx": ORGANISERS,
    # The door: check-in points and arrivals for organisers, the phone's pages for the desk
    "checkin_manage.gates": ORGANISERS,
    "checkin_manage.gate_new": ORGANISERS,
    "checkin_manage.gate_edit": ORGANISERS,
    "checkin_manage.gate_recount": ORGANISERS,
    "checkin_manage.arrivals": ORGANISERS,
    "checkin_manage.scan": CHECKIN_DESK,
    "checkin_manage.scan_manual": CHECKIN_DESK,
    "checkin_manage.kiosk": CHECKIN_DESK,
    "checkin_manage.roster_json": CHECKIN_DESK,
    "checkin_manage.scans_sync": CHECKIN_DESK,
    # Reports
    "reports_manage.index": SIGNED_IN,
    "reports_manage.workbook": SIGNED_IN,
    # Schedule: the agenda builder (no-JS forms and JSON endpoints) and publishing
    "schedule_manage.api_place": ORGANISERS,
    "schedule_manage.api_state": ORGANISERS,
    "schedule_manage.api_unschedule": ORGANISERS,
    "schedule_manage.builder": ORGANISERS,
    "schedule_manage.place": ORGANISERS,
    "schedule_manage.publish": ORGANISERS,
    "schedule_manage.unschedule": ORGANISERS,
    # Announcements: the bulk email composer writes to everyone's address (organisers)
    "announcements_manage.index": ORGANISERS,
    "announcements_manage.new": ORGANISERS,
    "announcements_manage.edit": ORGANISERS,
    "announcements_manage.detail": ORGANISERS,
    "announcements_manage.preview_html": ORGANISERS,
    "announcements_manage.test": ORGANISERS,
    "announcements_manage.send": ORGANISERS,
    "announcements_manage.approve": ORGANISERS,
    "announcements_manage.cancel": ORGANISERS,
    "announcements_manage.stop": ORGANISERS,
    "announcements_manage.settings": ORGANISERS,
    # Cooperation: profiles, pins, the meeting programme, the grid, bookings and the report
    "cooperation_manage.overview": ORGANISERS,
    "cooperation_manage.settings": ORGANISERS,
    "cooperation_manage.add_day": ORGANISERS,
    "cooperation_manage.delete_day": ORGANISERS,
    "cooperation_manage.add_table": ORGANISERS,
    "cooperation_manage.add_pin": ORGANISERS,
    "cooperation_manage.delete_pin": ORGANISERS,
    "cooperation_manage.grid": ORGANISERS,
    "cooperation_manage.book": ORGANISERS,
    "cooperation_manage.move": ORGANISERS,
    "cooperation_manage.cancel": ORGANISERS,
    "cooperation_manage.missed": ORGANISERS,
    "cooperation_manage.held": ORGANISERS,
    "cooperation_manage.report_page": ORGANISERS,
    "cooperation_manage.report_xlsx": ORGANISERS,
}

# Routes whose POST ends the session or would remove the world's objects under the other routes:
# visited last, in this order.
VISIT_LAST = (
    "cooperation_manage.delete_pin",
    "cooperation_manage.delete_day",
    "program_manage.speaker_window_delete",
    "program_manage.room_window_delete",
    "program_manage.room_delete",
    "registration_manage.cancel",
    "travel_manage.hotel_delete",
    "booths_manage.booth_delete",
    "booths_manage.hall_delete",
    "accounts.sign_out_everywhere",
    "accounts.logout",
)

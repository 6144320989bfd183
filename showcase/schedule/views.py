"""The public schedule, read only from published releases (never the organisers' draft).

Pages: the schedule (grid per day, list, filters, search, now and next, my agenda, print), one
session, the changelog and its Atom feed, and older releases under ``/schedule/v/<version>/``.
Exports: ``schedule.json``, ``schedule.xml``, ``schedule.ics`` and ``sessions/<code>.ics``,
served from the release's stored bytes with ETag, Last-Modified and 304.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from flask import (
    Response,
    abort,
    current_app,
    g,
    render_template,
    request,
    url_for,
)
from flask import session as cookie_session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from showcase.checkin.services.gates import fills_by_room
from showcase.core.blueprints import event_blueprint, or_404
from showcase.core.forms import press
from showcase.core.i18n import current_language
from showcase.core.navigation import public_link
from showcase.core.security import no_store
from showcase.extensions import limiter
from showcase.mail.services import external_url
from showcase.program.services.codes import CODE_PATTERN
from showcase.schedule import exporters
from showcase.schedule.forms import StarForm
from showcase.schedule.presentation import Filters, ScheduleView, now_and_next
from showcase.schedule.services import agenda as agenda_service
from showcase.schedule.services import releases

bp = event_blueprint("schedule", __name__, url_prefix="/<event>")

public_link(
    _l("Schedule"),
    "schedule.schedule",
    order=30,
    description=_l("Every session by day, room and track, with changes as they are published."),
)

EXPORT_CACHE = "public, max-age=60"
PAGE_CACHE = "public, max-age=30"


def _release(version: str | None) -> releases.PublishedSchedule | None:
    if version is None:
        return releases.latest(g.event)
    return releases.load(or_404(releases.info_by_version(g.event, version)))


def _not_modified(info: releases.ReleaseInfo, etag: str) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains(etag)
    since = request.if_modified_since
    return since is not None and info.created_at.replace(microsecond=0) <= since


def conditional(
    published: releases.PublishedSchedule, body: bytes, mimetype: str, tag: str
) -> Response:
    """``body`` with the release's validators, or an empty 304 when the client has it.

    Clients that accept gzip get the stored compressed copy (its own ETag, as HTTP asks)."""
    info = published.info
    gzipped = "gzip" in (request.headers.get("Accept-Encoding") or "")
    etag = f"{info.etag}{tag}{'-gz' if gzipped else ''}"
    if _not_modified(info, etag):
        response = Response(status=304)
    elif gzipped:
        response = Response(published.compressed(tag, body), mimetype=mimetype)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(body, mimetype=mimetype)
    response.set_etag(etag)
    response.last_modified = info.created_at
    response.headers["Cache-Control"] = EXPORT_CACHE
    response.vary.add("Accept-Encoding")
    return response


def _export(version: str | None, kind: str) -> Response:
    published = _release(version)
    if published is None:
        abort(404)
    if kind == "json":
        return conditional(published, published.export_json, "application/json", "-j")
    if kind == "xml":
        return conditional(published, published.export_xml, "application/xml", "-x")
    response = conditional(published, published.export_ics, "text/calendar", "-i")
    response.headers["Content-Disposition"] = f'inline; filename="{g.event.acronym}.ics"'
    return response


@bp.get("/schedule.json")
def export_json():
    return _export(None, "json")


@bp.get("/schedule.xml")
def export_xml():
    return _export(None, "xml")


@bp.get("/schedule.ics")
def export_ics():
    return _export(None, "ics")


@bp.get("/schedule/v/<version>/schedule.json")
def version_json(version: str):
    return _export(version, "json")


@bp.get("/schedule/v/<version>/schedule.xml")
def version_xml(version: str):
    return _export(version, "xml")


@bp.get("/schedule/v/<version>/schedule.ics")
def version_ics(version: str):
    return _export(version, "ics")


@bp.app_template_filter("fromiso")
def from_iso(value: str) -> datetime:
    return datetime.fromisoformat(value)


@bp.app_template_global("speaker_schedule")
def speaker_schedule(code: str):
    """For the program's speaker page: the speaker's sessions in the latest release."""
    published = releases.latest(g.event) if g.get("event") is not None else None
    if published is None:
        return None
    view = ScheduleView(published, Filters.empty_for(published), current_language(), None)
    return view, published.sessions_of_speaker(code)


# Pages ---------------------------------------------------------------------------------------

# A whole public page is kept per release, address and language for anonymous readers, so a
# busy schedule costs about what a static file does. Pages also show the navigation of the event
# (which opens and closes with time), hence the short lifetime.
WHOLE_PAGE_SECONDS = 60
CACHEABLE_ARGS = {"view", "day"}


def _cacheable(published: releases.PublishedSchedule) -> bool:
    """Anonymous, nothing to flash, and only addresses of which there are few (so that nobody
    can fill the memory with made-up query strings)."""
    args = request.args
    return (
        request.method == "GET"
        and set(args) <= CACHEABLE_ARGS
        and args.get("view", "grid") in ("grid", "list", "mine")
        and args.get("day", published.day_names[0]) in published.day_names
        and not current_user.is_authenticated
        and "_flashes" not in cookie_session
    )


def whole_page(published: releases.PublishedSchedule, build) -> Response:
    """``build()``'s response, or the copy of it this process made a moment ago."""
    if not _cacheable(published):
        return build()
    key = ("whole", request.full_path, current_language())
    kept = published.fragments.get(key)
    if kept is not None and time.monotonic() - kept[0] < WHOLE_PAGE_SECONDS:
        return _public_page(Response(kept[1], mimetype="text/html"), published.info)
    response = build()
    if response.status_code == 200:
        published.fragments[key] = (time.monotonic(), response.get_data())
    return response


def _page(published: releases.PublishedSchedule | None, version: str | None):
    if published is None:
        return render_template("schedule/unpublished.html"), 200
    filters = Filters.from_args(request.args, published)
    view = ScheduleView(published, filters, current_language(), version)
    mode = request.args.get("view", "grid")
    if mode not in ("grid", "list", "mine"):
        mode = "grid"
    day = view.pick_day(request.args.get("day"), datetime.now(UTC))
    # The common case (no filter, no search) is rendered once per release, day, view and language.
    key = ("page", current_language(), mode, day.isoformat() if day else "", version or "")
    body = published.fragments.get(key) if filters.empty else None
    if body is None:
        html = render_template(
            "schedule/_schedule_body.html", view=view, mode=mode, day=day, filters=filters
        )
        # An autoescaping template made it: safe HTML to put into the page as it is.
        body = Markup(html)  # nosec B704 # noqa: S704
        if filters.empty:
            published.fragments[key] = body
    response = Response(
        render_template(
            "schedule/schedule.html",
            view=view,
            body=body,
            mode=mode,
            day=day,
            filters=filters,
            version=version,
        )
    )
    return _public_page(response, published.info)


def _public_page(response: Response, info: releases.ReleaseInfo) -> Response:
    response.headers["Cache-Control"] = PAGE_CACHE
    response.headers["Vary"] = "Cookie, Accept-Language"
    response.last_modified = info.created_at
    return response


@bp.get("/schedule/")
def schedule():
    published = releases.latest(g.event)
    if published is None:
        return _page(None, None)
    return whole_page(published, lambda: _page(published, None))


@bp.get("/schedule/v/<version>/")
def version(version: str):
    published = _release(version)
    return whole_page(published, lambda: _page(published, version))


@bp.get("/schedule/now/")
def now():
    published = releases.latest(g.event)
    if published is None:
        return render_template("schedule/unpublished.html")
    moment = datetime.now(UTC)
    at = request.args.get("at")
    if at:
        try:
            moment = datetime.fromisoformat(at).astimezone(UTC)
        except ValueError:
            abort(400)
    view = ScheduleView(published, Filters.empty_for(published), current_language(), None)
    current, upcoming = now_and_next(published, moment)
    changes = [entry["_end"] for entry in current] + [entry["_start"] for entry in upcoming]
    return render_template(
        "schedule/now.html",
        view=view,
        current=current,
        # How full each room with a check-in gate is now (the door, showcase/checkin).
        room_fills=fills_by_room(g.event, moment) if current else {},
        upcoming=upcoming,
        moment=moment,
        next_change=min(changes) if changes else None,
    )


@bp.get("/schedule/print/")
def print_view():
    published = releases.latest(g.event)
    if published is None:
        return render_template("schedule/unpublished.html")
    view = ScheduleView(published, Filters.empty_for(published), current_language(), None)
    return _public_page(Response(render_template("schedule/print.html", view=view)), published.info)


def _published_session(code: str):
    """The latest release and its session with this code (in any case), or 404."""
    published = releases.latest(g.event)
    return published, or_404(published.by_code.get(code.upper()) if published else None)


@bp.get("/sessions/<code>/")
def session(code: str):
    published, entry = _published_session(code)
    if code != entry["code"]:
        return Response(
            status=301, headers={"Location": url_for("schedule.session", code=entry["code"])}
        )

    def build() -> Response:
        view = ScheduleView(published, Filters.empty_for(published), current_language(), None)
        page = render_template("schedule/session.html", view=view, entry=entry)
        return _public_page(Response(page), published.info)

    return whole_page(published, build)


@bp.get("/sessions/<code>.ics")
def session_ics(code: str):
    published, entry = _published_session(code)
    key = ("ics", entry["code"])
    body = published.fragments.get(key)
    if body is None:
        body = exporters.session_calendar(
            published.payload,
            published.info.version,
            current_app.config["PUBLIC_URL"],
            published.info.created_at,
            entry["code"],
        )
        published.fragments[key] = body
    response = conditional(published, body, "text/calendar", f"-s{entry['code']}")
    response.headers["Content-Disposition"] = f'attachment; filename="{entry["code"]}.ics"'
    return response


@bp.get("/schedule/changelog/")
def changelog():
    infos = releases.list_releases(g.event)
    latest = releases.load(infos[0]) if infos else None
    view = (
        ScheduleView(latest, Filters.empty_for(latest), current_language(), None)
        if latest
        else None
    )
    return render_template("schedule/changelog.html", infos=infos, view=view, latest=latest)


@bp.get("/schedule/feed.atom")
def feed():
    infos = releases.list_releases(g.event)
    if not infos:
        updated = datetime.combine(g.event.starts_on, datetime.min.time(), tzinfo=UTC) - timedelta(
            days=365
        )
    else:
        updated = infos[0].created_at
    latest = releases.load(infos[0]) if infos else None
    body = render_template(
        "schedule/feed.atom.xml",
        infos=infos,
        latest=latest,
        updated=updated,
        base=current_app.config["PUBLIC_URL"].rstrip("/"),
        lang=current_language(),
    )
    response = Response(body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = EXPORT_CACHE
    # The feed is in the reader's language (cookie, else Accept-Language): a shared cache must
    # keep one copy per language.
    response.vary.update(("Cookie", "Accept-Language"))
    return response


# A registrant's agenda (behind their manage link) and its calendar feed -----------------------


def _registrant(secret: str):
    from showcase.registration.services.registrations import for_manage

    return for_manage(g.event, secret)


@bp.get("/registration/<secret>/agenda/")
@no_store
def agenda(secret: str):
    registration = _registrant(secret)
    published = releases.latest(g.event)
    view = (
        ScheduleView(published, Filters.empty_for(published), current_language(), None)
        if published
        else None
    )
    starred = agenda_service.starred_ids(registration)
    return render_template(
        "schedule/agenda.html",
        registration=registration,
        secret=secret,
        view=view,
        starred=starred,
        form=StarForm(),
        feed_url=external_url(
            "schedule.agenda_feed",
            event=g.event.acronym,
            token=agenda_service.feed_token(registration),
        ),
    )


@bp.post("/registration/<secret>/agenda/star")
@limiter.limit("120 per hour", methods=["POST"])
@no_store
def agenda_star(secret: str):
    registration = _registrant(secret)
    form = StarForm()
    # Only a well-formed session code goes back into the address (a newline in it would break
    # the Location header).
    code = (form.code.data or "").upper()
    anchor = f"#s-{code}" if CODE_PATTERN.match(code) else ""
    return press(
        lambda: agenda_service.set_star(
            registration, releases.latest(g.event), code, form.starred.data == "1"
        ),
        done=_l("Your agenda has been saved."),
        back=url_for("schedule.agenda", secret=secret) + anchor,
        form=form,
        invalid=_l("The request could not be understood. Please reload the page."),
    )


@bp.get("/schedule/agenda/<token>.ics")
@no_store
def agenda_feed(token: str):
    registration = agenda_service.registration_for_feed(g.event, token)
    published = releases.latest(g.event)
    if registration is None or published is None:
        abort(404)
    starred = agenda_service.starred_ids(registration)
    body = exporters.calendar(
        published.payload,
        published.info.version,
        current_app.config["PUBLIC_URL"],
        published.info.created_at,
        sessions=[entry for entry in published.sessions if entry["id"] in starred],
        name=str(_l("My agenda")) + f" · {g.event.name}",
    )
    return Response(body, mimetype="text/calendar")

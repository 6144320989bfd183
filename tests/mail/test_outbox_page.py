from __future__ import annotations

import threading

from showcase.extensions import db
from showcase.mail.models import OutboxMessage, OutboxStatus
from showcase.mail.services import queue_email


def queue(app, address="delegate@city.example"):
    with app.app_context():
        message = queue_email(
            "mail/test_message", address, language="th", context={"recipient": address}
        )
        db.session.commit()
        return message.id


def test_outbox_lists_messages_by_status_and_shows_one(app, client, login):
    login("organiser")
    message_id = queue(app)
    page = client.get("/manage/outbox/", query_string={"status": "queued"}).get_data(as_text=True)
    assert "ข้อความทดสอบจาก Showcase" in page
    assert "delegate@city.example" in page
    assert "ข้อความทดสอบ" not in client.get(
        "/manage/outbox/", query_string={"status": "sent"}
    ).get_data(as_text=True)
    shown = client.get(f"/manage/outbox/{message_id}").get_data(as_text=True)
    assert "ถ้าคุณอ่านข้อความนี้ได้" in shown  # the plain-text body
    frame = client.get(f"/manage/outbox/{message_id}/body.html")
    assert frame.status_code == 200
    assert "sandbox" in frame.headers["Content-Security-Policy"]


def test_outbox_cancel_and_retry(app, client, login):
    login("organiser")
    message_id = queue(app)
    assert client.post(f"/manage/outbox/{message_id}/cancel").status_code == 303
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).status == OutboxStatus.CANCELLED
    client.post(f"/manage/outbox/{message_id}/cancel")
    page = client.get(f"/manage/outbox/{message_id}").get_data(as_text=True)
    assert "Only queued or failed messages can be cancelled." in page
    assert client.post(f"/manage/outbox/{message_id}/retry").status_code == 303
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).status == OutboxStatus.QUEUED


def test_outbox_search(app, client, login):
    login("organiser")
    queue(app, "first@city.example")
    queue(app, "second@city.example")
    page = client.get("/manage/outbox/", query_string={"q": "second"}).get_data(as_text=True)
    assert "second@city.example" in page and "first@city.example" not in page


def test_send_test_command_queues_a_message(app):
    result = app.test_cli_runner().invoke(
        args=["outbox", "send-test", "ops@depa.example", "--language", "th"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        message = db.session.scalar(db.select(OutboxMessage))
        assert message.recipient == "ops@depa.example" and message.language == "th"
    bad = app.test_cli_runner().invoke(args=["outbox", "send-test", "nope"])
    assert bad.exit_code == 1


def delivery_notice(client) -> tuple[str, str]:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get("/manage/outbox/").data, "html.parser")
    notice = page.select_one(".outbox-delivery")
    return notice["data-state"], " ".join(notice.get_text().split())


def test_outbox_page_states_the_workers_delivery_setting_not_the_web_servers(
    app, client, login, database_url, smtp_server
):
    """The web server runs with delivery off, the worker (another process, its own settings)
    with delivery on: the page says what the worker does."""
    from tests.helpers import make_app

    app.config["MAIL_DELIVERY"] = False
    login("organiser")
    queue(app)
    assert delivery_notice(client) == (
        "never",
        "No outbox worker has run yet: messages stay queued here until one runs "
        "(flask outbox work).",
    )
    worker_app = make_app(
        database_url, MAIL_DELIVERY=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port
    )
    stop = threading.Event()
    with worker_app.app_context():
        thread = threading.Thread(target=run_worker, args=(worker_app, stop), daemon=True)
        thread.start()
        assert len(smtp_server.wait_for(1)) == 1
        state, text = delivery_notice(client)
        assert state == "delivering"
        assert text == (
            f"Mail delivery is on: 1 outbox worker is sending through 127.0.0.1:{smtp_server.port}."
        )
        stop.set()
        thread.join(timeout=10)
    state, text = delivery_notice(client)
    assert state == "stopped"
    assert text.startswith("No outbox worker is running (the last one stopped reporting")


def run_worker(worker_app, stop) -> None:
    from showcase.mail.worker import work

    with worker_app.app_context():
        work(stop=stop)


def test_outbox_page_says_when_the_worker_runs_with_delivery_off(
    app, client, login, database_url, runner
):
    """Here the web server would deliver, but the worker was started with delivery off."""
    from tests.helpers import make_app

    login("organiser")
    worker_app = make_app(database_url, MAIL_DELIVERY=False)
    result = worker_app.test_cli_runner().invoke(args=["outbox", "work", "--once"])
    assert "Mail delivery is switched off (MAIL_DELIVERY=false)" in result.output
    state, text = delivery_notice(client)
    assert state == "stopped_without_delivery"
    assert text.startswith(
        "Mail delivery is switched off for the outbox worker (MAIL_DELIVERY=false"
    )
    assert text.endswith("messages stay queued here and can be read below.")


def test_outbox_list_names_the_language(app, client, login):
    from bs4 import BeautifulSoup

    login("organiser")
    queue(app)
    page = BeautifulSoup(client.get("/manage/outbox/").data, "html.parser")
    [row] = page.select("tbody tr")
    assert [cell.get_text(strip=True) for cell in row.find_all("td")][3] == "ไทย"


def test_outbox_says_how_many_mail_requests_wait_for_the_worker(app, client, login, event):
    from showcase.events.services import get_event
    from showcase.mail.requests import request_email, resolve_requests

    login("organiser")
    assert "wait for the outbox worker" not in client.get("/manage/outbox/").text
    with app.app_context():
        for address in ("a@city.example", "b@city.example"):
            request_email("speaker-link", address, event=get_event(event))
        db.session.commit()
    page = client.get("/manage/outbox/").get_data(as_text=True)
    assert "2 emails asked for on public pages (lost links, sign-in notices) wait" in page
    client.set_cookie("showcase_lang", "th")
    assert "รอตัวส่งอีเมล" in client.get("/manage/outbox/").get_data(as_text=True)
    with app.app_context():
        resolve_requests()
    assert "wait for the outbox worker" not in client.get("/manage/outbox/").text

"""gunicorn's settings for Showcase, read from the working directory by ``gunicorn wsgi:app``.

Command-line options (``--bind``, ``--workers``, ``--control-socket``) override what is set here.
"""

from __future__ import annotations

import os
import re

import gunicorn.http.wsgi
from gunicorn.config import ControlSocket

# Responses name the site, not the server software and its version ("Server: Showcase").
gunicorn.http.wsgi.SERVER = "Showcase"

if os.environ.get("GUNICORN_WORKERS"):
    workers = int(os.environ["GUNICORN_WORKERS"])
# A print run of thousands of badges is one request of up to a minute (showcase/badges/); the
# default of 30 seconds would end its worker half-way.
timeout = 120


def control_socket_for(binds: list[str], directory: str) -> str:
    """A control socket of this server's own, named after the addresses it listens on."""
    name = re.sub(r"[^A-Za-z0-9.]+", "-", "_".join(binds)).strip("-") or "default"
    return os.path.join(directory, f"showcase-{name}.ctl")


def on_starting(server) -> None:
    # gunicorn 25.1+ opens a control socket for `gunicornc` at one path per user
    # ($XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl): a second server on the host
    # would take it over from the first. Unless a path is given (GUNICORN_CONTROL_SOCKET or
    # --control-socket), each server gets its own, beside the default one.
    cfg = server.cfg
    if cfg.control_socket_disable:
        return
    chosen = os.environ.get("GUNICORN_CONTROL_SOCKET")
    if not chosen and cfg.control_socket == ControlSocket.default:
        chosen = control_socket_for(cfg.bind, os.path.dirname(ControlSocket.default))
    if chosen:
        os.makedirs(os.path.dirname(os.path.abspath(chosen)), exist_ok=True)
        cfg.set("control_socket", chosen)
        server.log.info("Control socket: %s", chosen)

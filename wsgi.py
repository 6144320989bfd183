"""Entry point for gunicorn (``gunicorn wsgi:app``) and the ``flask`` command."""

import sys

from config import ConfigError
from showcase import create_app

try:
    app = create_app()
except ConfigError as error:
    sys.stderr.write(f"Showcase cannot start: {error}\n")
    raise SystemExit(1) from None

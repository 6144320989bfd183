"""Names that look unused to vulture but are called by a framework or by later features.

Each line uses a name the way its caller does, so that scripts/unused_code.py counts it as used."""

# ruff: noqa: B018

_ = None
# Flask-Login's user protocol and SQLAlchemy's TypeDecorator protocol.
_.get_id
_.process_bind_param
_.process_result_value
# Flask's session interface and WTForms' Meta options.
_.open_session
_.to_python
_.session_interface
_.Meta
# Python's email package folds a header object itself; Flask-Mail builds its message here.
_.fold
_._message
# Flask calls url_defaults hooks.
_.add_event
# The shared kit for PDFs and spreadsheets, which the badge, letter and report features call.
_.render_pdf
_.xlsx_response

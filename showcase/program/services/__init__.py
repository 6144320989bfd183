"""The programme's rules: the session state machine (``transitions``), proposals, speakers
(``people``), rooms (``rooms``), reviews (``reviews``), the organisers' lists and exports
(``queries``), settings and public codes."""

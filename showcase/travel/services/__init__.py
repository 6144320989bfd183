"""The rules of travel: plans (``plans``), partner hotels (``hotels``), the organisers' lists
(``lists``), the settings and the retention of travel details (``settings``)."""

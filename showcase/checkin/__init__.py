"""The door: check-in points (gates) and their rules, scans from phones (online and offline,
each applied once), the self-check-in kiosk and live arrivals."""

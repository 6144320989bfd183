"""Arrival logistics for delegations: each person's arrival, departure, hotel and airport
transfers, the organisers' partner hotels, and the lists built from them (the daily arrivals
manifest, departures, who stays at which hotel, transfer totals)."""

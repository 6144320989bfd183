"""Delegations: a city's group (a mayor or governor, officials, engineers, a protocol officer)
arranged by its international-relations office, whose members are registrations."""

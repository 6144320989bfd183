"""The schedule's rules: placing sessions in the draft (``placement``), publishing releases
(``publishing``) and reading published releases (``releases``).

Services flush and leave committing to the caller, except where a lock must be held from the
first read (``write_transaction``), as booths do.
"""

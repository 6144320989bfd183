"""The rules of badge printing: ``selection`` (which badges a run prints) and ``printing`` (the
print run, reprints, the print log's personal data and its retention)."""

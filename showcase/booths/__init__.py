"""Exhibitor booths: halls and booths on a floor plan, applications from cities, the directory."""

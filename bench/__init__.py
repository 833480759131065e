"""Benchmarks: they print figures (medians over repeats, ratios against a baseline measured in the same
run) and are never run by the unit tests. ``make bench`` runs them all."""

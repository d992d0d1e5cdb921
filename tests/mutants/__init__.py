"""Deliberate faults in mm/ and the runner that checks the tests catch them
(`make mutants`, tests/suites/35_mutants.py)."""

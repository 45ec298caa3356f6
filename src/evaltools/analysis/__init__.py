"""Analyses: one method per module. Each is a pure function of (data, parameters) that
returns a result object (see :mod:`evaltools.results`)."""

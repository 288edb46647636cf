"""Rasa's own command line with one measured cost removed (see __main__.py)."""

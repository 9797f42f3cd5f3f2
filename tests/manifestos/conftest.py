"""Fixtures of the manifestos tests: the lobby follow-through set-up (see lobby.py)."""

from .lobby import lobby  # noqa: F401

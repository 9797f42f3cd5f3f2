"""The manifesto admin: campaigns with their editions (`campaigns`), editions, themes and
recommendations (`editions`), and the lobby follow-through (`manifestos.lobby.admin`,
imported here so that Django's admin finds it)."""

from manifestos.lobby import admin as lobby_admin

from . import campaigns, editions

__all__ = ["campaigns", "editions", "lobby_admin"]

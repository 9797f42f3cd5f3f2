"""Lobby follow-through: which parties got the manifesto, and what they did with it.

- `models`: parties per campaign and region, their stages (sent, reaction) and the
  recommendations they adopted (in their programme, in a coalition agreement);
- `access`: who may record what (staff everything, a regiomanager their own district);
- `services`: multi-row writes (stamping who recorded a stage, bulk "sent", deleting);
- `imports`: the party-list import (CSV or xlsx, read by `config.tables`);
- `reach`: the staff dashboard's figures, charts and exports;
- `public`: the "wat deden de partijen" section of a municipality page;
- `admin`: the back office for all of it.
"""

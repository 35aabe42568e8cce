"""What a route asks FastAPI for: the case the app serves and the acting user.

Its own module so that the views import it without importing :mod:`sabt.web.app`, which
imports the views (the circle app ↔ views/{api,pages} is gone).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from sabt.case import Case
from sabt.web.permissions import Actor


# dependencies that only read request state are ``async``: FastAPI runs a plain ``def``
# dependency in the thread pool, a hop that costs more than the lookup itself
async def current_actor(request: Request) -> Actor:
    return request.state.actor


async def get_case(request: Request) -> Case:
    return request.app.state.case


CurrentActor = Annotated[Actor, Depends(current_actor)]
CaseDep = Annotated[Case, Depends(get_case)]

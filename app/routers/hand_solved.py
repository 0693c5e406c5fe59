"""Hot routes whose common case is solved by hand, in front of FastAPI's dependency solving.

FastAPI works out every dependency of a route on each request: cache keys, scopes and
signature checks per node. On the share POST that was a third of the event loop's
time under load. A hand-solved route keeps its usual declaration (dependencies, body
model, response model, OpenAPI entry) and adds a function that answers the common
case itself by calling the same dependencies directly. Whenever that function
returns None, the request goes on to the framework's own handler, with the body it
has read, so every other case (validation errors, optional headers, anything new)
is answered exactly as the declaration says. The fast function must have no side
effect before it decides to hand over; `solves` names the dependencies it calls,
and tests/routers/test_route_style.py holds every hand-solved route to that list.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Collection, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import BackgroundTasks, Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)
FastPath = Callable[[Request, BackgroundTasks], Awaitable[Response | None]]


class HandSolvedRoute(APIRoute):
    """An APIRoute that first asks `fast`; see the module's text."""

    fast: FastPath
    solves: frozenset[Callable[..., Any]]

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        framework = super().get_route_handler()
        fast = self.fast

        async def handler(request: Request) -> Response:
            background = BackgroundTasks()
            response = await fast(request, background)
            if response is None:
                response = await framework(request)
            if background.tasks:  # what the fast path's dependencies queued
                if response.background is not None:
                    background.add_task(response.background)
                response.background = background
            return response

        return handler


def hand_solved(fast: FastPath, *, solves: Collection[Callable[..., Any]]) -> type[APIRoute]:
    """The route class for a router whose route answers its common case with `fast`."""
    return type(
        "HandSolvedRoute",
        (HandSolvedRoute,),
        {"fast": staticmethod(fast), "solves": frozenset(solves)},
    )


@dataclass(frozen=True)
class JsonBody:
    """A fast path's body, read in the framework's order: JSON first, the model after
    the dependencies (so a malformed body is a 422 even without a key)."""

    document: Any

    @classmethod
    async def read(cls, request: Request) -> JsonBody | None:
        """The body as JSON, or None (hand over) unless it is plain `application/json`."""
        content_type = request.headers.get("content-type", "")
        if content_type.split(";", 1)[0].strip().lower() != "application/json":
            return None
        try:
            return cls(json.loads(await request.body()))
        except ValueError:  # malformed JSON or UTF-8: the framework's 422
            return None

    def validated(self, model: type[Model]) -> Model | None:
        """The body as `model`, or None (hand over) when it does not validate."""
        try:
            return model.model_validate(self.document)
        except ValidationError:  # the framework's 422, with its error locations
            return None

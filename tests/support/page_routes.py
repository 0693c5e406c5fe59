"""The UI's HTML pages, found from the app's routes so that new pages are covered by themselves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import product

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts


def html_routes(
    app: FastAPI, values: Mapping[str, Sequence[str]], *, every_page: bool = True
) -> list[str]:
    """Every GET page (routes outside the OpenAPI schema), path parameters filled from `values`.

    With every_page, a page whose parameters have no values fails loudly; without it,
    such a page (one that needs data behind an id) is left out.
    """
    paths = []
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or route.include_in_schema:
            continue
        path = route.path_format or ""
        if "GET" not in (route.methods or ()) or path.startswith("/api"):
            continue
        names = list(route.param_convertors)
        if not all(name in values for name in names):
            assert not every_page, f"no value for the parameters of {path}"
            continue
        for chosen in product(*(values[name] for name in names)):
            paths.append(path.format(**dict(zip(names, chosen, strict=True))))
    return paths

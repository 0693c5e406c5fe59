"""One transaction boundary: services take a session; only the outer layers open one."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
# The CLI's one helper, the worker loop and the /s/ flush task; requests go through
# the app's Database (db.py), which only the request layer holds.
OUTER_LAYERS = {"cli.py", "worker.py", "short_links/redirect.py"}
REQUEST_LAYER = {"main.py", "dependencies.py", "web/api_auth.py", "web/visitors.py"}
# Besides those: the lifespan owns the web process's engine; Alembic reads the revision.
ENGINE_OWNERS = OUTER_LAYERS | {"db.py", "main.py", "migrate.py", "migrations/env.py"}


def _sources() -> dict[str, ast.Module]:
    return {
        str(path.relative_to(APP)): ast.parse(path.read_text())
        for path in sorted(APP.rglob("*.py"))
    }


def _imports_from_db(tree: ast.Module) -> set[str]:
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "app.db"
        for alias in node.names
    }


def _engine_parameters(tree: ast.Module) -> list[str]:
    return [
        f"{node.name}({arg.arg})"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for arg in [*node.args.args, *node.args.kwonlyargs]
        if arg.arg == "engine" or (arg.annotation and ast.unparse(arg.annotation) == "Engine")
    ]


def test_only_the_outer_layers_open_transactions() -> None:
    opening = {
        name
        for name, tree in _sources().items()
        if _imports_from_db(tree) & {"transaction", "writer"}
    }
    assert opening == OUTER_LAYERS


def test_only_the_request_layer_holds_the_database() -> None:
    holding = {
        name
        for name, tree in _sources().items()
        if "Database" in _imports_from_db(tree) and not name.startswith("routers/")
    }
    assert holding <= REQUEST_LAYER


def test_no_service_takes_an_engine() -> None:
    taking = {
        f"{name}: {', '.join(found)}"
        for name, tree in _sources().items()
        if name not in ENGINE_OWNERS and (found := _engine_parameters(tree))
    }
    assert taking == set()

"""One scheme for every operation: `<resource>_<verb>` ids, scopes on routers, rows shown by .of."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.db
API = Path(__file__).resolve().parents[3] / "app" / "routers" / "api"
# The verb an operation's id ends in follows from its method; a POST to a path that
# ends in one of these verbs is that action instead of a creation.
VERBS = {"put": "upsert", "patch": "update", "delete": "delete", "post": "create"}
ACTIONS = {"rotate-secret", "retry"}


def singular(noun: str) -> str:
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    return noun.removesuffix("s")


def expected_id(path: str, method: str, operation: dict[str, Any]) -> str:
    """The id the scheme gives an operation: its path's nouns, then the verb."""
    segments = path.removeprefix("/api/v1").strip("/").split("/")
    if method == "post" and segments[-1] in ACTIONS:
        *segments, verb = segments
    elif method == "get":
        verb = "list" if _is_page(operation) else "get"
    else:
        verb = VERBS[method]
    nouns = [
        singular(segment) if following.startswith("{") else segment
        for segment, following in zip(segments, [*segments[1:], ""], strict=True)
        if not segment.startswith("{")
    ]
    return "_".join([*nouns, verb]).replace("-", "_")


def _is_page(operation: dict[str, Any]) -> bool:
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    return "Page" in schema.get("$ref", "")


def test_every_operation_id_names_its_resource_and_verb(client: httpx.Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    found = [
        (f"{method.upper()} {path}", operation["operationId"], expected_id(path, method, operation))
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    ]
    assert [(op, got) for op, got, wanted in found if got != wanted] == []
    ids = [got for _, got, _ in found]
    assert len(ids) == len(set(ids))
    assert {"content_list", "webhook_deliveries_list", "healthz_get"} <= set(ids)


def _modules() -> list[tuple[str, ast.Module]]:
    return [(path.name, ast.parse(path.read_text())) for path in sorted(API.glob("*.py"))]


def test_scopes_are_named_once_per_router() -> None:
    """RequireScope appears only in `APIRouter(dependencies=…)`, never on a route."""
    misplaced = []
    for name, module in _modules():
        routers = {
            id(node)
            for node in ast.walk(module)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "APIRouter"
        }
        for node in ast.walk(module):
            if isinstance(node, ast.Call) and id(node) not in routers:
                if any(k.arg == "dependencies" for k in node.keywords):
                    misplaced.append(f"{name}:{node.lineno}")
            if isinstance(node, ast.FunctionDef) and "RequireScope" in ast.unparse(node.args):
                misplaced.append(f"{name}:{node.lineno}")
    assert misplaced == []


def test_routers_show_rows_through_public_models_of() -> None:
    """No second way to turn a row into an answer: no model_validate, no *_public helper."""
    helpers = re.compile(r"\w+_public$|^_public$")
    found = [
        f"{name}:{node.lineno}"
        for name, module in _modules()
        for node in ast.walk(module)
        if (isinstance(node, ast.Attribute) and node.attr == "model_validate")
        or (isinstance(node, ast.Name) and helpers.match(node.id))
    ]
    assert found == []

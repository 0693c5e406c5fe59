"""One scheme for every operation: scopes named once, on the router; rows shown by .of."""

from __future__ import annotations

import ast
import re
from pathlib import Path

API = Path(__file__).resolve().parents[3] / "app" / "routers" / "api"


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

"""One scheme for every operation: scopes named once, on the router."""

from __future__ import annotations

import ast
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

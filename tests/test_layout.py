"""The layout a newcomer relies on: packages say what they own and what they must not import."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"
FORBIDDEN_NAMES = {"utils", "helpers", "data", "manager"}
RULE = re.compile(
    r"^Must not import: (?P<never>[^;\n]+?)(?:; of web only (?P<web>[^;\n]+?))?[.;](?:\s|$)", re.M
)


def _modules() -> list[str]:
    names = []
    for path in sorted(APP.rglob("*.py")):
        parts = path.relative_to(APP.parent).with_suffix("").parts
        if parts[-1] == "__main__":
            continue  # running the command is what importing it does
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def _packages() -> list[Path]:
    return sorted(path.parent for path in APP.rglob("__init__.py"))


def _imports(path: Path) -> set[str]:
    """Every app module a file imports, at any depth (function-level imports count too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("app"))
    return found


def test_every_module_imports_on_its_own() -> None:
    """No import cycles: each module, imported first in a fresh interpreter, loads."""
    # One fresh interpreter loads the third-party libraries, then forks a child per
    # module that imports it first: an import cycle cannot hide behind import order.
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH, *_modules()],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=APP.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr


IMPORT_EACH = """
import importlib, os, sys
for library in ("fastapi", "sqlmodel", "sqlalchemy", "pydantic", "jinja2", "httpx", "typer"):
    importlib.import_module(library)
failed = 0
for module in sys.argv[1:]:
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(module)
        except BaseException as error:
            print(f"{module}: {type(error).__name__}: {error}")
            sys.stdout.flush()
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    failed += status != 0
sys.exit(1 if failed else 0)
"""


@pytest.mark.parametrize("package", _packages(), ids=lambda p: str(p.relative_to(APP.parent)))
def test_every_package_says_what_it_owns_and_must_not_import(package: Path) -> None:
    docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text())) or ""
    assert docstring, f"{package}/__init__.py has no docstring"
    if package == APP:
        return
    assert docstring.startswith("Owns "), docstring
    assert RULE.search(docstring), f"{package}: no 'Must not import: …' line"


@pytest.mark.parametrize("package", _packages(), ids=lambda p: str(p.relative_to(APP.parent)))
def test_packages_keep_their_import_rules(package: Path) -> None:
    """What a package's docstring says it must not import, none of its modules imports."""
    docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text())) or ""
    rule = RULE.search(docstring)
    if rule is None:
        return
    never = [f"app.{name.strip()}" for name in rule["never"].split(",")]
    web_only = rule["web"] and {f"app.web.{n.strip()}" for n in rule["web"].split(",")}
    broken = []
    for path in package.rglob("*.py"):
        for imported in _imports(path):
            if any(imported == n or imported.startswith(f"{n}.") for n in never):
                broken.append(f"{path.relative_to(APP.parent)} imports {imported}")
            if web_only and imported.startswith("app.web.") and imported.count(".") == 2:
                if imported not in web_only:
                    broken.append(f"{path.relative_to(APP.parent)} imports {imported}")
    assert broken == []


def test_only_the_cli_and_the_demo_pages_import_the_demo() -> None:
    importers = {
        str(path.relative_to(APP.parent))
        for path in APP.rglob("*.py")
        if "demo" not in path.relative_to(APP).parts[:1]
        and any(m == "app.demo" or m.startswith("app.demo.") for m in _imports(path))
    }
    assert importers <= {"app/cli.py", "app/routers/ui/demo.py", "app/routers/ui/pages.py"}


def test_folders_stay_small_and_names_say_what_things_are() -> None:
    for folder in [APP, *(p for p in APP.rglob("*") if p.is_dir())]:
        modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        limit = 12 if folder == APP else 15
        assert len(modules) <= limit, f"{folder} holds {len(modules)} modules"
        assert not {p.stem for p in modules} & FORBIDDEN_NAMES, folder


def test_pre_commit_runs_what_make_lint_runs() -> None:
    """The pre-commit hooks are valid and run ruff (check and format) and mypy, like `make lint`."""
    root = APP.parent
    config = root / ".pre-commit-config.yaml"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "pre-commit"), "validate-config", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    entries = re.findall(r"entry: \.venv/bin/(\S+ ?\S*)", config.read_text())
    lint = (root / "Makefile").read_text().split("\nlint:", 1)[1].split("\n\n", 1)[0]
    for tool in ("ruff check", "ruff format", "mypy"):
        assert any(entry.startswith(tool) for entry in entries), tool
        assert f"$(BIN)/{tool}" in lint, tool

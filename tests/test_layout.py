"""The floor plan a newcomer reads (docs/layout.md): short modules, or a stated reason."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["config", "regions", "campaigns", "manifestos"]
MAX_LINES = 400
REASON = "Longer than most modules on purpose"


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_a_long_module_says_why_at_its_top():
    unexplained = []
    for path in _modules():
        source = path.read_text()
        lines = source.count("\n")
        if lines > MAX_LINES and REASON not in (ast.get_docstring(ast.parse(source)) or ""):
            unexplained.append(f"{path.relative_to(ROOT)} ({lines} lines)")
    assert not unexplained, (
        f"Split these by concern, or say at their top why each is one module "
        f"('{REASON}: …'): {', '.join(unexplained)}"
    )

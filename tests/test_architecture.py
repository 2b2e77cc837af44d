"""The layout stays readable: each package imports only the layers below it, no module imports
itself back through others, and modules stay small (docs/architecture.md)."""

from __future__ import annotations

import ast
import statistics
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"

# Lower layers first. A module may import its own package and any layer below its own; packages
# on the same layer may not import each other. The bottom layer is single modules.
LAYERS: list[set[str]] = [
    {"assistant", "types", "settings", "paths", "errors", "text", "stopwords", "sentence_split"}
    | {"offline", "interfaces", "compounds", "user_input"},
    {"retrieval"},
    {"ingest", "answering"},
    {"debate"},  # below service: Assistant.brief wires it, as ask wires answering
    {"service"},
    {"evaluation", "bench"},
    {"app"},
]
MAX_LINES = 400
MAX_MEDIAN = 150


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(path: Path, known: set[str]) -> set[str]:
    """Project modules a file imports, anywhere in it (also inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] == "assistant":
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names} & known
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "assistant"}
    return found


def area(module: str) -> str:
    """The package (or bottom-layer module) a module belongs to: 'ingest', 'types', ..."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "assistant"


def layer(module: str) -> int:
    name = area(module)
    return next(i for i, group in enumerate(LAYERS) if name in group)


def test_every_package_has_a_layer():
    for module in modules():
        assert any(area(module) in group for group in LAYERS), f"{module}: add it to a layer in LAYERS"


def test_imports_go_down_the_layers():
    mods = modules()
    wrong = []
    for module, path in mods.items():
        for target in imports(path, set(mods)):
            if area(target) == area(module):
                continue
            if layer(target) > layer(module) or (layer(target) == layer(module) and layer(module) > 0):
                wrong.append(f"{module} -> {target}")
    assert not wrong, "imports against the layering (docs/architecture.md):\n" + "\n".join(sorted(wrong))


def test_no_import_cycles():
    mods = modules()
    graph = {m: imports(p, set(mods)) & set(mods) - {m} for m, p in mods.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif not state.get(nxt):
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if not state.get(node):
            visit(node, [])
    assert not cycles, cycles


def test_modules_stay_small():
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in modules().items()}
    too_big = {m: n for m, n in sizes.items() if n > MAX_LINES}
    assert not too_big, f"split these (over {MAX_LINES} lines): {too_big}"
    non_empty = [n for n in sizes.values() if n > 5]  # package markers do not count
    assert statistics.median(non_empty) <= MAX_MEDIAN


def test_a_command_starts_without_loading_what_it_does_not_use():
    # no work at import: every command imports the CLI and the service, and 'assistant ingest'
    # (or an extractive 'ask') needs neither LangChain's chat models nor terms of words (the
    # first loads the lemma dictionaries)
    import subprocess
    import sys

    code = (
        "import sys, assistant.app.cli, assistant.service, assistant.text;"
        "print('assistant.answering.generative' in sys.modules, assistant.text._word_terms.cache_info().misses)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "0"]

"""Every Python example of the README runs, from the repository root, as written."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S)


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_example(code, monkeypatch):
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {"__name__": "__readme__"})


def test_readme_has_examples():
    assert BLOCKS and os.path.exists(ROOT / "fixtures" / "sample_ofii.csv")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_setup_command_installs_what_the_package_imports():
    """Every third-party module piiscan imports (the Presidio and NER modules included) comes from a
    distribution declared in the core dependencies or in an extra the README's set-up command installs:
    the README's Presidio snippet once failed after the set-up with `No module named 'regex'`."""
    import ast
    import importlib.metadata
    import sys
    import tomllib

    readme = (ROOT / "README.md").read_text("utf-8")
    setup = re.search(r"```bash\n(python3 -m venv [^\n]*pip install '\.\[([\w,-]+)\]'[^\n]*)\n```", readme)
    assert setup, "the README's set-up command installs the project with its extras"
    extras = setup.group(2).split(",")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["name"] != "piiscan"  # an unrelated project owns that name on the package index
    requirements = project["dependencies"] + [r for e in extras for r in project["optional-dependencies"][e]]
    declared = {_normalise(re.split(r"[\s<>=!~\[;]", r, maxsplit=1)[0]) for r in requirements}
    # `dask[distributed]`: the extra of a dependency named after the distribution it brings
    declared |= {_normalise(x) for r in requirements for m in re.findall(r"\[([^\]]+)\]", r) for x in m.split(",")}
    providers = importlib.metadata.packages_distributions()
    missing = {}
    for path in sorted((ROOT / "piiscan").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in ("piiscan", "__future__", "cffi"):
                    continue  # cffi: only blocked by piiscan.process, never imported by it
                dists = {_normalise(d) for d in providers.get(top, [top])}
                if not dists & declared:
                    missing.setdefault(top, str(path.relative_to(ROOT)))
    assert not missing, f"imported but not declared for the README set-up ({extras}): {missing}"

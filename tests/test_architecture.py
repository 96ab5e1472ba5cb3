"""The package's layers (pyproject.toml, [tool.importlinter]): imports run only downward."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_imports_run_only_downward() -> None:
    # The venv's own lint-imports, on this checkout's sources; run from the repository root, it
    # reads the contract from pyproject.toml there.
    binary = Path(sys.executable).with_name("lint-imports")
    command = [str(binary)] if binary.exists() else [
        sys.executable, "-c",
        "import sys; from importlinter.cli import lint_imports_command; "
        "sys.exit(lint_imports_command())",
    ]
    env = {**os.environ,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"),
                                                       os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(
        [*command, "--no-cache"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken." in result.stdout

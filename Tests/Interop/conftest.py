"""Shared fixtures of the interoperability tests: the nnsh binary under test.

scripts/test runs these with .venv's Python after `swift build`, passing the debug
binary in $NNSH. A missing binary is a failure, never a skip: CI must run every test.
"""
import os
import subprocess
import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


@pytest.fixture(scope="session")
def nnsh():
    path = os.environ.get("NNSH", os.path.join(ROOT, ".build", "debug", "nnsh"))
    assert os.access(path, os.X_OK), f"no nnsh binary at {path}: run swift build first (scripts/test does)"
    return path


@pytest.fixture
def run_nnsh(nnsh, tmp_path):
    """Runs statements with `nnsh -c` in a temporary folder; returns the CompletedProcess."""
    def run(statements, check=True):
        env = dict(os.environ, NO_COLOR="1", OPENBLAS_NUM_THREADS="1")
        p = subprocess.run([nnsh, "-c", statements], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=600)
        if check:
            assert p.returncode == 0, f"nnsh failed ({p.returncode}):\n{p.stdout}\n{p.stderr}"
        return p
    return run

"""The browser libraries hazchem serves are the ones package-lock.json pins, copied by `make vendor`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "hazchem" / "static" / "vendor"
# Served file -> (npm package, file inside the package).
VENDORED = {
    "zxing-library.min.js": ("@zxing/library", "umd/index.min.js"),
    "idb-keyval.umd.js": ("idb-keyval", "dist/umd.js"),
}


def test_lock_pins_every_dependency_exactly() -> None:
    wanted = json.loads((ROOT / "package.json").read_text())["dependencies"]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    for name, version in wanted.items():
        entry = locked[f"node_modules/{name}"]
        assert version == entry["version"], f"{name} is not pinned to the locked version"
        assert entry["integrity"].startswith("sha512-")


@pytest.mark.parametrize("served", sorted(VENDORED))
def test_vendored_file_is_served_with_its_licence(served: str) -> None:
    assert (VENDOR / served).stat().st_size > 1000
    assert (VENDOR / served.split(".")[0]).with_suffix(".LICENSE").exists()


@pytest.mark.parametrize("served", sorted(VENDORED))
def test_vendored_file_matches_the_installed_package(served: str) -> None:
    package, inner = VENDORED[served]
    installed = ROOT / "node_modules" / package / inner
    if not installed.exists():
        pytest.skip("node_modules is absent; `make vendor` installs it from the lock file")
    assert (VENDOR / served).read_bytes() == installed.read_bytes()

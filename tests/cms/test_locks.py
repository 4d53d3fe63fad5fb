"""The two locks: requirements.lock runs the site and holds no test tool; requirements-dev.lock adds
the tools on top of it without moving a runtime pin. Read from the files, without the network."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def lines_of(lock):
    stripped = (line.strip() for line in lock.read_text(encoding="utf-8").splitlines())
    return [line for line in stripped if line and not line.startswith("#")]


def own_pins(lock):
    """The lock's own `name==version` lines (not those of the files it includes)."""
    pins = {}
    for line in lines_of(lock):
        if line.startswith("-r "):
            continue
        name, separator, version = line.partition("==")
        assert separator and version, f"{lock.name}: {line!r} is not pinned with =="
        assert canonicalize_name(name) not in pins, f"{lock.name} pins {name} twice"
        pins[canonicalize_name(name)] = version
    return pins


def pins_with_includes(lock):
    """What `pip install -r lock` installs: its pins and those of every file it includes."""
    pins = own_pins(lock)
    for line in lines_of(lock):
        if line.startswith("-r "):
            for name, version in pins_with_includes(lock.parent / line.removeprefix("-r ")).items():
                assert pins.setdefault(name, version) == version, (
                    f"{lock.name} pins {name}=={pins[name]}, an included lock {version}"
                )
    return pins


def names(requirements):
    return {canonicalize_name(Requirement(requirement).name) for requirement in requirements}


def test_runtime_lock_has_no_test_lint_benchmark_or_fuzz_tool():
    runtime = own_pins(RUNTIME_LOCK)

    assert names(PROJECT["optional-dependencies"]["test"]) & runtime.keys() == set()
    assert {
        "pytest",
        "playwright",
        "moto",
        "flask",
        "hypothesis",
        "ruff",
        "pyinstrument",
    }.isdisjoint(runtime)


def test_runtime_lock_pins_every_runtime_dependency():
    assert names(PROJECT["dependencies"]) - own_pins(RUNTIME_LOCK).keys() == set()


def test_dev_lock_installs_the_runtime_lock_with_the_same_versions():
    assert "-r requirements.lock" in lines_of(DEV_LOCK)
    development = pins_with_includes(DEV_LOCK)

    assert {
        name: (version, development.get(name))
        for name, version in own_pins(RUNTIME_LOCK).items()
        if development.get(name) != version
    } == {}


def test_dev_lock_repeats_no_runtime_pin():
    assert own_pins(DEV_LOCK).keys() & own_pins(RUNTIME_LOCK).keys() == set()


def test_dev_set_pins_every_test_dependency():
    assert (
        names(PROJECT["optional-dependencies"]["test"]) - pins_with_includes(DEV_LOCK).keys()
        == set()
    )


def test_a_dev_pin_that_moves_a_runtime_pin_is_caught(tmp_path):
    (tmp_path / "requirements.lock").write_text("Django==5.2.19\n", encoding="utf-8")
    dev_lock = tmp_path / "requirements-dev.lock"
    dev_lock.write_text("-r requirements.lock\ndjango==5.2.20\n", encoding="utf-8")

    with pytest.raises(AssertionError, match=re.escape("django==5.2.20, an included lock 5.2.19")):
        pins_with_includes(dev_lock)

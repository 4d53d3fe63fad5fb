"""scripts/check_import_cycles.py finds import cycles, function-level imports included, and layer
violations, and passes what has neither; run as `make lint` runs it, on packages made here."""

import subprocess
import sys
import textwrap
from pathlib import Path

CHECKER = Path(__file__).resolve().parents[2] / "scripts" / "check_import_cycles.py"


def write_modules(root, modules):
    for name, source in modules.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")


def check(root, *packages):
    result = subprocess.run(
        [sys.executable, CHECKER, "--root", root, *packages],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.returncode, result.stdout


def test_a_cycle_closed_by_an_import_inside_a_function_fails(tmp_path):
    write_modules(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg import b\n\nVALUE = 1\n",
            "pkg/b.py": """\
                def later():
                    from .a import VALUE

                    return VALUE
            """,
        },
    )

    assert check(tmp_path, "pkg") == (
        1,
        "Import cycle between 2 modules: pkg.a, pkg.b\n"
        "  one cycle: pkg.a -> pkg.b -> pkg.a\n"
        "  the imports that form it:\n"
        "    pkg/a.py:1: pkg.a -> pkg.b: from pkg import b\n"
        "    pkg/b.py:2: pkg.b -> pkg.a: from .a import VALUE  (inside later)\n"
        "FAILED: 1 import cycle(s), 0 layer violation(s) in 3 modules.\n",
    )


def test_a_cycle_through_a_package_init_and_another_package_fails(tmp_path):
    write_modules(
        tmp_path,
        {
            "models/__init__.py": "from .events import Event\n",
            "models/events.py": "import rules.public\n\nclass Event: ...\n",
            "rules/__init__.py": "",
            "rules/public.py": "from models import Event\n",
        },
    )

    returncode, output = check(tmp_path, "models", "rules")

    assert returncode == 1
    assert output.splitlines()[:2] == [
        "Import cycle between 3 modules: models, models.events, rules.public",
        "  one cycle: models -> models.events -> rules.public -> models",
    ]


def test_an_acyclic_pair_passes(tmp_path):
    write_modules(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg.b import helper\n\nVALUE = helper()\n",
            "pkg/b.py": "def helper():\n    return 1\n",
        },
    )

    assert check(tmp_path, "pkg") == (
        0,
        "No import cycle and no layer violation in 3 modules (1 imports) of pkg.\n",
    )


def test_type_checking_imports_and_strawberry_lazy_references_are_not_imports(tmp_path):
    write_modules(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/events.py": "from pkg import groups\n\nclass EventType: ...\n",
            "pkg/groups.py": """\
                from typing import TYPE_CHECKING, Annotated

                import strawberry

                if TYPE_CHECKING:
                    from pkg.events import EventType


                class GroupType:
                    events: list[Annotated["EventType", strawberry.lazy("pkg.events")]]
            """,
        },
    )

    assert check(tmp_path, "pkg") == (
        0,
        "No import cycle and no layer violation in 3 modules (1 imports) of pkg.\n",
    )


def test_jp_importing_a_project_package_is_a_layer_violation(tmp_path):
    write_modules(
        tmp_path,
        {
            "jp/__init__.py": "",
            "jp/time.py": "from home.models import EventPage\n",
            "home/__init__.py": "",
            "home/models.py": "class EventPage: ...\n",
        },
    )

    assert check(tmp_path, "jp", "home") == (
        1,
        "Layer violations (1):\n"
        "  jp/time.py:1: jp.time -> home.models: from home.models import EventPage\n"
        "    jp (below every layer) imports no other project package\n"
        "FAILED: 0 import cycle(s), 1 layer violation(s) in 4 modules.\n",
    )


def test_a_channel_importing_another_channel_outside_the_allowed_edges_fails(tmp_path):
    write_modules(
        tmp_path,
        {
            "feeds/__init__.py": "",
            "feeds/views.py": "def serve():\n    from signage.views import POLL_SECONDS\n",
            "signage/__init__.py": "",
            "signage/views.py": "POLL_SECONDS = 60\n",
        },
    )

    assert check(tmp_path, "feeds", "signage") == (
        1,
        "Layer violations (1):\n"
        "  feeds/views.py:2: feeds.views -> signage.views: "
        "from signage.views import POLL_SECONDS  (inside serve)\n"
        "    a channel imports no other channel (ALLOWED_CHANNEL_EDGES lists the exceptions)\n"
        "FAILED: 0 import cycle(s), 1 layer violation(s) in 4 modules.\n",
    )

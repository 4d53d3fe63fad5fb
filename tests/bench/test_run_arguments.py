"""`python -m bench.run`'s options (`make bench`, `make bench-quick`) and where its data goes.

Only the parsing and naming: the benchmark itself runs for minutes against gunicorn.
"""

import pytest

from bench import endpoints, run
from bench.loads import CONCURRENT, SINGLE, Load, for_mode

EVERY_ENDPOINT = list(endpoints.ENDPOINT_NAMES)


@pytest.fixture(autouse=True)
def no_bench_environment(monkeypatch):
    for variable in run.ENVIRONMENT.values():
        monkeypatch.delenv(variable, raising=False)


def parsed(*argv):
    return vars(run.parse_arguments(list(argv)))


def test_without_options_every_scale_endpoint_and_mode_runs_for_ten_seconds():
    assert parsed() == {
        "quick": False,
        "scales": [1000, 10000, 100000],
        "duration": 10,
        "warmup": 2,
        "connections": 8,
        "threads": 2,
        "endpoints": EVERY_ENDPOINT,
        "modes": ["cold", "cached"],
        "growth": "dense",
        "skip_generate": False,
    }


def test_quick_measures_the_smallest_and_largest_scale_briefly_with_every_endpoint():
    assert parsed("--quick") == {
        "quick": True,
        "scales": [1000, 100000],
        "duration": 3,
        "warmup": 1,
        "connections": 8,
        "threads": 2,
        "endpoints": EVERY_ENDPOINT,
        "modes": ["cold", "cached"],
        "growth": "dense",
        "skip_generate": False,
    }


def test_options_given_override_the_quick_preset():
    arguments = parsed("--quick", "--duration", "5", "--scales", "1000", "--endpoints", "ics")

    assert (arguments["scales"], arguments["duration"], arguments["warmup"]) == ([1000], 5, 1)
    assert arguments["endpoints"] == ["ics"]


def test_the_environment_overrides_the_preset_and_the_command_line_the_environment(
    monkeypatch,
):
    monkeypatch.setenv("BENCH_SCALES", "2000,20000")
    monkeypatch.setenv("BENCH_DURATION", "7")
    monkeypatch.setenv("BENCH_WARMUP", "4")

    arguments = parsed("--quick", "--warmup", "1")

    assert (arguments["scales"], arguments["duration"], arguments["warmup"]) == (
        [2000, 20000],
        7,
        1,
    )


@pytest.mark.parametrize("option", ["--duration", "--warmup"])
def test_a_run_or_warm_up_of_no_time_is_refused(capsys, option):
    # wrk refuses a 0 s run, and without a warm-up the first requests render images.
    with pytest.raises(SystemExit):
        run.parse_arguments(["--quick", option, "0"])

    assert "--duration and --warmup are whole seconds, at least 1" in capsys.readouterr().err


def test_an_unknown_endpoint_or_mode_is_refused(capsys):
    with pytest.raises(SystemExit):
        run.parse_arguments(["--quick", "--endpoints", "graphql-list,nope", "--modes", "warm"])

    assert "unknown endpoints or modes: nope, warm" in capsys.readouterr().err


def test_each_scale_has_a_database_named_after_it():
    assert run.scale_database_url("postgres://postgres@127.0.0.1:5432/kamagaya_bench", 1000) == (
        "postgres://postgres@127.0.0.1:5432/kamagaya_bench_1000"
    )
    assert run.scale_database_url("postgres://u:p@db/bench?sslmode=require", 100000) == (
        "postgres://u:p@db/bench_100000?sslmode=require"
    )
    assert run.scale_database_url("postgres://u:p@db/bench", 100000, "history") == (
        "postgres://u:p@db/bench_history_100000"
    )


def test_cold_runs_by_one_client_then_concurrently_and_cached_concurrently_only():
    assert for_mode("cold", threads=2, connections=8) == [
        Load(SINGLE, threads=1, connections=1),
        Load(CONCURRENT, threads=2, connections=8),
    ]
    assert for_mode("cached", threads=2, connections=8) == [
        Load(CONCURRENT, threads=2, connections=8)
    ]


TARGETS = {
    "event_slug": "sample-bench-event-1",
    "signage_screen": "bench-lobby",
    "signage_query_id": "abc",
    "events_page_path": "/events/",
}


def selected(sessions, *argv):
    arguments = run.parse_arguments(list(argv))
    return [endpoint.name for endpoint in run.selected_endpoints(TARGETS, sessions, arguments)]


def test_quick_mode_times_wagtail_api_v2_at_the_smallest_scale_only():
    assert selected(1000, "--quick") == EVERY_ENDPOINT
    assert selected(100000, "--quick") == [
        name for name in EVERY_ENDPOINT if name != "wagtail-list"
    ]
    assert selected(100000) == EVERY_ENDPOINT


def test_quick_mode_times_wagtail_api_v2_by_one_client_only():
    cold = for_mode("cold", threads=2, connections=8)
    by_name = {endpoint.name: endpoint for endpoint in endpoints.build(TARGETS)}

    assert run.endpoint_loads(by_name["wagtail-list"], cold, quick=True) == [Load(SINGLE, 1, 1)]
    assert run.endpoint_loads(by_name["wagtail-list"], cold, quick=False) == cold
    assert run.endpoint_loads(by_name["graphql-list"], cold, quick=True) == cold

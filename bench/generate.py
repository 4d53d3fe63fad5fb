"""Fill the configured database with benchmark data, topping up what is already there.

    python -m bench.generate --sessions 1000 [--groups 1000] [--growth dense|history]

Uses DJANGO_SETTINGS_MODULE and DATABASE_URL from the environment (development settings if
unset), so `--sessions 10000` after a 1k run adds 9k sessions to the same database.
"""

import argparse
import os
import sys
import time

DEFAULT_SETTINGS = "cms.settings.dev"


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--sessions", type=int, required=True, help="event sessions to have in total"
    )
    parser.add_argument(
        "--groups",
        type=int,
        help="sample groups to have (default 1000: bench.data.DEFAULT_GROUP_COUNT)",
    )
    parser.add_argument(
        "--growth",
        choices=("dense", "history"),
        default="dense",
        help="dense: every session in the next 12 months; history: each further 1,000 sessions "
        "one year further back (bench/data.py)",
    )
    args = parser.parse_args(argv)
    if args.sessions < 0 or (args.groups is not None and args.groups < 1):
        parser.error("--sessions must be 0 or more and --groups 1 or more")
    return args


def report(added, elapsed, counts):
    lines = [
        f"added {added.groups} groups, {added.venues} venues, {added.events} events, "
        f"{added.sessions} sessions in {elapsed:.1f} s",
        "now: " + ", ".join(f"{count} {name}" for name, count in counts.items()),
    ]
    return "\n".join(lines) + "\n"


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()
    # Models can only be imported once Django is set up.
    from .data import generate, table_counts

    targets = {"sessions": args.sessions, "growth": args.growth}
    if args.groups is not None:
        targets["groups"] = args.groups
    started = time.perf_counter()
    added = generate(**targets)
    elapsed = time.perf_counter() - started
    sys.stdout.write(report(added, elapsed, table_counts()))


if __name__ == "__main__":
    main()

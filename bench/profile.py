"""Where one endpoint's time goes: pyinstrument over repeated in-process requests.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kamagaya_bench_1000 \
      DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python -m bench.profile graphql-list [count]

Runs on the bench database with the response cache off, like the probe, and prints the call
tree of the slowest parts. Profile before optimising (docs/performance.md says what this found).
"""

import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ["RESPONSE_CACHE_SECONDS"] = "0"

import django

django.setup()

from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from . import endpoints  # noqa: E402
from .probe import request, targets  # noqa: E402

DEFAULT_COUNT = 20


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "graphql-list"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_COUNT
    endpoint = {each.name: each for each in endpoints.build(targets())}[name]
    client = Client()
    request(client, endpoint)  # renditions and per-process caches, as a running server has them
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(count):
            response = request(client, endpoint)
            assert response.status_code == 200, response.content[:300]
    print(
        profiler.output_text(
            unicode=True,
            color=False,
            show_all=os.environ.get("PROFILE_ALL") == "1",
            short_mode=True,
        )
    )


if __name__ == "__main__":
    main()

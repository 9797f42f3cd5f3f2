"""What users run, for bench/run.py: the production configuration as the README deploys
it, the same with Redis, and the seconds after a save.

Over all municipality pages of GR2026, with `wrk -t2 -c16` as the other rows:

- `municipality_all`: the benchmark's plain server (2 sync workers);
- `production`: config/gunicorn.conf.py exactly as documented (4 gthread workers x 4
  threads on 2 cores, workers recycled after about 2,000 requests, the access log
  written to a file), the default cache (files shared by the workers);
- `production_redis`: the same with CACHE_URL pointing at Redis (when one answers on
  127.0.0.1:6379);
- `after_save`: on the production server, warm, a recommendation of GR2026 is saved
  (every stored page is out of date from then on; their frames stay: the editor's usual
  save); `after_campaign_save`: the same for a save of the campaign GR2026 (pages and
  frames out of date: every page is rendered again); then `timeline` (16 Python client
  threads on keep-alive connections, as wrk's 16 connections: wrk reports only a whole
  run, and runs of a second each would drop the requests still in flight at each end)
  measures requests/s, p99 and errors for each of the next seconds, beside its own
  figure for the warm site just before the save.

`shipped_targets` judges them (tests/test_bench.py).
"""

import http.client
import socket
import subprocess
import sys
import threading
import time

from bench.harness import CAMPAIGN, ROOT, Server, log, warm_workers, wrk

REDIS_URL = "redis://127.0.0.1:6379/15"

TARGETS = {
    "production_ratio": 0.85,  # production / plain 2-worker server, all municipality pages
    "production_p99_ms": 20,
    "redis_ratio": 0.8,  # production with Redis / production with the default cache
    "after_save_first_ratio": 0.5,  # the first second after a save / warm
    "after_save_first_p99_ms": 50,
    "after_save_back_ratio": 0.9,  # the third second after a save / warm
}


def _manage_shell(env, code):
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def municipality_paths(env):
    """Every municipality page of GR2026 (342 with the demo content)."""
    slugs = _manage_shell(
        env,
        "from regions.models import Municipality; "
        "print(' '.join(Municipality.objects.current().values_list('slug', flat=True)))",
    ).split()
    return [f"/{CAMPAIGN}/gemeente/{slug}/" for slug in slugs]


def save_a_recommendation(env):
    """What an editor's save does to the stored pages: every one is out of date."""
    _manage_shell(
        env,
        "from manifestos.models import Recommendation; "
        f"Recommendation.objects.filter(theme__edition__campaign__slug='{CAMPAIGN}')"
        ".order_by('pk').first().save()",
    )


def save_the_campaign(env):
    """A save of the campaign: every stored page and frame is out of date."""
    _manage_shell(
        env,
        f"from campaigns.models import Campaign; Campaign.objects.get(slug='{CAMPAIGN}').save()",
    )


# The saves measured: (key in the results, what is saved, how).
SAVES = (
    ("after_save", "a save", save_a_recommendation),
    ("after_campaign_save", "a campaign save", save_the_campaign),
)


def redis_is_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def _measure(server, paths, duration):
    warm_workers(server.port, paths, 1, threads=4)
    wrk(server.base, paths, 1)
    return wrk(server.base, paths, duration)


def measure(env, var, duration, after_save_seconds, pages=None):
    """The rows above; `pages`: only so many municipality pages (the short run)."""
    paths = municipality_paths(env)[:pages]
    log(f"[shipped] {len(paths)} municipality pages")
    results = {"pages": len(paths)}
    with Server(env) as plain:
        log("[shipped] wrk plain server, all municipality pages")
        results["municipality_all"] = _measure(plain, paths, duration)
    production = {"access_log": str(var / "access.log")}
    with Server(env, production=True, **production) as server:
        log("[shipped] wrk production configuration, all municipality pages")
        results["production"] = _measure(server, paths, duration)
        for key, label, save in SAVES:
            log(f"[shipped] the seconds after {label}")
            results[key] = _after_save(env, server, paths, after_save_seconds, save)
    if redis_is_up():
        redis_env = {**env, "CACHE_URL": REDIS_URL}
        with Server(redis_env, production=True, **production) as server:
            log("[shipped] wrk production configuration with Redis")
            results["production_redis"] = _measure(server, paths, duration)
    else:
        log("[shipped] no Redis on 127.0.0.1:6379: the Redis row is left out")
    return results


def _after_save(env, server, paths, seconds, save):
    warm = summary(timeline(server.port, paths, 2), 2)
    save(env)
    return {"warm": warm, "seconds": per_second(timeline(server.port, paths, seconds), seconds)}


def timeline(port, paths, seconds, connections=16):
    """(seconds since the start when answered, latency in ms, ok) of every request that
    `connections` client threads made one after another, each on its own keep-alive
    connection, for `seconds` seconds, rotating over `paths`."""
    start = time.monotonic()
    stop = start + seconds
    answered = [[] for _ in range(connections)]

    def client(number):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        index = number * len(paths) // connections
        while (sent := time.monotonic()) < stop:
            path = paths[index % len(paths)]
            index += 1
            try:
                connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = connection.getresponse()
                response.read()
                ok = 200 <= response.status < 400
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            done = time.monotonic()
            answered[number].append((done - start, (done - sent) * 1000, ok))
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [answer for answers in answered for answer in answers]


def summary(answers, seconds):
    """Requests/s, p99 (ms) and errors of `answers` (see `timeline`) over `seconds`."""
    latencies = sorted(latency for _, latency, _ in answers)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else None
    return {
        "rps": round(len(answers) / seconds, 1),
        "p99_ms": None if p99 is None else round(p99, 1),
        "errors": sum(1 for *_, ok in answers if not ok),
    }


def per_second(answers, seconds):
    """`summary` of each whole second of the run."""
    return [
        summary([answer for answer in answers if second <= answer[0] < second + 1], 1)
        for second in range(seconds)
    ]


def _at_least(name, value, limit):
    return (f"{name} >= {limit}x", value, value >= limit)


def _at_most_ms(name, value, limit):
    return (f"{name} <= {limit} ms", value, value is not None and value <= limit)


def shipped_targets(shipped):
    """(target, value, met) for what users run."""
    production, plain = shipped["production"], shipped["municipality_all"]
    results = [
        _at_least(
            "production / plain server",
            round(production["rps"] / plain["rps"], 3),
            TARGETS["production_ratio"],
        ),
        _at_most_ms("production p99", production["p99_ms"], TARGETS["production_p99_ms"]),
    ]
    if redis := shipped.get("production_redis"):
        results.append(
            _at_least(
                "Redis / default cache",
                round(redis["rps"] / production["rps"], 3),
                TARGETS["redis_ratio"],
            )
        )
    rows = [plain, production, shipped.get("production_redis")]
    for key, label, _ in SAVES:
        if after := shipped.get(key):
            results.extend(_after_save_targets(after, label))
            rows.extend(after["seconds"])
    errors = sum(row["errors"] for row in rows if row)
    results.append(("no errors (production, Redis, after a save)", errors, errors == 0))
    return results


def _after_save_targets(after, label):
    warm = after["warm"]["rps"]
    first, *later = after["seconds"]
    results = [
        _at_least(
            f"first second after {label} / warm",
            round(first["rps"] / warm, 3),
            TARGETS["after_save_first_ratio"],
        ),
        _at_most_ms(
            f"first second after {label} p99", first["p99_ms"], TARGETS["after_save_first_p99_ms"]
        ),
    ]
    if len(later) >= 2:
        results.append(
            _at_least(
                f"third second after {label} / warm",
                round(later[1]["rps"] / warm, 3),
                TARGETS["after_save_back_ratio"],
            )
        )
    return results


def table(shipped):
    plain = shipped["municipality_all"]["rps"]
    lines = [
        f"\nall {shipped['pages']} municipality pages",
        f"{'server':<22}{'req/s':>9}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}",
    ]
    for name in ("municipality_all", "production", "production_redis"):
        if row := shipped.get(name):
            lines.append(
                f"{name:<22}{row['rps']:>9.0f}{row['rps'] / plain:>8.3f}"
                f"{row['p50_ms'] or 0:>9.2f}{row['p99_ms'] or 0:>9.2f}{row['errors']:>8}"
            )
    for key, label, _ in SAVES:
        if not (after := shipped.get(key)):
            continue
        warm = after["warm"]
        lines.append(
            f"after {label} (production; warm {warm['rps']:.0f} req/s, "
            f"p99 {warm['p99_ms'] or 0:.1f} ms)"
        )
        for second, row in enumerate(after["seconds"], 1):
            lines.append(
                f"  second {second:>2}: {row['rps']:>7.0f} req/s  p99 {row['p99_ms'] or 0:>7.1f} ms"
                f"  errors {row['errors']}"
            )
    return "\n".join(lines)

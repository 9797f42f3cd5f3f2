"""The load and outage scripts' own logic (bench/): reading wrk's output, reading worker
memory from /proc, and the verdicts that decide whether a run kept its promises."""

import os
import subprocess
import sys

import pytest

from bench.db_outage import Answer, Timeline, verdict
from bench.harness import parse_wrk, rss_kib, worker_pids, wrk_script
from bench.load import memory_verdict
from bench.shipped import per_second, shipped_targets, summary

WRK_OUTPUT = """\
Running 25s test @ http://127.0.0.1:41234
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    26.10ms   12.01ms 130.12ms   80.00%
    Req/Sec   615.57    123.45     0.90k    70.00%
  Latency Distribution
     50%   25.60ms
     75%   31.00ms
     90%   40.50ms
     99%    1.20s
  30674 requests in 25.10s, 210.51MB read
  Socket errors: connect 0, read 3, write 1, timeout 2
  Non-2xx or 3xx responses: 17
Requests/sec:   1222.07
Transfer/sec:      8.39MB
"""


def test_wrk_output_gives_rate_latency_and_every_kind_of_error():
    result = parse_wrk(WRK_OUTPUT)

    assert result["rps"] == 1222.07
    assert result["requests"] == 30674
    assert result["p50_ms"] == 25.6
    assert result["p99_ms"] == 1200.0  # seconds converted, not read as milliseconds
    assert result["non_2xx_3xx"] == 17
    assert result["socket_errors"] == 6
    assert result["socket_error_kinds"] == {"connect": 0, "read": 3, "write": 1, "timeout": 2}
    assert result["errors"] == 23


def test_a_clean_wrk_run_has_no_errors_and_microseconds_are_converted():
    clean = (
        WRK_OUTPUT.replace("  Socket errors: connect 0, read 3, write 1, timeout 2\n", "")
        .replace("  Non-2xx or 3xx responses: 17\n", "")
        .replace("25.60ms", "850.00us")
    )

    result = parse_wrk(clean)

    assert result["errors"] == 0
    assert result["p50_ms"] == pytest.approx(0.85)


def test_wrk_script_rotates_over_every_path_with_gzip():
    script = wrk_script(["/", "/zoeken/?q=regeldruk"])

    assert 'local paths = {"/", "/zoeken/?q=regeldruk"}' in script
    assert "paths[(counter % #paths) + 1]" in script
    assert '["Accept-Encoding"] = "gzip"' in script


def test_worker_memory_is_read_from_proc():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert worker_pids(child.pid) == []  # it has no children
        assert child.pid in worker_pids(os.getpid())
        assert rss_kib(child.pid) > 1000
    finally:
        child.kill()
        child.wait()
    assert rss_kib(child.pid) is None


def test_memory_verdict_flags_growth_and_replaced_workers_only():
    mib = 1024
    before = {1: 140 * mib, 2: 140 * mib, 3: 140 * mib, 4: 20 * mib}
    after = {1: 145 * mib, 2: 160 * mib, 4: 24 * mib, 5: 130 * mib}

    growth, problems = memory_verdict(before, after)

    assert growth == {1: 5.0, 2: 20.0, 4: 4.0}
    assert problems == [
        "worker 2 grew 20.0 MiB (140.0 -> 160.0 MiB)",
        "worker 3 is gone (it died or was replaced)",
        "worker 5 appeared during the run (a worker was replaced)",
    ]
    # Growth within the limit (5 MiB; 4 MiB is 20 % of a small worker but under 10 MiB).
    assert memory_verdict({1: 140 * mib}, {1: 149 * mib}) == ({1: 9.0}, [])


TIMELINE = Timeline(stop_issued=10.0, down=10.2, start_issued=20.0, up=20.3)


def answer(kind, start, seconds, status, retry_after=None, error=""):
    if retry_after is None:
        retry_after = status == 503
    return Answer(kind, "/p/", start, seconds, status, retry_after, error)


def good_run():
    answers = [answer("stored", 1.0, 0.01, 200), answer("uncached", 1.1, 0.05, 200)]
    answers += [answer("uncached", 11.0 + n / 10, 0.004 + n / 1000, 503) for n in range(5)]
    answers += [answer("stored", 12.0, 0.002, 200)]
    answers += [answer("uncached", 20.1, 0.1, 503), answer("uncached", 20.5, 0.2, 200)]
    answers += [answer("uncached", 22.0, 0.05, 200), answer("stored", 22.1, 0.01, 200)]
    return answers


def test_outage_verdict_of_a_run_that_kept_every_promise():
    figures, problems = verdict(good_run(), TIMELINE)

    assert problems == []
    assert figures["down_503"] == 5
    assert figures["median_503_ms"] == 6.0
    assert figures["max_503_ms"] == 8.0
    assert figures["503_total"] == figures["503_with_retry_after"] == 6
    assert (figures["stored_down"], figures["stored_down_200"]) == (1, 1)
    assert figures["recovery_s"] == pytest.approx(0.4)
    assert figures["recovery_from_start_s"] == pytest.approx(0.7)
    assert (figures["after_recovery"], figures["after_recovery_not_200"]) == (2, 0)


@pytest.mark.parametrize(
    "extra, broken",
    [
        (answer("uncached", 12.0, 0.01, 503, retry_after=False), "503s without Retry-After"),
        (answer("stored", 5.0, 0.01, 500), "server errors other than 503"),
        (answer("uncached", 12.0, 6.0, 503), "a 503 took 6.0 s"),
        (answer("uncached", 12.0, 10.0, None, error="timeout"), "without an answer"),
        (answer("stored", 5.0, 0.01, None, error="ConnectionResetError"), "refused or broken"),
        (answer("stored", 13.0, 0.01, 503), "stored pages not served while down"),
        (answer("uncached", 13.0, 0.01, 200), "uncached pages did not answer 503"),
        (answer("stored", 22.5, 0.01, 503), "answers other than 200 after recovery"),
    ],
)
def test_outage_verdict_names_each_broken_promise(extra, broken):
    _, problems = verdict([*good_run(), extra], TIMELINE)

    assert len(problems) == 1
    assert broken in problems[0]


def test_outage_verdict_without_recovery_or_without_an_outage_fails():
    never_back = [a for a in good_run() if a.start < 20.0] + [answer("uncached", 21.0, 0.01, 503)]
    assert verdict(never_back, TIMELINE)[1] == [
        "no uncached 200 within 30 s of the restart",
    ]

    never_down = [a for a in good_run() if a.status == 200]
    assert "the outage was not seen" in verdict(never_down, TIMELINE)[1][0]


def test_recovery_counts_from_postgresql_accepting_connections():
    late = [a for a in good_run() if a.start < 20.0]
    late.append(answer("uncached", 55.0, 0.1, 200))

    figures, problems = verdict(late, TIMELINE)

    assert figures["recovery_s"] == pytest.approx(55.1 - TIMELINE.up)
    assert problems == ["no uncached 200 within 30 s of the restart"]


def _row(rps, p99=5.0, errors=0):
    return {"rps": rps, "p99_ms": p99, "errors": errors}


def test_the_timeline_after_a_save_is_counted_per_second():
    answers = [(0.1, 3.0, True), (0.5, 5.0, True), (1.2, 80.0, False), (2.9, 4.0, True)]

    seconds = per_second(answers, 3)

    assert [row["rps"] for row in seconds] == [2, 1, 1]
    assert [row["p99_ms"] for row in seconds] == [5.0, 80.0, 4.0]
    assert [row["errors"] for row in seconds] == [0, 1, 0]
    assert summary(answers, 2)["rps"] == 2.0


def test_shipped_targets_met_and_missed():
    shipped = {
        "municipality_all": _row(1000),
        "production": _row(900, p99=12),
        "production_redis": _row(750),
        "after_save": {"warm": _row(1000), "seconds": [_row(600, 40), _row(800), _row(950)]},
        "after_campaign_save": {
            "warm": _row(1000),
            "seconds": [_row(500, 50), _row(700), _row(900)],
        },
    }

    verdicts = {target: met for target, _, met in shipped_targets(shipped)}

    assert all(verdicts.values()), verdicts
    assert "third second after a campaign save / warm >= 0.9x" in verdicts
    shipped["after_save"]["seconds"][0] = {"rps": 0, "p99_ms": None, "errors": 0}
    shipped["after_campaign_save"]["seconds"][2] = _row(899)
    shipped["production_redis"] = _row(500)
    shipped["production"]["errors"] = 3
    missed = {target for target, _, met in shipped_targets(shipped) if not met}
    assert missed == {
        "Redis / default cache >= 0.8x",
        "first second after a save / warm >= 0.5x",
        "first second after a save p99 <= 50 ms",
        "third second after a campaign save / warm >= 0.9x",
        "no errors (production, Redis, after a save)",
    }

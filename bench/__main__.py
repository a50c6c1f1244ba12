"""`make bench`: parse time of the sample, `dudao parse DIR --jsonl` over 1,000 generated notices, and the
leaders' dashboard on a generated province in PostgreSQL (`bench.supervision`)."""

from __future__ import annotations

import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate_notice
from dudao.ingest import parse_file
from dudao.ingest.parser import parse_source
from dudao.ingest.readers import read_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "zhumadian-2018.txt"


def _median_ms(run: object, rounds: int) -> tuple[float, float]:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def bench_sample(rounds: int = 300) -> None:
    source = read_file(SAMPLE)
    parse_file(SAMPLE)  # warm caches: unit directory, phrase data, compiled patterns
    parse_median, parse_p95 = _median_ms(lambda: parse_source(source), rounds)
    file_median, _ = _median_ms(lambda: parse_file(SAMPLE), rounds)
    print(
        f"sample parse (text → plan), in process: median {parse_median:.2f} ms, p95 {parse_p95:.2f} ms "
        f"over {rounds} runs (target ≤ 10 ms)"
    )
    print(f"sample read + parse (file → plan):       median {file_median:.2f} ms")


def bench_jsonl(count: int = 1000) -> None:
    rng = random.Random(2018)
    with tempfile.TemporaryDirectory(prefix="dudao-bench-") as folder:
        total_bytes = 0
        for i in range(count):
            data = generate_notice(rng).encode()
            total_bytes += len(data)
            (Path(folder) / f"{i:04d}.txt").write_bytes(data)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "dudao.cli", "parse", folder, "--jsonl"],
            capture_output=True, check=False,
        )  # fmt: skip
        elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    lines = result.stdout.count(b"\n")
    tasks = result.stdout.count(b'"section_title"')
    print(
        f"--jsonl over {count} generated notices ({total_bytes / 1e6:.1f} MB, {tasks} tasks): "
        f"{elapsed:.2f} s, {lines / elapsed:.0f} notices/s, {total_bytes / 1e6 / elapsed:.2f} MB/s, "
        f"peak memory {peak_mb:.0f} MB, exit {result.returncode}"
    )


def main() -> None:
    bench_sample()
    bench_jsonl()
    # Last: it configures Django for the benchmark database, which the parser benchmarks never touch.
    from bench.supervision import run as bench_dashboard

    bench_dashboard()


if __name__ == "__main__":
    main()

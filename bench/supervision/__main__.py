"""`python -m bench.supervision`: the dashboard benchmark alone (`make bench` runs it after the parser's)."""

from __future__ import annotations

import argparse

from bench.supervision import DEFAULT_URL, run


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.supervision", description=__doc__)
    parser.add_argument(
        "--url", help=f"PostgreSQL URL, dropped and recreated (default BENCH_DATABASE_URL or {DEFAULT_URL})"
    )
    parser.add_argument("--scale", choices=["province", "tiny"], default="province")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=30, help="requests per client and page")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default 2 × cores + 1)")
    parser.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    args = parser.parse_args()
    run(
        url=args.url,
        scale=args.scale,
        clients=args.clients,
        per_client=args.requests,
        workers=args.workers,
        threads=args.threads,
    )


if __name__ == "__main__":
    main()

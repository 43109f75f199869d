"""Benchmark: the whole loop under load, inject -> server -> page -> widget -> server -> log entry back to the page.

1,000 fake record pages on `/ws` (no browser; bench/loop_client.py speaks the page's protocol and plays a scripted
widget) against one `callsim serve --quiet` with a temporary --data-dir (so the store's writes are real). Each page
gets 1 event/s, 1,000 events/s in all, for `--seconds`, started two ways:
  * inject: `{"kind": "inject"}` on the page's socket, as the Inject panel sends it;
  * api: POST /api/sessions/{id}/events over HTTP (keep-alive), as a script drives the control API.
The server posts the event to the page; the widget answers at once (the SDK's ERROR UNKNOWN_MESSAGE_TYPE); the
server logs the answer and pushes that entry to the page: the loop ends when the page has it.

The client's own cost is kept apart: the load generator runs in `--clients` processes of its own (not the
server's), with its collector off while it drives; every time is stamped where the client receives (before it
parses); the widget's turnaround is reported as its own leg and taken out of the server's share; the client's CPU
and its event loop's lag (how late a 5 ms timer fires: the most any client stamp can be late) are printed.
Where the time goes, from the server's own stamps (the log entries' `ts`, same wall clock): inject -> the server
logs the event going out, -> the page has the `post`, -> the widget's answer leaves the page, -> the server logs
the answer, -> the page has that entry. Lost: events whose answer's entry did not reach the page within 5 s.

Usage: python bench/loop.py [--sessions 1000] [--rate 1000] [--seconds 30] [--mode both] [--clients 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from load import server_stats  # noqa: E402  (bench/ is the script's folder, first on sys.path)
from loop_client import Event, Job, Result, worker  # noqa: E402

from tests.helpers.live_server import start_live_server, stop_live_server  # noqa: E402

Leg = Callable[[Event], float]
LEGS: tuple[tuple[str, Leg], ...] = (
    ("event in -> server logs it going out", lambda e: e.server_out - e.sent),
    ("logged -> post at the page", lambda e: e.post_at_page - e.server_out),
    ("widget answers (client)", lambda e: e.reply_sent - e.post_at_page),
    ("answer -> server logs it", lambda e: e.server_in - e.reply_sent),
    ("logged -> entry at the page", lambda e: e.done - e.server_in),
)


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(mode: str, results: list[Result], took_cpu: float, rss: float, seconds: float) -> None:
    events = [e for got in results for e in got[0]]
    done = [e for e in events if e.done]
    lost = len(events) - len(done)
    total = [(e.done - e.sent) * 1000 for e in done]
    server = [(e.done - e.sent - (e.reply_sent - e.post_at_page)) * 1000 for e in done]
    print(f"{mode}: {len(events)} events, {len(done)} answered, {lost} lost")
    for name, values in (("whole loop, as the page sees it", total), ("  without the widget's turnaround", server)):
        print(
            f"  {name:<38} p50 {statistics.median(values):7.2f}  p99 {quantile(values, 0.99):7.2f}  "
            f"max {max(values):7.2f} ms"
        )
    tail = [e for e in done if (e.done - e.sent) * 1000 >= quantile(total, 0.99)]
    print(f"  {'leg':<38} {'p50':>11} {'p99':>12} {'mean in the slowest 1%':>24}")
    legs = list(LEGS)
    if mode == "api":
        legs.append(("POST -> its 202 at the client", lambda e: e.http_done - e.sent))
    for name, leg in legs:
        values = [leg(e) * 1000 for e in done]
        slow = statistics.mean(leg(e) * 1000 for e in tail)
        print(f"  {name:<38} {statistics.median(values):8.2f} ms {quantile(values, 0.99):9.2f} ms {slow:21.2f} ms")
    lag = [s for got in results for s in got[2]]
    client_cpu = sum(got[1] for got in results)
    print(
        f"  server CPU {took_cpu * 1000 / seconds:4.0f} ms/s, RSS {rss:.0f} MiB; client ({len(results)} processes) "
        f"CPU {client_cpu * 1000 / seconds:4.0f} ms/s, its loop lag p99 {quantile(lag, 0.99):.2f} ms, "
        f"max {max(lag):.2f} ms"
    )


def phase(url: str, pid: int | None, mode: str, args: argparse.Namespace) -> None:
    spawn = multiprocessing.get_context("spawn")
    ready, results, go = spawn.Queue(), spawn.Queue(), spawn.Event()
    start = spawn.Value("d", 0.0)
    jobs = [
        Job(url, args.sessions // args.clients, args.rate / args.clients, args.seconds, mode, w / args.rate)
        for w in range(args.clients)
    ]
    processes = [spawn.Process(target=worker, args=(job, ready, go, start, results)) for job in jobs]
    for process in processes:
        process.start()
    opened = sum(ready.get(timeout=120) for _ in processes)
    time.sleep(1)  # the server's handshake notes are written and its collector has frozen the new sessions
    _, cpu0 = server_stats(pid) if pid else (0.0, 0.0)
    start.value = time.time() + 0.2
    go.set()
    collected: list[Result] = [results.get(timeout=args.seconds + 120) for _ in processes]
    rss, cpu1 = server_stats(pid) if pid else (0.0, 0.0)
    for process in processes:
        process.join(10)
    print(f"{opened} sessions, {args.rate:.0f} events/s for {args.seconds:.0f} s")
    report(mode, collected, cpu1 - cpu0, rss, args.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=1000, help="events/s over all sessions")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--mode", choices=("inject", "api", "both"), default="both")
    parser.add_argument("--clients", type=int, default=2, help="load generator processes")
    parser.add_argument("--url", help="drive this running server instead of starting one (e.g. another checkout's)")
    parser.add_argument("--pid", type=int, help="with --url: the server's process id, for its CPU and memory")
    args = parser.parse_args()
    print(
        f"method: {args.sessions} fake pages on /ws, {args.rate:.0f} events/s in turn, answered at once by a scripted "
        f"widget; load generator in {args.clients} processes (GC off), stamps where it receives; server legs from "
        "the log entries' ts; lost = no answer entry within 5 s"
    )
    modes = ("inject", "api") if args.mode == "both" else (args.mode,)
    if args.url:
        for mode in modes:
            phase(args.url.rstrip("/"), args.pid, mode, args)
        return
    with tempfile.TemporaryDirectory(prefix="callsim-loop-") as data_dir:
        server = start_live_server("--quiet", "--data-dir", data_dir)
        try:
            for mode in modes:
                phase(server.url, server.process.pid, mode, args)
        finally:
            stop_live_server(server)
            tracebacks = [line for line in server.output if "Traceback" in line]
            if tracebacks:
                print(f"server printed {len(tracebacks)} tracebacks:\n{server.text()[-2000:]}")


if __name__ == "__main__":
    main()

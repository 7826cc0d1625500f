"""Engine figures: 50 sessions polled every second against the emulator, in one process.

Measures the event loop's lag (p50/p99/max of a 5 ms ticker), CPU per poll (whole process,
emulator thread included, and the event-loop thread alone) and memory over 10,000 polls
(RSS and the count of live Python objects after a collection).

    .venv/bin/python benchmarks/bench_engine.py [--sessions 50] [--seconds 30] [--polls 10000]

The emulator's and the engine's rate limits are off: 50 sessions at 1 s are 100 requests/s
on one App ID, ten times the real service's limit (the real deployment would spread them over
App IDs or poll slower). The emulator keeps a log of every request; the benchmark clears it
every second so that the emulator's own bookkeeping does not count as engine growth.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from recorder_gui.api import (
    RecordingConfig,
    RecordingFileConfig,
    RetryPolicy,
    StartConfig,
    StorageConfig,
    TranscodingConfig,
)
from recorder_gui.emulator import Emulator, EmulatorConfig, EmulatorServer
from recorder_gui.recording import (
    Credentials,
    Journal,
    PollConfig,
    RecordingSession,
    SessionManager,
    SessionState,
)

APP = "0123456789abcdef0123456789abcdef"
CREDS = Credentials("demo-customer-id", "demo-customer-secret")


def config() -> StartConfig:
    return StartConfig(
        recording_config=RecordingConfig(
            max_idle_time=300,
            transcoding_config=TranscodingConfig(width=640, height=360, mixed_video_layout=1),
        ),
        recording_file_config=RecordingFileConfig(),
        storage_config=StorageConfig(
            vendor=1, region=0, bucket="b", access_key="ak", secret_key="sk"
        ),
    )


def rss_kib() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def ticker(lags: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        t0 = time.perf_counter()
        await asyncio.sleep(0.005)
        lags.append(time.perf_counter() - t0 - 0.005)


def polls(sessions: list[RecordingSession]) -> int:
    return sum(s._poller.polls for s in sessions if s._poller is not None)


async def clear_log(emu: Emulator, stop: asyncio.Event) -> None:
    while not stop.is_set():
        await asyncio.sleep(1.0)
        emu.clear_logs()


async def phase(sessions: list[RecordingSession], seconds: float, label: str) -> dict[str, float]:
    lags: list[float] = []
    stop = asyncio.Event()
    tick = asyncio.create_task(ticker(lags, stop))
    p0, c0, t0 = polls(sessions), time.process_time(), time.thread_time()
    w0 = time.perf_counter()
    await asyncio.sleep(seconds)
    stop.set()
    await tick
    n = polls(sessions) - p0
    wall = time.perf_counter() - w0
    out = {
        "polls": n,
        "polls_per_s": n / wall,
        "lag_p50_ms": pct(lags, 0.50) * 1000,
        "lag_p99_ms": pct(lags, 0.99) * 1000,
        "lag_max_ms": max(lags) * 1000,
        "cpu_ms_per_poll_process": (time.process_time() - c0) / max(n, 1) * 1000,
        "cpu_ms_per_poll_loop_thread": (time.thread_time() - t0) / max(n, 1) * 1000,
    }
    print(f"[{label}] " + ", ".join(f"{k}={v:.3f}" for k, v in out.items()))
    return out


async def main(args: argparse.Namespace) -> None:
    emu = Emulator(EmulatorConfig(rate_limit_per_second=None, max_concurrent_tasks=None))
    stop = asyncio.Event()
    with EmulatorServer(emu) as server, tempfile.TemporaryDirectory() as tmp:
        for i in range(args.sessions):
            emu.add_user(APP, f"bench{i}", 1001)
        poll = PollConfig(fast_interval=1.0, steady_interval=1.0)
        mgr = SessionManager(
            journal=Journal(Path(tmp) / "journal.sqlite3"),
            base_urls=[server.url],
            rate_limit=None,
            retry=RetryPolicy(jitter=0.0),
            poll_config=poll,
        )
        sessions = [
            mgr.create_session(
                app_id=APP,
                credentials=CREDS,
                cname=f"bench{i}",
                uid="4242",
                mode="mix",
                start_config=config(),
            )
            for i in range(args.sessions)
        ]
        await asyncio.gather(*(s.start() for s in sessions))
        emu.clock.advance(20)  # status 5 at once
        await asyncio.gather(*(s.wait_for(SessionState.RECORDING) for s in sessions))
        cleaner = asyncio.create_task(clear_log(emu, stop))
        await asyncio.sleep(2)  # warm up
        runs = [
            await phase(sessions, args.seconds / 3, f"1 s polls, run {i + 1}") for i in range(3)
        ]
        print(
            "MEDIAN of 3 runs: "
            + ", ".join(f"{k}={statistics.median(r[k] for r in runs):.3f}" for k in runs[0])
        )
        # Memory: keep polling until 10,000 more polls, faster (0.05 s) to finish in time.
        for s in sessions:
            s.poll_config = PollConfig(fast_interval=0.05, steady_interval=0.05)
            if s._poller is not None:
                s._poller.cfg = s.poll_config
        start_polls = polls(sessions)
        marks: list[tuple[int, int, int]] = []
        while polls(sessions) - start_polls < args.polls:
            await asyncio.sleep(1.0)
            gc.collect()
            marks.append((polls(sessions) - start_polls, rss_kib(), len(gc.get_objects())))
        for q in (0.25, 0.5, 0.75):
            m = next(m for m in marks if m[0] >= args.polls * q)
            print(f"[memory] after {m[0]} polls: RSS {m[1]} KiB, live objects {m[2]}")
        # Compare after the per-session event history (50 events) has filled up.
        first = next(m for m in marks if m[0] >= args.polls // 2)
        last = marks[-1]
        print(
            f"[memory] polls {first[0]} -> {last[0]}: RSS {first[1]} -> {last[1]} KiB "
            f"({last[1] - first[1]:+d}), live objects {first[2]} -> {last[2]} "
            f"({last[2] - first[2]:+d})"
        )
        stop.set()
        await cleaner
        for s in sessions:
            await s.stop()
        await mgr.aclose()
        mgr.journal.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--polls", type=int, default=10_000)
    asyncio.run(main(parser.parse_args()))

"""Webhook relay on SQLite: ingest rate, NCS ack latency, and ingest-to-reader latency.

Usage: python benchmarks/bench_relay.py [--rate 20] [--seconds 20] [--readers 20]
       [--reader-processes 4] [--burst-seconds 5] [--burst-clients 4]

The relay runs as its own process (``python -m recorder_gui.relay``, SQLite in a temp dir);
signed notifications are posted from other processes, so no two sides share a GIL.

1. Burst: ``--burst-clients`` keep-alive clients (in 2 processes) post as fast as they can,
   no readers: the ingest rate the relay sustains.
2. Steady: one process posts ``--rate`` notifications per second for ``--seconds`` (an open
   loop: sends are scheduled, not paced by answers) while ``--readers`` panels long-poll
   ``/v1/events?wait=30`` from ``--reader-processes`` other processes (panels are separate
   desktops; one Python process holding all 20 adds its own queueing to the figures).
   Reports the ack latency NCS would see, the relay process's CPU share, and for every
   (event, reader) pair the time from the relay storing it (``receivedMs``) and from the
   poster sending it to that reader having it.
Goals: ack p99 <= 50 ms under the steady stream.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

import httpx

from recorder_gui.callbacks.signature import signature_headers

SECRET = "bench-ncs-secret"
TOKEN = "bench-read-token"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), for the relay's share of the work."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def serve_relay() -> Iterator[tuple[str, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "RECORDER_RELAY_NCS_SECRET": SECRET, "RECORDER_RELAY_TOKEN": TOKEN}
        cmd = [sys.executable, "-m", "recorder_gui.relay", "--port", str(port)]
        cmd += ["--db", os.path.join(folder, "relay.sqlite3"), "--log-level", "warning"]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout is not None
            proc.stdout.readline()  # printed once it accepts connections
            yield f"http://127.0.0.1:{port}", proc.pid
        finally:
            proc.terminate()
            proc.wait(10)
            if proc.stdout is not None:
                proc.stdout.close()


def body(seq: int, sid: str) -> bytes:
    notice = {
        "noticeId": uuid.uuid4().hex,
        "productId": 3,
        "eventType": 40,
        "notifyMs": int(time.time() * 1000),
        "sid": sid,
        "payload": {
            "cname": "bench",
            "uid": "1001",
            "sid": sid,
            "sequence": seq,
            "sendts": int(time.time() * 1000),
            "serviceType": 1,
            "details": {"msgName": "recorder_started", "status": 0, "sentAt": time.time()},
        },
    }
    return json.dumps(notice, separators=(",", ":")).encode()


def post_one(client: httpx.Client, seq: int, sid: str) -> float:
    raw = body(seq, sid)
    started = time.perf_counter()
    r = client.post("/ncs", content=raw, headers=signature_headers(SECRET, raw))
    elapsed = time.perf_counter() - started
    assert r.status_code == 200, r.text
    return elapsed


def burst_worker(url: str, clients: int, seconds: float, worker: int) -> int:
    """``clients`` threads posting back to back; returns how many were acknowledged."""
    from concurrent.futures import ThreadPoolExecutor

    deadline = time.monotonic() + seconds

    def run(n: int) -> int:
        done = 0
        with httpx.Client(base_url=url, timeout=10) as client:
            while time.monotonic() < deadline:
                post_one(client, done, f"burst-{worker}-{n}")
                done += 1
        return done

    with ThreadPoolExecutor(clients) as pool:
        return sum(pool.map(run, range(clients)))


def steady_worker(url: str, rate: float, seconds: float) -> list[float]:
    """Posts at ``rate``/s on a fixed schedule; returns each ack latency in seconds."""
    latencies: list[float] = []
    count = int(rate * seconds)
    start = time.monotonic() + 0.2
    with httpx.Client(base_url=url, timeout=10) as client:
        post_one(client, 0, "warm-up")
        for i in range(count):
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            latencies.append(post_one(client, i, "steady"))
    return latencies


async def readers_main(url: str, readers: int, expected: int) -> list[list[float]]:
    """[from receivedMs, from the send] latencies (s) for every event each reader saw, and
    [the number of events some reader got twice]."""
    stored: list[float] = []
    sent: list[float] = []
    twice: list[float] = [0.0]
    auth = {"Authorization": f"Bearer {TOKEN}"}

    async def reader(client: httpx.AsyncClient) -> None:
        cursor, seen, ids = 0, 0, set()
        deadline = time.monotonic() + expected / 2 + 60
        while seen < expected and time.monotonic() < deadline:
            params = {"after": cursor, "wait": 30, "limit": 1000, "sid": "steady"}
            r = await client.get("/v1/events", params=params, headers=auth)
            now = time.time()
            page = r.json()
            for entry in page["events"]:
                notice = entry["event"]["noticeId"]
                twice[0] += notice in ids
                ids.add(notice)
                stored.append(now - entry["receivedMs"] / 1000)
                sent.append(now - entry["event"]["payload"]["details"]["sentAt"])
                seen += 1
            cursor = page["next"]

    limits = httpx.Limits(max_connections=readers + 2)
    async with httpx.AsyncClient(base_url=url, timeout=40, limits=limits) as client:
        await asyncio.gather(*(reader(client) for _ in range(readers)))
    return [stored, sent, twice]


def readers_process(url: str, readers: int, expected: int) -> list[list[float]]:
    return asyncio.run(readers_main(url, readers, expected))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--burst-seconds", type=float, default=5.0)
    parser.add_argument("--burst-clients", type=int, default=4)
    parser.add_argument("--reader-processes", type=int, default=4)
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    workers = 1 + args.reader_processes
    with serve_relay() as (url, pid), ProcessPoolExecutor(workers, mp_context=context) as pool:
        half = max(1, args.burst_clients // 2)
        started = time.monotonic()
        jobs = [pool.submit(burst_worker, url, half, args.burst_seconds, w) for w in range(2)]
        total = sum(job.result() for job in jobs)
        burst_seconds = time.monotonic() - started
        print(f"burst: {total} notifications in {burst_seconds:.1f} s from {half * 2} clients")
        print(f"  ingest rate: {total / burst_seconds:.0f} notifications/s (no readers)")

        expected = int(args.rate * args.seconds)
        # Readers filter on sid "steady": burst and warm-up rows are not theirs.
        shares = [len(range(i, args.readers, args.reader_processes)) for i in range(workers - 1)]
        reading = [pool.submit(readers_process, url, n, expected) for n in shares if n]
        time.sleep(1.5)  # the readers are waiting before the first post
        cpu_before, wall_before = cpu_seconds(pid), time.monotonic()
        acks = pool.submit(steady_worker, url, args.rate, args.seconds).result()
        stored, sent, twice = [], [], 0.0
        for job in reading:
            got_stored, got_sent, got_twice = job.result()
            stored += got_stored
            sent += got_sent
            twice += got_twice[0]
        relay_cpu = (cpu_seconds(pid) - cpu_before) / (time.monotonic() - wall_before)
    print(
        f"steady: {expected} notifications at {args.rate:g}/s, {args.readers} long-polling "
        f"readers in {args.reader_processes} processes"
    )
    print(
        f"  ack latency: p50 {pct(acks, 0.5):.1f} ms, p99 {pct(acks, 0.99):.1f} ms, "
        f"max {max(acks) * 1000:.1f} ms"
    )
    deliveries = len(stored)
    print(
        f"  reader deliveries: {deliveries} of {expected * args.readers}, "
        f"{int(twice)} delivered twice"
    )
    print(f"  relay process CPU: {relay_cpu * 100:.0f}% of one core")
    print(
        f"  stored -> reader has it: p50 {pct(stored, 0.5):.1f} ms, p99 {pct(stored, 0.99):.1f} ms"
        " (receivedMs has 1 ms resolution)"
    )
    print(f"  sent -> reader has it:   p50 {pct(sent, 0.5):.1f} ms, p99 {pct(sent, 0.99):.1f} ms")


if __name__ == "__main__":
    main()

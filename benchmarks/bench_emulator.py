"""Emulator throughput on loopback: query requests/s with N concurrent httpx clients.

Usage: python benchmarks/bench_emulator.py [--clients 8] [--processes 2] [--seconds 3]
       [--rounds 5] [--in-process]

By default the emulator runs in a child process (``python -m recorder_gui.emulator``), so the
clients and the server do not share one GIL; ``--in-process`` uses an EmulatorServer thread.
The clients are spread over ``--processes`` client processes: one httpx process tops out near
350 req/s on these machines while the emulator itself serves ~1,600 req/s.
Goal: >= 500 req/s on 2 cores. Prints the median of several rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

import httpx

from recorder_gui.emulator import Emulator, EmulatorConfig, EmulatorServer

APP_ID = "0123456789abcdef0123456789abcdef"
AUTH = ("demo-customer-id", "demo-customer-secret")
STORAGE = {"vendor": 1, "region": 0, "bucket": "b", "accessKey": "a", "secretKey": "s"}


@contextmanager
def serve(in_process: bool) -> Iterator[str]:
    if in_process:
        with EmulatorServer(Emulator(EmulatorConfig(rate_limit_per_second=None))) as server:
            yield server.url
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cmd = [sys.executable, "-m", "recorder_gui.emulator", "--port", str(port), "--no-rate-limit"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        proc.stdout.readline()  # the "serving on" line: it is accepting connections
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()


def make_task(url: str) -> str:
    """acquire + start a mix task with one publishing user; returns the query path."""
    base = f"/v1/apps/{APP_ID}/cloud_recording"
    envelope = {"cname": "bench", "uid": "1"}
    with httpx.Client(base_url=url, auth=AUTH) as client:
        client.post(f"/_emulator/channels/{APP_ID}/bench/users", json={"uid": 1001})
        rid = client.post(f"{base}/acquire", json={**envelope, "clientRequest": {}}).json()[
            "resourceId"
        ]
        body = {
            **envelope,
            "clientRequest": {
                "recordingConfig": {"channelType": 0, "maxIdleTime": 3600},
                "recordingFileConfig": {"avFileType": ["hls"]},
                "storageConfig": STORAGE,
            },
        }
        sid = client.post(f"{base}/resourceid/{rid}/mode/mix/start", json=body).json()["sid"]
        client.post("/_emulator/clock/advance", json={"seconds": 60})
    return f"{base}/resourceid/{rid}/sid/{sid}/mode/mix/query"


async def one_round(url: str, path: str, clients: int, seconds: float) -> float:
    done = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        async with httpx.AsyncClient(base_url=url, auth=AUTH) as client:
            while time.perf_counter() < deadline:
                r = await client.get(path)
                assert r.status_code == 200, r.text
                done += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return done / (time.perf_counter() - start)


def _round_in_process(job: tuple[str, str, int, float]) -> float:
    url, path, clients, seconds = job
    return asyncio.run(one_round(url, path, clients, seconds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--in-process", action="store_true")
    args = parser.parse_args()
    procs = max(1, min(args.processes, args.clients))
    split = [args.clients // procs + (i < args.clients % procs) for i in range(procs)]
    with serve(args.in_process) as url, ProcessPoolExecutor(procs) as pool:
        path = make_task(url)
        rates = []
        for _ in range(args.rounds):
            jobs = [(url, path, n, args.seconds) for n in split]
            rates.append(sum(pool.map(_round_in_process, jobs)))
    where = "in-process thread" if args.in_process else "child process"
    print(
        f"query, {args.clients} concurrent clients in {procs} processes, server in {where}: "
        f"median {statistics.median(rates):.0f} req/s "
        f"(rounds: {', '.join(f'{r:.0f}' for r in rates)})"
    )


if __name__ == "__main__":
    main()

"""Client per-call overhead for ``query`` against raw httpx, side by side, same emulator.

The emulator runs in its own process (``recorder-gui-emulator --port 0 --no-rate-limit``) so
that its work does not share this process's GIL. Each round times N sequential queries with
raw httpx (same headers, JSON decode) and N with ``CloudRecordingClient.query`` (validation
of the path, typed parsing, logging, retry wrapper), alternating which goes first.

Run: .venv/bin/python benchmarks/bench_client.py [--calls 400] [--rounds 7]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import re
import statistics
import subprocess
import sys
import time

import httpx

from recorder_gui.api import (
    CloudRecordingClient,
    RecordingConfig,
    RecordingFileConfig,
    StartConfig,
    StorageConfig,
    TranscodingConfig,
)

APP_ID = "0123456789abcdef0123456789abcdef"
CUSTOMER = ("demo-customer-id", "demo-customer-secret")


def start_emulator() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "recorder_gui.emulator", "--port", "0", "--no-rate-limit"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
    if not match:
        proc.kill()
        raise SystemExit(f"emulator did not start: {line!r}")
    return proc, match.group(1)


async def bench(url: str, calls: int, rounds: int) -> None:
    config = StartConfig(
        recording_config=RecordingConfig(transcoding_config=TranscodingConfig()),
        recording_file_config=RecordingFileConfig(),
        storage_config=StorageConfig(
            vendor=1, region=0, bucket="b", access_key="ak-bench", secret_key="sk-bench"
        ),
    )
    http = httpx.AsyncClient(timeout=10)
    client = CloudRecordingClient(APP_ID, *CUSTOMER, base_urls=[url], http_client=http)
    rid = (await client.acquire(cname="bench", uid="1", mode="mix")).resource_id
    sid = (
        await client.start(cname="bench", uid="1", resource_id=rid, mode="mix", config=config)
    ).sid
    path = f"{url}/v1/apps/{APP_ID}/cloud_recording/resourceid/{rid}/sid/{sid}/mode/mix/query"
    auth = base64.b64encode(f"{CUSTOMER[0]}:{CUSTOMER[1]}".encode()).decode()
    headers = {"Authorization": f"Basic {auth}", "Content-Type": "application/json;charset=utf-8"}

    async def raw_once() -> None:
        response = await http.get(path, headers=headers)
        response.raise_for_status()
        response.json()

    async def client_once() -> None:
        await client.query(resource_id=rid, sid=sid, mode="mix")

    async def timed(fn: object, n: int) -> float:
        samples = []
        for _ in range(n):
            t0 = time.perf_counter()
            await fn()  # type: ignore[operator]
            samples.append(time.perf_counter() - t0)
        return statistics.median(samples)

    for _ in range(50):  # warm up connections and caches
        await raw_once()
        await client_once()
    raw_medians, client_medians = [], []
    for r in range(rounds):
        order = [("raw", raw_once), ("client", client_once)]
        if r % 2:
            order.reverse()
        for name, fn in order:
            m = await timed(fn, calls)
            (raw_medians if name == "raw" else client_medians).append(m)
    raw_m = statistics.median(raw_medians) * 1e6
    cli_m = statistics.median(client_medians) * 1e6
    print(f"query, {calls} calls x {rounds} rounds, median of per-round medians:")
    print(f"  raw httpx        {raw_m:8.0f} us/call")
    print(f"  client.query     {cli_m:8.0f} us/call")
    print(f"  ratio            {cli_m / raw_m:8.2f}x   (goal <= 1.2x)")
    print(f"  client overhead  {cli_m - raw_m:8.0f} us/call")
    await client.aclose()
    await http.aclose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    proc, url = start_emulator()
    try:
        asyncio.run(bench(url, args.calls, args.rounds))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()

"""No secret reaches a log line, a repr, an error text or the test's own output."""

from __future__ import annotations

import logging

import pytest

from recorder_gui.api import CloudRecordingClient, StartConfig
from recorder_gui.api import errors as e
from recorder_gui.api.redact import RedactingFilter
from recorder_gui.emulator import Emulator, EmulatorServer, Fault
from tests._fixtures.emulator import DEMO_APP_ID, DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET

from .helpers import STORAGE_ACCESS, STORAGE_SECRET, mix_config

pytestmark = pytest.mark.asyncio

TOKEN = "007eJxTYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1"


async def test_secrets_stay_out_of_everything_written(
    emulator: Emulator,
    emulator_server: EmulatorServer,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.handler.addFilter(RedactingFilter())
    texts: list[str] = []
    emulator.add_user(DEMO_APP_ID, "s", 1)
    base = mix_config().model_dump(context={"reveal_secrets": True})
    config = StartConfig.model_validate({**base, "token": TOKEN})
    async with CloudRecordingClient(
        DEMO_APP_ID, DEMO_CUSTOMER_ID, DEMO_CUSTOMER_SECRET, base_urls=[emulator_server.url]
    ) as client:
        texts.append(repr(client))
        rid = (await client.acquire(cname="s", uid="9", mode="mix")).resource_id
        sid = (
            await client.start(cname="s", uid="9", resource_id=rid, mode="mix", config=config)
        ).sid
        texts += [repr(config), str(config), config.model_dump_json()]
        emulator.inject_fault(Fault(endpoint="stop", status=500, code=62))
        try:
            await client.stop(cname="s", uid="9", resource_id=rid, sid=sid, mode="mix")
        except e.CloudRecordingError as exc:
            texts += [str(exc), repr(exc)]
        logging.getLogger("recorder_gui.api").info("config was %s", config.to_wire())
    # The real secret did go over the wire (the emulator received it) ...
    task = emulator.task(sid)  # the emulator's history masks them; its task holds them
    assert task["storage"]["secretKey"] == STORAGE_SECRET
    assert task["config"]["token"] == TOKEN
    # ... and nowhere else.
    out = capsys.readouterr()
    everything = "\n".join([*texts, caplog.text, out.out, out.err])
    assert "POST" in caplog.text  # requests were logged
    for secret in (DEMO_CUSTOMER_SECRET, STORAGE_SECRET, STORAGE_ACCESS, TOKEN):
        assert secret not in everything, secret
    import base64

    basic = base64.b64encode(f"{DEMO_CUSTOMER_ID}:{DEMO_CUSTOMER_SECRET}".encode()).decode()
    assert basic not in everything

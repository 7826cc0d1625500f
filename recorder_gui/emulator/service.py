"""The Cloud Recording operations (acquire, start, query, update, updateLayout, stop)."""

# Each operation gets the ``World``; callers hold the emulator lock and have ticked it to ``now``.

from __future__ import annotations

from typing import Any

from recorder_gui.emulator.checks import Checker
from recorder_gui.emulator.endings import STOPPED
from recorder_gui.emulator.errors import EmulatorError, invalid, not_found_worker, service_error
from recorder_gui.emulator.ids import (
    decode_resource_id,
    encode_resource_id,
    new_bot_uid,
    new_claims,
    new_sid,
)
from recorder_gui.emulator.regions import place
from recorder_gui.emulator.silent_failures import check_storage, plan_start
from recorder_gui.emulator.start_rules import validate_start, validate_update
from recorder_gui.emulator.tasks import Task
from recorder_gui.emulator.unknown_fields import ignored_fields
from recorder_gui.emulator.validation import envelope, validate_acquire, validate_layout
from recorder_gui.emulator.world import World

# URL mode -> the family of the task model: raw is individual recording per the 2026 docs
# (with its own body rules, see start_rules). A raw task answers to either URL mode afterwards:
# UNCONFIRMED, the docs do not say; refusing would strand a client that mixes the two names.
MODES = {"individual": "individual", "raw": "individual", "mix": "mix", "web": "web"}
Result = tuple[int, dict[str, Any]]


def norm_mode(mode: str) -> str:
    try:
        return MODES[mode]
    except KeyError:
        raise invalid(f"mode must be one of individual, raw, mix, web (got {mode!r})") from None


def _check_quota(world: World) -> None:
    limit = world.config.max_concurrent_tasks
    if limit is not None and len(world.running()) >= limit:
        raise service_error(400, 406, "vendor_over_load")


def acquire(world: World, appid: str, body: Any, now: float) -> Result:
    req = validate_acquire(body)
    secret = world.config.resource_secret
    placement = place(appid, req.excluded, req.region, secret, world.config.worker_regions)
    _check_quota(world)
    claims = new_claims(
        appid, req.cname, req.uid, req.scene, now, req.expired_hour, placement.region
    )
    rid = encode_resource_id(claims, secret)
    world.note_placement(rid, placement)
    return 200, {"cname": req.cname, "uid": req.uid, "resourceId": rid}


def start(world: World, appid: str, rid: str, mode: str, body: Any, now: float) -> Result:
    claims = decode_resource_id(rid, world.config.resource_secret)
    if claims is None:
        raise service_error(400, 1001, "failed to decrypt the resource id")
    cname, uid, client = envelope(body)
    if (claims.appid, claims.cname, claims.uid) != (appid, cname, uid):
        raise service_error(400, 432, "appid, cname or uid does not match the resource id")
    if now - claims.created_at > world.config.resource_ttl_seconds:
        raise service_error(400, 433, "resource id expired")
    echo = {"cname": cname, "uid": uid, "resourceId": rid}
    used_by = world.sid_for_resource(rid)
    if used_by is not None:
        used = world.find_task(used_by)
        if used is not None and used.state == "running":
            return 201, {**echo, "code": 7, "reason": "already started"}
        raise service_error(400, 1005, "resource id already used")
    for task in world.running():
        if (task.appid, task.cname, task.uid) == (appid, cname, uid):
            raise service_error(400, 53, "task conflict")
    url_mode = mode
    mode = norm_mode(mode)
    spec = validate_start(url_mode, claims.scene, client)
    _check_quota(world)
    sid = new_sid()
    task = Task(
        sid=sid,
        appid=appid,
        cname=cname,
        uid=uid,
        mode=mode,
        url_mode=url_mode,
        resource_id=rid,
        config=client.obj,
        spec=spec,
        started_at=now,
        expires_at=now + claims.expired_hour * 3600,
        bot_uid=int(uid),
        layout=dict(spec.layout),
        sub_log=[(now, spec.subscription)],
        onhold_log=[(now, spec.onhold)],
        storage=dict(client.obj.get("storageConfig") or {}),
        rtmp_outputs=list(spec.rtmp_outputs),
        epochs=[(now, None, "")],
        warnings=ignored_fields("start", body),
        region=claims.region,
        excluded_resource_ids=list(world.placement(rid).excluded),
    )
    # Accepted, as the service accepts it; a refused token or storage key makes it die later.
    plan_start(task, client.obj, world.config, now)
    world.add_task(task)
    world.emit(task, 30, now, status=0)
    if mode == "web":
        world.emit(task, 70, now, recorderStartTime=int(round(now * 1000)))  # as sendts
    else:
        world.emit(task, 40, now, status=0)
    return 200, {**echo, "sid": sid}


def find_task(
    world: World, appid: str, rid: str, sid: str, mode: str, body: Any | None, *, code: int = 2
) -> Task:
    """The live task addressed by a query/update/updateLayout/stop URL (+ body envelope)."""
    task = world.find_task(sid)
    if task is None or task.state == "ended":
        raise not_found_worker()
    if task.resource_id != rid or task.appid != appid:
        raise service_error(400, 1003, "appid or sid does not match the resource id")
    if body is not None:
        cname, uid, _ = envelope(body, code=code)
        if (cname, uid) != (task.cname, task.uid):
            raise service_error(400, 432, "cname or uid does not match the resource id")
    if norm_mode(mode) != task.mode:
        raise invalid(f"mode {mode!r} does not match the task's mode {task.mode!r}")
    return task


def _reachable(task: Task, now: float) -> None:
    """During an HA failover the worker cannot be found although the task lives."""
    if task.failover_until is not None and now < task.failover_until:
        raise not_found_worker()


def _echo(task: Task) -> dict[str, Any]:
    return {"cname": task.cname, "uid": task.uid, "resourceId": task.resource_id, "sid": task.sid}


def query(world: World, appid: str, rid: str, sid: str, mode: str, now: float) -> Result:
    task = find_task(world, appid, rid, sid, mode, None)
    # Query while exiting: the old docs give 501 "recording service is exiting" with an
    # UNCONFIRMED HTTP status; current docs give 404 for an ended session. We answer 404,
    # which every client already treats as "the task is gone".
    if task.state == "exiting":
        raise not_found_worker()
    _reachable(task, now)
    channel = world.channel_of(task)
    files = task.files(now, world.config, channel)
    status = task.status(now, world.config, channel, files)
    response: dict[str, Any] = {"status": status}
    if task.mode == "web":
        response["extensionServiceState"] = _web_state(task, files, status, now)
    elif task.spec.snapshot_interval:
        response["sliceStartTime"] = task.slice_start_ms(files)
    else:
        list_mode, file_list = task.file_list(files)
        response.update(
            fileListMode=list_mode, fileList=file_list, sliceStartTime=task.slice_start_ms(files)
        )
    return 200, {**_echo(task), "serverResponse": response}


def _web_state(task: Task, files: Any, status: int, now: float) -> list[dict[str, Any]]:
    onhold = task.onhold_log[-1][1]
    state = "exit" if task.state != "running" else ("inProgress" if status >= 4 else "init")
    out: list[dict[str, Any]] = [
        {
            "serviceName": "web_recorder_service",
            "payload": {"fileList": task.file_entries(files), "onhold": onhold, "state": state},
        }
    ]
    if task.rtmp_outputs:
        rtmp = "onhold" if onhold else ("publishing" if status >= 4 else "connecting")
        outputs = [{"rtmpUrl": url, "status": rtmp} for url in task.rtmp_outputs]
        out.append(
            {"serviceName": "rtmp_publish_service", "payload": {"outputs": outputs, "state": state}}
        )
    return out


def update(
    world: World, appid: str, rid: str, sid: str, mode: str, body: Any, now: float
) -> Result:
    task = find_task(world, appid, rid, sid, mode, body)
    if task.state == "exiting":
        raise not_found_worker()
    _reachable(task, now)
    spec = validate_update(
        task.mode, task.spec.stream_types, Checker(body["clientRequest"], "clientRequest")
    )
    if spec.subscription is not None:
        merged = dict(task.sub_log[-1][1])
        for kind in ("Audio", "Video"):
            if any(k.endswith(f"{kind}Uids") for k in spec.subscription):
                merged.pop(f"subscribe{kind}Uids", None)
                merged.pop(f"unSubscribe{kind}Uids", None)
        merged.update(spec.subscription)
        task.sub_log.append((now, merged))
    if spec.onhold is not None:
        task.onhold_log.append((now, spec.onhold))
    if spec.rtmp_outputs is not None:
        task.rtmp_outputs = spec.rtmp_outputs
    if spec.storage is not None:
        task.storage = dict(spec.storage)
        check_storage(task, world.config, now)
    return 200, _echo(task)


def update_layout(
    world: World, appid: str, rid: str, sid: str, mode: str, body: Any, now: float
) -> Result:
    task = find_task(world, appid, rid, sid, mode, body, code=1028)
    if task.state == "exiting":
        raise not_found_worker()
    _reachable(task, now)
    if task.mode != "mix":
        # UNCONFIRMED what the service answers for a non-mix task: 400 code 2 names the mistake.
        raise invalid("updateLayout is only available in mix mode")
    layout = validate_layout(Checker(body["clientRequest"], "clientRequest", code=1028))
    task.layout = layout  # a FULL replace: omitted fields are back to their defaults
    return 200, _echo(task)


def stop(world: World, appid: str, rid: str, sid: str, mode: str, body: Any, now: float) -> Result:
    """Synchronous stop answers once uploads are done: "uploaded", or "backuped" when files
    went to Agora's backup; 206 without a code when uploads were refused. ``async_stop``
    answers at once, before uploading ends: ``uploadingStatus`` "unknown". See
    docs/api-notes.md, "stop"."""
    task = find_task(world, appid, rid, sid, mode, body)
    if task.state == "exiting":
        raise service_error(400, 49, "invalid operation")
    _reachable(task, now)
    async_stop = Checker(body["clientRequest"], "clientRequest").bool_("async_stop")
    channel = world.channel_of(task)
    world.finish(task, now, STOPPED)
    files = task.files(now, world.config, channel, final=True)
    if not any(f.recorded for f in files):
        return 206, {**_echo(task), "code": 435, "reason": "no recorded data"}
    status = 200
    if async_stop:
        uploading = "unknown"
    elif task.upload_cutoff is not None:
        status, uploading = 206, "unknown"  # the upload never completed (docs/api-notes.md, "stop")
    else:
        uploading = "backuped" if task.failovers or task.backup_upload else "uploaded"
    response: dict[str, Any]
    if task.mode == "web":
        web = _web_state(task, files, 8, now)[0]
        upload = {"serviceName": "upload_service", "payload": {"uploadingStatus": uploading}}
        response = {"extensionServiceState": [upload, web]}
    elif task.spec.snapshot_interval:
        response = {"uploadingStatus": uploading}
    else:
        list_mode, file_list = task.file_list(files)
        response = {"fileListMode": list_mode, "fileList": file_list, "uploadingStatus": uploading}
    return status, {**_echo(task), "serverResponse": response}


def failover(task: Task, now: float, window: float) -> None:
    start, _, bak = task.epochs[-1]
    task.epochs[-1] = (start, now, bak)
    task.epochs.append((now + window, None, f"bak{task.failovers}_"))
    task.failovers += 1
    task.failover_until = now + window
    task.bot_uid = new_bot_uid()
    task.ncs.new_uids.append(task.bot_uid)  # session_failover (12) once the window ends


__all__ = ["EmulatorError"]

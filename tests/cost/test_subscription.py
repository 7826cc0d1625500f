"""Which users' video a recorder takes, from its start settings."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from recorder_gui.cost import Reach, VideoSubscription


def test_no_list_means_everyone() -> None:
    sub = VideoSubscription.of_lists()
    assert sub.reach is Reach.EVERYONE
    assert sub.inputs_among([1, 2, 3]) == 3
    assert sub.planned_inputs(everyone=4) == 4


def test_allstream_means_everyone() -> None:
    assert VideoSubscription.of_lists(subscribe_video=["#allstream#"]).reach is Reach.EVERYONE


def test_a_video_list_counts_only_the_listed_users_present() -> None:
    sub = VideoSubscription.of_lists(subscribe_video=["1", "2"])
    assert sub.inputs_among([2, 3, 4]) == 1
    assert sub.planned_inputs(everyone=9) == 2


def test_an_unsubscribe_list_takes_everyone_else() -> None:
    sub = VideoSubscription.of_lists(unsubscribe_video=["3"])
    assert sub.inputs_among([1, 2, 3]) == 2


def test_audio_only_takes_no_video() -> None:
    sub = VideoSubscription.of_lists(stream_types=0, subscribe_video=["1"])
    assert sub.reach is Reach.NONE
    assert sub.inputs_among([1]) == 0
    assert sub.planned_inputs(everyone=5) == 0


def test_a_list_for_audio_only_means_no_video_at_all() -> None:
    assert VideoSubscription.of_lists(subscribe_audio=["1"]).reach is Reach.NONE
    # ...unless the recording takes only video anyway
    only_video = VideoSubscription.of_lists(stream_types=1, subscribe_audio=["1"])
    assert only_video.reach is Reach.EVERYONE


uids = st.lists(st.integers(min_value=1, max_value=50), max_size=30, unique=True)


@given(uids, uids, st.sampled_from([0, 1, 2]))
def test_more_users_present_never_means_fewer_inputs(
    present: list[int], joined: list[int], stream_types: int
) -> None:
    for sub in (
        VideoSubscription.of_lists(stream_types=stream_types),
        VideoSubscription.of_lists(stream_types=stream_types, subscribe_video=["1", "2", "7"]),
        VideoSubscription.of_lists(stream_types=stream_types, unsubscribe_video=["3"]),
    ):
        assert sub.inputs_among(present) <= sub.inputs_among({*present, *joined})
        assert sub.inputs_among(present) <= len(present)

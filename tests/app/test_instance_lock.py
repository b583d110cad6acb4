"""One Prefdesk per profile: a second one is told who holds it; a dead holder's lock is taken."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.instance_lock import EXIT_PROFILE_IN_USE, LOCK_FILE, InstanceLock, ProfileInUse

HOLDER = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
lock.setStaleLockTime(0)
assert lock.tryLock(0), "the test's profile was already locked"
print("locked", flush=True)
time.sleep(120)
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the profile's lock, as a running Prefdesk would."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / LOCK_FILE)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "locked"
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()
    process.stdout.close()


def test_a_second_instance_is_told_the_profile_and_the_holders_pid(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    lock = InstanceLock(tmp_path)
    with pytest.raises(ProfileInUse) as caught:
        lock.acquire()
    message = str(caught.value)
    assert str(tmp_path) in message
    assert str(holder.pid) in message
    assert caught.value.pid == holder.pid
    assert caught.value.host == socket.gethostname()
    assert not lock.held


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_the_lock_of_a_killed_instance_is_taken_over(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    with pytest.raises(ProfileInUse):
        InstanceLock(tmp_path).acquire()
    holder.send_signal(signal.SIGKILL)
    holder.wait()  # reaped: its PID no longer runs, so the lock file is stale
    assert (tmp_path / LOCK_FILE).exists()
    lock = InstanceLock(tmp_path)
    lock.acquire()
    assert lock.held
    lock.release()
    assert not (tmp_path / LOCK_FILE).exists()


def test_one_process_can_lock_a_profile_again_after_releasing_it(tmp_path: Path) -> None:
    with InstanceLock(tmp_path / "new-profile") as lock:
        assert lock.held
        lock.acquire()  # holding it already is not an error
        with pytest.raises(ProfileInUse):
            InstanceLock(tmp_path / "new-profile").acquire()
    with InstanceLock(tmp_path / "new-profile") as again:
        assert again.held


def test_different_profiles_do_not_block_each_other(tmp_path: Path) -> None:
    with InstanceLock(tmp_path / "a") as first, InstanceLock(tmp_path / "b") as second:
        assert first.held
        assert second.held


def test_a_refused_start_has_its_own_exit_status() -> None:
    assert EXIT_PROFILE_IN_USE not in (0, 1, 2)

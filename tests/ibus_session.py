"""A private X display with IBus 拼音 for the real input-method test (``test_ime_real``).

``ibus_session(folder)`` starts, each in its own process group so that all of
it can be ended: Xvfb on a free display (``-displayfd``), a private D-Bus
session bus, and ``ibus-daemon`` (no panel, no XIM, settings in memory), then
selects the ibus-libpinyin engine. It yields the environment a Qt program
needs to type through it: ``DISPLAY``, ``QT_QPA_PLATFORM=xcb``,
``QT_IM_MODULE=ibus``, the bus address, a scratch ``HOME`` (so libpinyin
learns nothing across runs and no user profile is read) and a fontconfig file
with the bundled fonts. ``missing_packages`` names the Debian packages that
are not installed (``.ci/run`` installs them).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.fontconfig_env import fonts_conf

#: The engine's component file, installed by Debian's ibus-libpinyin.
LIBPINYIN_COMPONENT = Path("/usr/share/ibus/component/libpinyin.xml")
#: Program → the Debian package that has it.
PROGRAMS = {"Xvfb": "xvfb", "xdotool": "xdotool", "dbus-daemon": "dbus-daemon", "ibus-daemon": "ibus", "ibus": "ibus"}
#: Seconds to wait for each service to come up.
START_TIMEOUT_S = 20.0


#: Where IBus clients (Qt's plugin among them) read the machine id that names the daemon's address file.
MACHINE_ID_FILES = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))


def missing_packages() -> list[str]:
    """What the session needs and this machine lacks: Debian packages, or a machine id."""
    missing = [package for program, package in PROGRAMS.items() if shutil.which(program) is None]
    if not LIBPINYIN_COMPONENT.exists():
        missing.append("ibus-libpinyin")
    if not any(path.exists() and path.stat().st_size > 0 for path in MACHINE_ID_FILES):
        missing.append("a machine id (dbus-uuidgen --ensure)")
    return sorted(set(missing))


def _environment(folder: Path) -> dict[str, str]:
    home = folder / "home"
    runtime = folder / "runtime"
    for path in (home, runtime):
        path.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("QT_", "IBUS_", "XDG_", "DBUS_", "GTK_")) and key not in ("DISPLAY", "XMODIFIERS")}
    env.update({
        "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"), "XDG_RUNTIME_DIR": str(runtime),
        "BANMIAN_DATA_DIR": str(folder / "banmian-data"), "BANMIAN_CONFIG_DIR": str(folder / "banmian-config"),
        "GSETTINGS_BACKEND": "memory", "NO_AT_BRIDGE": "1",
        "FONTCONFIG_FILE": str(fonts_conf(folder / "fontconfig")),
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
    })
    return env


def _start(stack: ExitStack, command: list[str], env: dict[str, str], log: Path, **options) -> subprocess.Popen:
    """Start ``command`` in a process group of its own, ended (group and all) when ``stack`` closes."""
    handle = open(log, "wb")
    stack.callback(handle.close)
    process = subprocess.Popen(command, env=env, stdout=options.pop("stdout", handle), stderr=handle,
                               start_new_session=True, **options)
    stack.callback(_stop, process)
    return process


def _stop(process: subprocess.Popen) -> None:
    """End a process started by ``_start`` and whatever it started in its group."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(timeout=5)
    else:  # the leader is gone; its children (an engine, say) may still be there
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _read_line(fd: int, timeout_s: float) -> str:
    """One line a starting program writes to a pipe (its display number, its address)."""
    deadline, data = time.monotonic() + timeout_s, b""
    os.set_blocking(fd, False)
    while b"\n" not in data and time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 4096)
        except BlockingIOError:
            time.sleep(0.05)
            continue
        if not chunk:
            break
        data += chunk
    if b"\n" not in data:
        raise RuntimeError(f"no answer within {timeout_s} s (got {data!r})")
    return data.split(b"\n", 1)[0].decode().strip()


def _start_xvfb(stack: ExitStack, env: dict[str, str], folder: Path) -> str:
    read_fd, write_fd = os.pipe()
    stack.callback(os.close, read_fd)
    try:
        _start(stack, ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
               env, folder / "xvfb.log", pass_fds=(write_fd,))
    finally:
        os.close(write_fd)
    return ":" + _read_line(read_fd, START_TIMEOUT_S)


def _start_dbus(stack: ExitStack, env: dict[str, str], folder: Path) -> str:
    bus = _start(stack, ["dbus-daemon", "--session", "--nofork", "--print-address=1"], env, folder / "dbus.log",
                 stdout=subprocess.PIPE)
    assert bus.stdout is not None
    stack.callback(bus.stdout.close)
    return _read_line(bus.stdout.fileno(), START_TIMEOUT_S)


def _select_libpinyin(env: dict[str, str]) -> None:
    """Wait for ibus-daemon to answer, then make libpinyin the engine."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        chosen = subprocess.run(["ibus", "engine", "libpinyin"], env=env, capture_output=True, text=True, timeout=30)
        current = subprocess.run(["ibus", "engine"], env=env, capture_output=True, text=True, timeout=30)
        if current.stdout.strip() == "libpinyin":  # (setting it may exit 1 even when it worked)
            return
        if time.monotonic() > deadline:
            said = chosen.stderr + current.stdout + current.stderr
            raise RuntimeError(f"ibus did not take the libpinyin engine: {said}")
        time.sleep(0.2)


@contextmanager
def ibus_session(folder: Path) -> Iterator[dict[str, str]]:
    """Xvfb + D-Bus + IBus with libpinyin selected; yields the environment for the program under test."""
    folder.mkdir(parents=True, exist_ok=True)
    env = _environment(folder)
    with ExitStack() as stack:
        env["DISPLAY"] = _start_xvfb(stack, env, folder)
        env["DBUS_SESSION_BUS_ADDRESS"] = _start_dbus(stack, env, folder)
        _start(stack, ["ibus-daemon", "--panel=disable", "--emoji-extension=disable", "--xim=false", "--replace",
                       "--verbose"], env, folder / "ibus.log")
        _select_libpinyin(env)
        env.update({"QT_QPA_PLATFORM": "xcb", "QT_IM_MODULE": "ibus", "XMODIFIERS": "@im=ibus"})
        yield env

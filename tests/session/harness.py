"""Shared helpers for the session tests: a routerd of our own on a private
socket, and ish driven through a pseudo-terminal (pexpect)."""
import os
import shutil
import signal
import subprocess
import tempfile
import time

import pexpect

BUILDDIR = os.path.abspath(os.environ.get("LIOS_BUILDDIR", os.getcwd()))
SRCDIR = os.path.abspath(os.environ.get("LIOS_SRCDIR",
                                        os.path.join(os.path.dirname(__file__), "..", "..")))
ROUTERD = os.path.join(BUILDDIR, "daemons", "routerd", "routerd")
ISH = os.path.join(BUILDDIR, "cli", "ish")
SEAM = os.path.join(BUILDDIR, "tests", "unit", "ipc_server_seam")
DATADIR = os.path.join(SRCDIR, "tests", "session")


def skip_reason():
    """Why these tests cannot run here, or None."""
    if os.geteuid() != 0:
        return "needs root (unprivileged user test, sshd)"
    for prog in (ROUTERD, ISH):
        if not os.access(prog, os.X_OK):
            return "%s not built" % prog
    return None


def routerd_command(sock, startup):
    """routerd in a network namespace of its own, with the Ethernet device
    the interface map names. It runs as a dry-run server (-n): these tests
    are about the shell and the sessions, and the host kernel has no GRE
    (the kernel owner would refuse every tunnel); the kernel side is tested
    by tests/netns and the UML lab."""
    ifmap = os.path.join(DATADIR, "ifmap")
    return ["unshare", "--net", "sh", "-c",
            'ip link add eth0 type veth peer name eth1 && exec "$0" "$@"',
            ROUTERD, "-n", "-S", sock, "-f", startup, "-m", ifmap]


class SeamServer:
    """The session server with the engine's built-ins only (hostname R9);
    log(line) makes it send a `terminal monitor` log line."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="lios-seam-")
        self.sock = os.path.join(self.dir, "seam.sock")
        self.proc = subprocess.Popen([SEAM, self.sock], stdin=subprocess.PIPE)
        deadline = time.time() + 30
        while not os.path.exists(self.sock):
            if self.proc.poll() is not None or time.time() > deadline:
                self.cleanup()
                raise RuntimeError("ipc_server_seam did not start")
            time.sleep(0.05)

    def log(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def cleanup(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc.stdin.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class Routerd:
    """routerd serving sessions on a socket in a private directory, in a
    network namespace of its own. The directory is world-searchable so that the
    unprivileged-user test can reach the socket."""

    def __init__(self, startup=None):
        self.dir = tempfile.mkdtemp(prefix="lios-session-")
        os.chmod(self.dir, 0o755)
        self.sock = os.path.join(self.dir, "run", "routerd.sock")
        self.startup = os.path.join(self.dir, "startup-config")
        if startup:
            shutil.copy(startup, self.startup)
        args = routerd_command(self.sock, self.startup)
        self.log = open(os.path.join(self.dir, "routerd.log"), "w")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60  # a busy 2-core machine builds the tree slowly
        while not os.path.exists(self.sock):
            if self.proc.poll() is not None or time.time() > deadline:
                why = ("exited with %d" % self.proc.returncode if self.proc.poll() is not None
                       else "did not create %s" % self.sock)
                text = self.logtext()
                self.cleanup()  # no tearDown runs for a failed setUp
                raise RuntimeError("routerd %s: %s" % (why, text))
            time.sleep(0.05)

    def logtext(self):
        self.log.flush()
        with open(os.path.join(self.dir, "routerd.log")) as f:
            return f.read()

    def stop(self):
        """SIGTERM; returns routerd's exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def ish(self, *args, input=None, user=None):
        """Runs ish without a terminal; returns CompletedProcess."""
        cmd = [ISH, "-S", self.sock] + list(args)
        if user:
            cmd = as_user(user) + cmd
        return subprocess.run(cmd, input=input, capture_output=True, text=True, timeout=30)


def as_user(user, groups=()):
    """Command prefix that runs a program as an unprivileged user, with only
    the given supplementary groups (names)."""
    import grp
    import pwd
    pw = pwd.getpwnam(user)
    gids = [str(grp.getgrnam(g).gr_gid) for g in groups]
    return ["setpriv", "--reuid=%d" % pw.pw_uid, "--regid=%d" % pw.pw_gid] + \
        (["--groups=" + ",".join(gids)] if gids else ["--clear-groups"]) + ["--"]


def norm(b):
    """Terminal bytes to text: CRLF (the tty's output mapping) to LF."""
    if isinstance(b, bytes):
        b = b.decode("utf-8", "replace")
    return b.replace("\r\n", "\n")


class Pty:
    """ish on a pseudo-terminal, as a person (or sshd) runs it."""

    def __init__(self, routerd, user=None, term="vt100", columns=200, groups=()):
        cmd = [ISH, "-S", routerd.sock]
        if user:
            cmd = as_user(user, groups) + cmd
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "TERM": term, "INPUTRC": "/dev/null",
               "HOME": "/nonexistent"}
        self.p = pexpect.spawn(cmd[0], cmd[1:], env=env, timeout=10, dimensions=(24, columns))
        self.prompt = None

    def expect_exact(self, s):
        """Waits for s; returns everything before it (normalised)."""
        self.p.expect_exact(s)
        return norm(self.p.before)

    def start(self, prompt):
        before = self.expect_exact(prompt)
        self.prompt = prompt
        return before

    def cmd(self, line, prompt):
        """Types line and Enter; returns what the terminal showed from the
        line up to and including the next prompt, as a string."""
        self.p.send(line + "\r")
        self.p.expect_exact(prompt)
        out = norm(self.p.before) + prompt
        self.prompt = prompt
        return out

    def keys(self, keys):
        self.p.send(keys)

    def read_for(self, seconds=0.5):
        """Everything shown within the next few moments."""
        data = b""
        end = time.time() + seconds
        while time.time() < end:
            try:
                data += self.p.read_nonblocking(65536, timeout=0.1)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                break
        return norm(data)

    def close(self):
        self.p.close(force=True)

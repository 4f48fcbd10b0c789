#!/usr/bin/python3
"""ish as an SSH ForceCommand, driven by Netmiko's cisco_ios driver.

An sshd of our own listens on 127.0.0.1 on a free high port with its own
host key and config in a private directory; root logs in with a key made
for the test (PermitRootLogin prohibit-password, loopback only). Netmiko
connects, sends the DMVPN spoke configuration (ios-reference §1.7) with
send_config_set, saves it, and reads it back with show running-config.

Run from the build directory: tests/session/ssh_netmiko_test.py."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Routerd  # noqa: E402

SSHD = "/usr/sbin/sshd"
SPOKE = os.path.join(harness.DATADIR, "spoke.cfg")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def config_blocks(path):
    """The configuration as blocks (lists of lines) split at top-level '!'.
    hostname is left out (Netmiko keeps the prompt it found at login) and
    so is the enable secret (shown hashed)."""
    blocks, cur = [], []
    with open(path) as f:
        for line in f.read().splitlines():
            if line == "!":
                if cur:
                    blocks.append(cur)
                cur = []
            elif not line.startswith(("hostname ", "enable ")):
                cur.append(line)
    if cur:
        blocks.append(cur)
    return blocks


class Sshd:
    def __init__(self, force_command=None, setenv=None):
        self.dir = tempfile.mkdtemp(prefix="lios-sshd-")
        self.port = free_port()
        self.key = os.path.join(self.dir, "client_key")
        host_key = os.path.join(self.dir, "host_key")
        for path in (host_key, self.key):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path],
                           check=True)
        auth = os.path.join(self.dir, "authorized_keys")
        shutil.copy(self.key + ".pub", auth)
        # sshd reads it as the user logging in (also a non-root one)
        os.chmod(self.dir, 0o755)
        os.chmod(auth, 0o644)
        conf = os.path.join(self.dir, "sshd_config")
        with open(conf, "w") as f:
            f.write("\n".join([
                "Port %d" % self.port,
                "ListenAddress 127.0.0.1",
                "HostKey %s" % host_key,
                "PidFile %s" % os.path.join(self.dir, "sshd.pid"),
                "AuthorizedKeysFile %s" % auth,
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PrintMotd no",
                "PrintLastLog no",
                "ForceCommand %s" % force_command if force_command else "",
                "SetEnv %s" % setenv if setenv else "",
                ""]))
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege separation dir
        self.log = open(os.path.join(self.dir, "sshd.log"), "w")
        self.proc = subprocess.Popen([SSHD, "-D", "-e", "-f", conf],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("sshd did not start: " + self.logtext())
                time.sleep(0.1)

    def logtext(self):
        self.log.flush()
        with open(os.path.join(self.dir, "sshd.log")) as f:
            return f.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class NetmikoTest(unittest.TestCase):
    def setUp(self):
        self.r = Routerd()
        self.addCleanup(self.r.cleanup)
        self.sshd = Sshd("%s -S %s" % (harness.ISH, self.r.sock))
        self.addCleanup(self.sshd.stop)

    def connect(self):
        from netmiko import ConnectHandler
        return ConnectHandler(device_type="cisco_ios", host="127.0.0.1", port=self.sshd.port,
                              username="root", use_keys=True, key_file=self.sshd.key,
                              allow_agent=False, ssh_strict=False, system_host_keys=False,
                              alt_host_keys=False, timeout=20)

    def test_netmiko_spoke_config(self):
        blocks = config_blocks(SPOKE)
        lines = [ln for b in blocks for ln in b]
        conn = self.connect()
        try:
            self.assertTrue(conn.find_prompt().endswith("#"))
            out = conn.send_config_set(lines)
            self.assertNotIn("% ", out)  # no IOS error for any line
            out = conn.save_config()
            self.assertIn("[OK]", out)
            run = conn.send_command("show running-config")
            self.assertNotIn("--More--", run)
            # every block comes back whole, in IOS layout
            for b in blocks:
                self.assertIn("\n".join(b) + "\n", run + "\n")
            self.assertEqual(conn.send_command("show running-config | include nhrp nhs"),
                             " ip nhrp nhs 172.16.0.1 nbma 203.0.113.1 multicast")
        finally:
            conn.disconnect()
        # write memory saved it where routerd loads it from
        with open(self.r.startup) as f:
            saved = f.read()
        for b in blocks:
            self.assertIn("\n".join(b) + "\n", saved)
        # a new session sees the same configuration
        conn = self.connect()
        try:
            run = conn.send_command("show running-config | section interface Tunnel0")
            self.assertIn(" tunnel protection ipsec profile DMVPN-IPSEC", run)
        finally:
            conn.disconnect()

    def ssh(self, command):
        return subprocess.run(["ssh", "-i", self.sshd.key, "-p", str(self.sshd.port),
                               "-o", "StrictHostKeyChecking=no",
                               "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                               "-o", "LogLevel=ERROR", "root@127.0.0.1", command],
                              capture_output=True, text=True, timeout=30)

    def test_ssh_command_runs_like_ish_c(self):
        """`ssh router CMD` under ForceCommand: ish runs CMD, exit status and
        all, with no terminal."""
        res = self.ssh("show running-config | include ^hostname")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertRegex(res.stdout, r"^hostname \S+\n$")
        res = self.ssh("show foobar")
        self.assertEqual(res.returncode, 1)
        self.assertIn("% Invalid input detected at '^' marker.", res.stderr)


class NetmikoEnableTest(unittest.TestCase):
    """A user who is neither root nor an admin logs in at '>' and Netmiko's
    enable() answers the Password: question with the enable secret. The
    user exists only during the test."""

    USER = "liostest"
    SECRET = "Ss2026#Wan"

    def setUp(self):
        subprocess.run(["userdel", self.USER], capture_output=True)
        subprocess.run(["useradd", "-M", "-d", "/nonexistent", "-s", "/bin/sh",
                        # "*": no password, but not a locked account (sshd refuses those)
                        "-p", "*", self.USER],
                       check=True)
        self.addCleanup(subprocess.run, ["userdel", self.USER], capture_output=True)
        self.r = Routerd(SPOKE)
        self.addCleanup(self.r.cleanup)
        # The socket is 0660 root:lios; the test user is in neither.
        os.chmod(self.r.sock, 0o666)
        os.chmod(os.path.dirname(self.r.sock), 0o755)
        self.sshd = Sshd("%s -S %s" % (harness.ISH, self.r.sock))
        self.addCleanup(self.sshd.stop)

    def test_enable_with_secret(self):
        from netmiko import ConnectHandler
        conn = ConnectHandler(device_type="cisco_ios", host="127.0.0.1", port=self.sshd.port,
                              username=self.USER, use_keys=True, key_file=self.sshd.key,
                              allow_agent=False, ssh_strict=False, system_host_keys=False,
                              alt_host_keys=False, timeout=20, secret=self.SECRET)
        try:
            self.assertEqual(conn.find_prompt(), "R1>")
            conn.enable()
            self.assertEqual(conn.find_prompt(), "R1#")
            self.assertEqual(conn.send_command("show running-config | include ^hostname"),
                             "hostname R1")
        finally:
            conn.disconnect()


class LoginShellTest(unittest.TestCase):
    """ish as a user's login shell (no ForceCommand): an interactive login
    gets the prompt, `ssh host CMD` runs `ish -c CMD`."""

    USER = "liosshell"

    def setUp(self):
        self.r = Routerd(SPOKE)
        self.addCleanup(self.r.cleanup)
        os.chmod(self.r.sock, 0o666)
        os.chmod(os.path.dirname(self.r.sock), 0o755)
        subprocess.run(["userdel", self.USER], capture_output=True)
        subprocess.run(["useradd", "-M", "-d", "/nonexistent", "-s", harness.ISH,
                        "-p", "*", self.USER], check=True)
        self.addCleanup(subprocess.run, ["userdel", self.USER], capture_output=True)
        # sshd hands the socket to the login shell through the environment
        self.sshd = Sshd(setenv="LIOS_SOCKET=" + self.r.sock)
        self.addCleanup(self.sshd.stop)

    def ssh(self, *args):
        return ["ssh", "-i", self.sshd.key, "-p", str(self.sshd.port),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
                "%s@127.0.0.1" % self.USER] + list(args)

    def test_command(self):
        res = subprocess.run(self.ssh("show running-config | include ^hostname"),
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(res.returncode, 1, res.stderr)  # privilege 1 may not see it
        res = subprocess.run(self.ssh("enable\nSs2026#Wan\nshow running-config | include ^hostname"),
                             capture_output=True, text=True, timeout=30)
        self.assertEqual((res.returncode, res.stdout), (0, "hostname R1\n"), res.stderr)

    def test_interactive_login(self):
        p = harness.pexpect.spawn(self.ssh("-tt")[0], self.ssh("-tt")[1:], timeout=20)
        try:
            p.expect_exact("R1>")
            p.send("show version | count .\r")
            p.expect_exact("Number of lines which match regexp = ")
            p.expect_exact("R1>")
            p.send("exit\r")
            p.expect(harness.pexpect.EOF)
        finally:
            p.close(force=True)


if __name__ == "__main__":
    reason = harness.skip_reason()
    if not reason and not os.access(SSHD, os.X_OK):
        reason = "no sshd"
    try:
        import netmiko  # noqa: F401
    except ImportError:
        reason = reason or "no netmiko (python3-netmiko)"
    if reason:
        print("SKIP: " + reason)
        sys.exit(77)
    unittest.main(verbosity=2)

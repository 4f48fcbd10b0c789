#!/usr/bin/python3
"""ish + routerd through a pseudo-terminal: the exact bytes an IOS user
sees (prompts, banners, carets, help, Tab, pager, pipes, enable), plus the
non-interactive modes (ish -c, ish < file) and routerd's session server
(several sessions, SIGTERM).

Run from the build directory: tests/session/pty_test.py (make check does).
Needs root: the enable test runs ish as `nobody` with setpriv."""
import grp
import os
import re
import signal
import subprocess
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Pty, Routerd  # noqa: E402

SPOKE = os.path.join(harness.DATADIR, "spoke.cfg")
ENABLE_SECRET = "Ss2026#Wan"
INVALID = "% Invalid input detected at '^' marker.\n\n"


class SessionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = Routerd(SPOKE)

    @classmethod
    def tearDownClass(cls):
        cls.r.cleanup()

    def setUp(self):
        self.t = Pty(self.r)
        self.addCleanup(self.t.close)
        self.assertEqual(self.t.start("R1#"), "")

    def show_run(self):
        """show running-config as ish -c prints it (no terminal)."""
        res = self.r.ish("-c", "show running-config")
        self.assertEqual(res.returncode, 0, res.stderr)
        return res.stdout

    # --- prompts and modes -------------------------------------------------
    def test_prompts_and_configure_banner(self):
        t = self.t
        self.assertEqual(t.cmd("configure terminal", "R1(config)#"),
                         "configure terminal\n"
                         "Enter configuration commands, one per line.  End with CNTL/Z.\n"
                         "R1(config)#")
        self.assertEqual(t.cmd("interface Tunnel0", "R1(config-if)#"),
                         "interface Tunnel0\nR1(config-if)#")
        self.assertEqual(t.cmd("exit", "R1(config)#"), "exit\nR1(config)#")
        self.assertEqual(t.cmd("crypto ikev2 keyring DMVPN-KR", "R1(config-ikev2-keyring)#"),
                         "crypto ikev2 keyring DMVPN-KR\nR1(config-ikev2-keyring)#")
        out = t.cmd("end", "R1#")
        self.assertTrue(out.startswith("end\n"), out)
        self.assertTrue(out.endswith("\nR1#"), out)
        # no trailing space after any prompt character
        t.keys("\r")
        self.assertEqual(t.expect_exact("R1#"), "\n")
        self.assertEqual(t.read_for(0.3), "")

    def test_ctrl_z_leaves_config_mode(self):
        t = self.t
        t.cmd("configure terminal", "R1(config)#")
        t.cmd("interface Tunnel0", "R1(config-if)#")
        t.keys("description x\x1a")
        out = t.expect_exact("R1#")
        self.assertTrue(out.startswith("description x^Z\n"), repr(out))
        # the half-typed line was dropped, not applied
        self.assertIn(" description DMVPN spoke\n", self.show_run())

    def test_ctrl_c_drops_line(self):
        t = self.t
        t.keys("show running-con\x03")
        self.assertEqual(t.expect_exact("R1#"), "show running-con^C\n")
        # in configuration mode it also leaves, as IOS does
        t.cmd("configure terminal", "R1(config)#")
        t.keys("hostname X\x03")
        self.assertEqual(t.expect_exact("R1#"), "hostname X^C\n")

    # --- errors ------------------------------------------------------------
    def test_invalid_input_caret_counts_prompt(self):
        out = self.t.cmd("show foobar", "R1#")
        self.assertEqual(out, "show foobar\n" + " " * (len("R1#") + 5) + "^\n" + INVALID + "R1#")
        self.t.cmd("configure terminal", "R1(config)#")
        out = self.t.cmd("interface Tunnel0 junk", "R1(config)#")
        col = len("R1(config)#") + len("interface Tunnel0 ")
        self.assertEqual(out, "interface Tunnel0 junk\n" + " " * col + "^\n" + INVALID +
                         "R1(config)#")

    def test_incomplete_and_ambiguous(self):
        self.assertEqual(self.t.cmd("show", "R1#"), "show\n% Incomplete command.\n\nR1#")
        # "sh i" is ambiguous once two show commands start with i (ip,
        # interfaces); ask the tree which it has.
        self.t.keys("show i?")
        words = [w for w in self.t.expect_exact("R1#show i").split("\n")[1].split()
                 if w.startswith("i")]
        self.t.cmd("", "R1#")  # Enter runs "show i"; wait for the prompt
        if len(words) >= 2:
            self.assertEqual(self.t.cmd("sh i", "R1#"),
                             'sh i\n% Ambiguous command:  "sh i"\n\nR1#')
        self.t.cmd("configure terminal", "R1(config)#")
        self.assertEqual(self.t.cmd("i", "R1(config)#"),
                         'i\n% Ambiguous command:  "i"\n\nR1(config)#')

    # --- help and completion -----------------------------------------------
    def test_question_mark_help_then_line_again(self):
        t = self.t
        t.keys("show ?")
        out = t.expect_exact("R1#show ")
        self.assertTrue(out.startswith("show ?\n"), repr(out))
        self.assertRegex(out, r"\n  running-config +\S")
        # the line is still there: Enter runs it
        self.assertEqual(t.cmd("", "R1#"), "\n% Incomplete command.\n\nR1#")
        t.keys("conf?")
        out = t.expect_exact("R1#conf")
        self.assertTrue(out.startswith("conf?\n"), repr(out))
        self.assertIn("configure", out)
        self.assertEqual(t.cmd(" terminal", "R1(config)#").splitlines()[-1], "R1(config)#")

    def test_tab_completes_keywords(self):
        t = self.t
        t.keys("conf\t")
        t.expect_exact("configure ")
        out = t.cmd("t", "R1(config)#")
        self.assertIn("Enter configuration commands", out)

    def test_pipe_help_and_tab(self):
        t = self.t
        t.keys("show running-config | ?")
        out = t.expect_exact("R1#show running-config | ")
        for word in ("begin", "count", "exclude", "include", "section"):
            self.assertRegex(out, r"\n  %s +\S" % word)
        t.keys("sec\t")
        # readline redraws only what changed: "sec" becomes "section "
        t.expect_exact("tion ")
        out = t.cmd("^crypto ipsec profile", "R1#")
        self.assertTrue(out.endswith("\ncrypto ipsec profile DMVPN-IPSEC\n"
                                     " set transform-set DMVPN-TS\n"
                                     " set ikev2-profile DMVPN-IKEV2\nR1#"), out)

    # --- pager ---------------------------------------------------------------
    def test_pager_terminal_length(self):
        t = self.t
        full = self.show_run().splitlines()
        self.assertGreater(len(full), 12)
        self.assertEqual(t.cmd("terminal length 5", "R1#"), "terminal length 5\nR1#")
        t.keys("show running-config\r")
        out = t.expect_exact(" --More-- ")
        # 4 lines (length - 1), then the pager prompt
        self.assertEqual(out, "show running-config\n" + "\n".join(full[:4]) + "\n")
        t.keys(" ")  # Space: next page
        out = t.expect_exact(" --More-- ")
        self.assertEqual(re.sub(r"^[\b ]*", "", out), "\n".join(full[4:8]) + "\n")
        t.keys("\r")  # Enter: one more line
        out = t.expect_exact(" --More-- ")
        self.assertEqual(re.sub(r"^[\b ]*", "", out), full[8] + "\n")
        t.keys("q")  # anything else: stop
        out = t.expect_exact("R1#")
        self.assertEqual(re.sub(r"^[\b ]*", "", out), "")
        self.assertEqual(t.cmd("terminal length 0", "R1#"), "terminal length 0\nR1#")
        out = t.cmd("show running-config", "R1#")
        self.assertNotIn("--More--", out)
        self.assertEqual(out, "show running-config\n" + "\n".join(full) + "\nR1#")

    def test_pager_counts_wrapped_lines(self):
        """On an 80-column terminal the enable secret line (over 80
        characters) takes two rows: with terminal length 4 (pages of 3
        rows) it waits for the next page instead of pushing the first line
        off the screen."""
        t = Pty(self.r, columns=80)
        self.addCleanup(t.close)
        t.start("R1#")
        t.cmd("terminal length 4", "R1#")
        full = self.show_run().splitlines()
        start = full.index("hostname R1")
        self.assertEqual(full[start + 1], "!")
        self.assertGreater(len(full[start + 2]), 80)
        t.keys("show running-config | begin ^hostname\r")
        out = t.expect_exact(" --More-- ")
        self.assertEqual(out, "show running-config | begin ^hostname\nhostname R1\n!\n")
        t.keys(" ")
        out = t.expect_exact(" --More-- ")
        self.assertEqual(re.sub(r"^[\b ]*", "", out), full[start + 2] + "\n" + full[start + 3] + "\n")
        t.keys("q")
        t.expect_exact("R1#")

    # --- pipes -----------------------------------------------------------------
    def pipe(self, line):
        """Output of line on the terminal, without echo and prompt."""
        out = self.t.cmd(line, "R1#")
        self.assertTrue(out.startswith(line + "\n"), out)
        return out[len(line) + 1:-len("R1#")]

    def test_pipes(self):
        full = self.show_run().splitlines()

        def grep(rx):
            return [ln for ln in full if re.search(rx, ln)]

        self.t.cmd("terminal length 0", "R1#")
        # regex with spaces and '|', abbreviated filter word
        rx = "ip address 172|nhrp network"
        got = self.pipe("show running-config | inc " + rx)
        self.assertEqual(got.splitlines(), grep(rx))
        self.assertEqual(got, " ip address 172.16.0.11 255.255.255.0\n ip nhrp network-id 100\n")
        self.assertEqual(self.pipe("sh run | i tunnel key"), " tunnel key 100\n")
        got = self.pipe("show running-config | exclude ^ |!")
        self.assertEqual(got.splitlines(), [ln for ln in full if not re.search("^ |!", ln)])
        got = self.pipe("show running-config | be ^interface Tunnel0")
        start = full.index("interface Tunnel0")
        self.assertEqual(got.splitlines(), full[start:])
        got = self.pipe("show running-config | count nhrp")
        self.assertEqual(got, "Number of lines which match regexp = %d\n" % len(grep("nhrp")))
        got = self.pipe("show running-config | sec ^crypto ipsec profile")
        self.assertEqual(got, "crypto ipsec profile DMVPN-IPSEC\n"
                              " set transform-set DMVPN-TS\n"
                              " set ikev2-profile DMVPN-IKEV2\n")
        got = self.pipe("show running-config | section ^interface Tunnel")
        end = full.index("!", start)
        self.assertEqual(got.splitlines(), full[start:end])

    def test_pipe_errors(self):
        out = self.t.cmd("show running-config | frobnicate x", "R1#")
        col = len("R1#") + len("show running-config | ")
        self.assertEqual(out, "show running-config | frobnicate x\n" + " " * col + "^\n" +
                         INVALID + "R1#")
        self.assertEqual(self.t.cmd("show running-config | include", "R1#"),
                         "show running-config | include\n% Incomplete command.\n\nR1#")

    # --- saving -----------------------------------------------------------------
    def test_copy_run_start_asks_and_write_memory(self):
        t = self.t
        os.unlink(self.r.startup)
        t.keys("copy running-config startup-config\r")
        self.assertEqual(t.expect_exact("Destination filename [startup-config]? "),
                         "copy running-config startup-config\n")
        # Enter takes the default; the answer is echoed (it is no password)
        self.assertEqual(t.cmd("", "R1#"), "\nBuilding configuration...\n[OK]\nR1#")
        with open(self.r.startup) as f:
            self.assertIn("interface Tunnel0\n", f.read())
        self.assertEqual(t.cmd("write memory", "R1#"),
                         "write memory\nBuilding configuration...\n[OK]\nR1#")

    # --- several sessions ------------------------------------------------------
    def test_sessions_are_independent(self):
        other = Pty(self.r)
        self.addCleanup(other.close)
        other.start("R1#")
        self.t.cmd("configure terminal", "R1(config)#")
        self.t.cmd("interface Tunnel0", "R1(config-if)#")
        # the other session is still in EXEC and sees the change at once
        self.t.cmd("description changed by session one", "R1(config-if)#")
        out = other.cmd("show running-config | include description", "R1#")
        self.assertIn(" description changed by session one\n", out)
        self.t.cmd("description DMVPN spoke", "R1(config-if)#")
        self.t.cmd("end", "R1#")


class EnableTest(unittest.TestCase):
    """A user who is neither root nor an admin starts at '>' and needs the
    enable secret; the password is not echoed."""

    @classmethod
    def setUpClass(cls):
        cls.r = Routerd(SPOKE)
        # The socket is 0660 root:lios; let `nobody` in for this test.
        os.chmod(cls.r.sock, 0o666)

    @classmethod
    def tearDownClass(cls):
        cls.r.cleanup()

    def test_enable_password(self):
        t = Pty(self.r, user="nobody")
        self.addCleanup(t.close)
        self.assertEqual(t.start("R1>"), "")
        t.keys("configure terminal\r")
        out = t.expect_exact("R1>")
        self.assertIn("%", out)  # refused at privilege 1
        t.keys("enable\r")
        self.assertEqual(t.expect_exact("Password: "), "enable\n")
        t.keys("wrong-secret\r")
        out = t.expect_exact("Password: ")
        self.assertNotIn("wrong-secret", out)
        t.keys(ENABLE_SECRET + "\r")
        out = t.expect_exact("R1#")
        self.assertNotIn(ENABLE_SECRET, out)
        self.assertEqual(t.cmd("configure terminal", "R1(config)#").splitlines()[-1],
                         "R1(config)#")
        t.cmd("end", "R1#")
        self.assertEqual(t.cmd("disable", "R1>"), "disable\nR1>")

    @unittest.skipUnless(any(g.gr_name == "sudo" for g in grp.getgrall()), "no sudo group")
    def test_admin_group_member_starts_privileged(self):
        """Not root, but in the sudo group (an admin group): '#' at once."""
        t = Pty(self.r, user="nobody", groups=("sudo",))
        self.addCleanup(t.close)
        self.assertEqual(t.start("R1#"), "")

    def test_root_starts_privileged(self):
        t = Pty(self.r)
        self.addCleanup(t.close)
        self.assertEqual(t.start("R1#"), "")

    def test_nobody_with_ish_c(self):
        res = self.r.ish("-c", "show running-config", user="nobody")
        self.assertNotEqual(res.returncode, 0)
        res = self.r.ish("-c", "enable", "-c", ENABLE_SECRET, "-c", "show running-config",
                         user="nobody")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("interface Tunnel0\n", res.stdout)


class BatchTest(unittest.TestCase):
    """ish -c and ish < file: output only, errors to stderr, exit status."""

    @classmethod
    def setUpClass(cls):
        cls.r = Routerd(SPOKE)

    @classmethod
    def tearDownClass(cls):
        cls.r.cleanup()

    def test_c_runs_in_order_and_status(self):
        ok = self.r.ish("-c", "show running-config | include hostname")
        self.assertEqual((ok.returncode, ok.stdout, ok.stderr), (0, "hostname R1\n", ""))
        bad = self.r.ish("-c", "show foobar", "-c", "show running-config | count hostname")
        self.assertEqual(bad.returncode, 1)
        self.assertEqual(bad.stdout, "Number of lines which match regexp = 1\n")
        self.assertEqual(bad.stderr, "R1#show foobar\n" + " " * 8 + "^\n" + INVALID)
        # commands run in order in one session: the mode carries over
        res = self.r.ish("-c", "configure terminal", "-c", "interface Tunnel0",
                         "-c", "description set by ish -c", "-c", "end",
                         "-c", "show running-config | include description")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertTrue(res.stdout.endswith(" description set by ish -c\n"), res.stdout)
        self.r.ish("-c", "configure terminal", "-c", "interface Tunnel0",
                   "-c", "description DMVPN spoke")

    def test_script_on_stdin(self):
        script = ("configure terminal\n"
                  "interface Tunnel0\n"
                  " ip nhrp holdtime 600\n"
                  "end\n"
                  "show running-config | include holdtime\n")
        res = self.r.ish(input=script)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertTrue(res.stdout.endswith(" ip nhrp holdtime 600\n"), res.stdout)
        self.assertNotIn("R1", res.stdout)  # no prompts in a script
        res = self.r.ish(input="configure terminal\nbogus line\nend\n")
        self.assertEqual(res.returncode, 1)
        self.assertIn("R1(config)#bogus line\n", res.stderr)
        self.r.ish(input="configure terminal\ninterface Tunnel0\n ip nhrp holdtime 300\n")

    def test_line_too_long_is_refused_session_goes_on(self):
        res = self.r.ish("-c", "show " + "x" * 70000, "-c", "show running-config | count hostname")
        self.assertEqual(res.returncode, 1)
        self.assertEqual(res.stderr, "% Line too long\n\n")
        self.assertEqual(res.stdout, "Number of lines which match regexp = 1\n")

    def test_do_show_with_pipe_in_config_mode(self):
        res = self.r.ish("-c", "configure terminal",
                         "-c", "do show running-config | include ^hostname")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual(res.stdout, "Enter configuration commands, one per line.  "
                                     "End with CNTL/Z.\nhostname R1\n")

    def test_refusal_goes_to_stderr_after_its_line(self):
        res = self.r.ish("-c", "configure terminal", "-c", "interface Tunnel0",
                         "-c", "tunnel protection ipsec profile NO-SUCH-PROFILE")
        self.assertEqual(res.returncode, 1)
        self.assertRegex(res.stderr, r"^R1\(config-if\)#tunnel protection ipsec profile "
                                     r"NO-SUCH-PROFILE\n% \S.*\n$")
        self.assertEqual(res.stdout, "Enter configuration commands, one per line.  "
                                     "End with CNTL/Z.\n")

    def test_parallel_sessions(self):
        """20 shells at once, each in its own mode, all answered right."""
        procs = []
        for i in range(20):
            cmds = ["-c", "configure terminal", "-c", "interface Loopback%d" % i]
            cmds += ["-c", "do show running-config | include ^hostname"] * 10
            cmds += ["-c", "end", "-c", "show running-config | count ^interface Loopback%d$" % i]
            procs.append(subprocess.Popen([harness.ISH, "-S", self.r.sock] + cmds,
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True))
        for i, p in enumerate(procs):
            out, err = p.communicate(timeout=60)
            self.assertEqual(p.returncode, 0, err)
            self.assertEqual(out.count("hostname R1\n"), 10)
            self.assertTrue(out.endswith("Number of lines which match regexp = 1\n"), out)
        self.r.ish(input="".join("configure terminal\nno interface Loopback%d\n" % i
                                 for i in range(20)))

    def test_no_routerd(self):
        res = subprocess.run([harness.ISH, "-S", "/nonexistent/sock", "-c", "show clock"],
                             capture_output=True, text=True)
        self.assertEqual(res.returncode, 2)
        self.assertIn("Cannot connect", res.stderr)


class MonitorTest(unittest.TestCase):
    """Log lines reach sessions with `terminal monitor`, and ish shows them
    on their own line with the prompt and the half-typed line again."""

    LINE = "%LINK-3-UPDOWN: Interface Tunnel0, changed state to up"

    def setUp(self):
        self.s = harness.SeamServer()
        self.addCleanup(self.s.cleanup)
        self.t = Pty(self.s)
        self.addCleanup(self.t.close)
        self.t.start("R9#")

    def test_log_while_typing(self):
        t = self.t
        self.assertEqual(t.cmd("terminal monitor", "R9#"), "terminal monitor\nR9#")
        t.keys("show hist")
        t.expect_exact("show hist")
        self.s.log(self.LINE)
        self.assertEqual(t.expect_exact("R9#show hist"), "\n" + self.LINE + "\n")
        # the typed text is still the line being edited
        out = t.cmd("ory", "R9#")
        self.assertTrue(out.startswith("ory\n"), out)
        self.assertIn("  show history\n", out)

    def test_no_log_without_monitor(self):
        self.s.log(self.LINE)
        self.assertNotIn("LINK", self.t.read_for(0.5))
        self.assertEqual(self.t.cmd("terminal monitor", "R9#"), "terminal monitor\nR9#")
        self.s.log(self.LINE)
        self.assertEqual(self.t.expect_exact("R9#"), "\n" + self.LINE + "\n")

    def test_terminal_restored_when_killed(self):
        """ish turns the terminal's ^C and ^Z signal keys off while it runs;
        killed by SIGTERM or SIGHUP (sshd hanging up), it puts them back."""
        for sig in (signal.SIGTERM, signal.SIGHUP):
            cmd = "%s -S %s; stty -a" % (harness.ISH, self.s.sock)
            p = harness.pexpect.spawn("sh", ["-c", cmd], timeout=10,
                                      env={"PATH": "/usr/bin:/bin", "TERM": "vt100"})
            try:
                p.expect_exact("R9#")
                with open("/proc/%d/task/%d/children" % (p.pid, p.pid)) as f:
                    ish_pid = int(f.read().split()[0])
                os.kill(ish_pid, sig)
                p.expect(harness.pexpect.EOF)
                out = harness.norm(p.before)
                self.assertIn("intr = ^C;", out)
                self.assertIn("susp = ^Z;", out)
            finally:
                p.close(force=True)

    def test_lost_server_noticed_at_once(self):
        self.s.proc.terminate()
        self.t.expect_exact("% Connection to routerd lost")
        self.t.p.expect(harness.pexpect.EOF)
        self.t.p.close()
        self.assertEqual(self.t.p.exitstatus, 2)


class ServerTest(unittest.TestCase):
    def test_sigterm_clean_exit(self):
        r = Routerd(SPOKE)
        try:
            t = Pty(r)
            t.start("R1#")
            self.assertEqual(r.stop(), 0)
            self.assertFalse(os.path.exists(r.sock))
            # the shell sees its peer go away and exits
            t.p.expect(harness.pexpect.EOF)
            t.close()
        finally:
            r.cleanup()

    def test_stale_socket_replaced_live_one_kept(self):
        r = Routerd(SPOKE)
        try:
            # a second routerd on the same socket refuses to start
            res = subprocess.run(harness.routerd_command(r.sock, r.startup),
                                 capture_output=True, text=True, timeout=120)
            self.assertNotEqual(res.returncode, 0)
            self.assertEqual(r.ish("-c", "show running-config | count .").returncode, 0)
        finally:
            r.cleanup()

    def test_exit_in_exec_ends_session(self):
        r = Routerd(SPOKE)
        try:
            t = Pty(r)
            t.start("R1#")
            t.keys("exit\r")
            t.p.expect(harness.pexpect.EOF)
            t.p.close()
            self.assertEqual(t.p.exitstatus, 0)
        finally:
            r.cleanup()


if __name__ == "__main__":
    reason = harness.skip_reason()
    if reason:
        print("SKIP: " + reason)
        sys.exit(77)
    unittest.main(verbosity=2)

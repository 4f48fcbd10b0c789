# tests/lab: the user-mode Linux lab (tests/lab/README).
#
# make check  runs the harness self-test, then every scenario (the last line
#             is the lab's "N passed, N failed"); skipped, saying why, when
#             not root or when /usr/bin/linux.uml is missing.
# make demo   boots a DMVPN phase 3 hub and three spokes (routerd + iked +
#             dmvpnd from IOS startup-configs, IKEv2 hub <-> spoke) and shows
#             show dmvpn, the IKEv2 SAs and a spoke-to-spoke shortcut;
#             from a terminal, it then leaves you at the hub's ish.

EXTRA_DIST += tests/lab/README tests/lab/run tests/lab/selftest \
	tests/lab/guest-init tests/lab/guest-scenario tests/lab/guest-router \
	tests/lab/bin tests/lab/scenarios tests/lab/negative tests/lab/demo \
	tests/lab/interactive tests/lab/interactive-test

LAB_UML = /usr/bin/linux.uml
lab_run = LAB_UML='$(LAB_UML)' bash $(srcdir)/tests/lab/run --builddir '$(abs_top_builddir)'
lab_selftest = LAB_UML='$(LAB_UML)' bash $(srcdir)/tests/lab/selftest --builddir '$(abs_top_builddir)'

# Why the lab cannot run here, or nothing.
lab_why_not = \
	if [ "$(LAB)" = no ]; then \
		echo "LAB=no given"; \
	elif [ "$$(id -u)" != 0 ]; then \
		echo "needs root (UML reads the host root through hostfs, the routers are namespaces)"; \
	elif [ ! -x '$(LAB_UML)' ]; then \
		echo "$(LAB_UML) is missing (Debian package user-mode-linux)"; \
	fi

# After the unit tests, so that the lab's summary is the last thing printed.
# Several checks measure time (DPD, keepalive) on a 2-core machine that runs
# two guests at once; a scenario that fails is run once more, alone, and the
# retry is printed with its own result, so a flake is visible, not hidden.
# The self-test and the scenarios run side by side (the guests mostly wait:
# for charon, for DPD), their outputs printed one after the other.
check-local: check-lab
check-lab: check-TESTS
	@why=`$(lab_why_not)`; \
	if [ -n "$$why" ]; then echo "lab: SKIP: $$why"; exit 0; fi; \
	mkdir -p tests/lab/out || exit 1; \
	st=0; \
	$(lab_selftest) >tests/lab/out/selftest.txt 2>&1 & pid=$$!; \
	all=0; \
	$(lab_run) --all >tests/lab/out/all.txt 2>&1 || all=1; \
	wait $$pid || st=1; \
	cat tests/lab/out/selftest.txt tests/lab/out/all.txt; \
	if [ $$all = 1 ]; then \
		failed=`sed -n 's/^\([A-Za-z0-9_.-]*\): [0-9]* passed, [1-9][0-9]* failed.*/\1/p' tests/lab/out/all.txt`; \
		if [ -n "$$failed" ]; then \
			echo "lab: retrying once, said here, not hidden: $$failed"; \
			$(lab_run) $$failed || st=1; \
		else \
			st=1; \
		fi; \
	fi; \
	exit $$st

demo: all
	@why=`$(lab_why_not)`; \
	if [ -n "$$why" ]; then echo "demo: cannot run: $$why" >&2; exit 1; fi; \
	if [ -t 0 ] && [ -t 1 ]; then \
		$(lab_run) --interactive HUB $(srcdir)/tests/lab/demo; \
	else \
		$(lab_run) $(srcdir)/tests/lab/demo; \
	fi

clean-local: clean-lab
clean-lab:
	-rm -rf tests/lab/out

.PHONY: check-lab demo clean-lab

# tests: what every test shares.
EXTRA_DIST += tests/lsan.supp

# The sanitizer build's leak checker ignores third-party leaks listed here.
AM_TESTS_ENVIRONMENT = LSAN_OPTIONS=suppressions=$(abs_top_srcdir)/tests/lsan.supp; \
	export LSAN_OPTIONS;

# The DPD benchmark (tests/bench/dpd; not part of make check).
EXTRA_DIST += tests/bench/dpd tests/bench/dpd-from-log tests/bench/dpd-lab \
	tests/bench/routerd-addr-flood

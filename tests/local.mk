# tests: what every test shares.
EXTRA_DIST += tests/lsan.supp

# The sanitizer build's leak checker ignores third-party leaks listed here.
AM_TESTS_ENVIRONMENT = LSAN_OPTIONS=suppressions=$(abs_top_srcdir)/tests/lsan.supp; \
	export LSAN_OPTIONS;

# etc/local.mk: sample configuration, installed as examples (never over a
# live startup-config). tests/golden/run checks that they load.
lios_examplesdir = $(datadir)/doc/lios/examples
dist_lios_examples_DATA = etc/startup-config.sample etc/ifmap.sample

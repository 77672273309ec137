# Benchmarks print figures; "make bench" runs them.  They are not tests.
EXTRA_PROGRAMS = bench/ui_startup
bench_ui_startup_SOURCES = bench/ui_startup.c
bench_ui_startup_LDADD = $(PTY_LIBS)
CLEANFILES += bench/ui_startup

bench: src/prescripcare bench/ui_startup
	bench/ui_startup src/prescripcare

.PHONY: bench

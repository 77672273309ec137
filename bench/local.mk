# Benchmarks print figures; "make bench" runs them.  They are not tests.
noinst_PROGRAMS += bench/bench_login
bench_bench_login_SOURCES = bench/bench_login.c
bench_bench_login_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(SODIUM_CFLAGS)
bench_bench_login_LDADD = src/libcore.a $(SQLITE_LIBS) $(SODIUM_LIBS) \
	$(OATH_LIBS) $(QRENCODE_LIBS) $(PTHREAD_LIBS) $(LIBINTL)

bench: bench/bench_login
	PRESCRIPCARE_DATADIR=$(abs_top_srcdir)/data bench/bench_login

.PHONY: bench

# Benchmarks print figures; "make bench" runs them.  They are not tests.
BENCHMARKS = bench/remind_latency
EXTRA_PROGRAMS = $(BENCHMARKS)

bench_remind_latency_SOURCES = bench/remind_latency.c
bench_remind_latency_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
bench_remind_latency_LDADD = src/libcore.a $(SQLITE_LIBS) $(PTHREAD_LIBS) \
	$(LIBINTL)

bench: $(BENCHMARKS)
	@for b in $(BENCHMARKS); do echo "== $$b"; ./$$b || exit 1; done

.PHONY: bench

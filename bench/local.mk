# Benchmarks print figures; "make bench" runs them.  They are not tests,
# but they are built with everything else so that they keep compiling.
noinst_PROGRAMS += bench/bench_drugs
bench_bench_drugs_SOURCES = bench/bench_drugs.c
bench_bench_drugs_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
bench_bench_drugs_LDADD = src/libcore.a $(SQLITE_LIBS) $(PTHREAD_LIBS) \
	$(LIBINTL)

bench: bench/bench_drugs
	PRESCRIPCARE_DATADIR=$(abs_top_srcdir)/data bench/bench_drugs

.PHONY: bench

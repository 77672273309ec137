# Benchmarks print figures; "make bench" runs them.  They are not tests.
# bench/gen_store makes a made-up store of any size for other timings:
#   bench/gen_store --out big.db --people 28 --meds 10 --doses 1 --years 10
EXTRA_PROGRAMS = bench/gen_store bench/bench_doses bench/bench_login \
	bench/ui_startup bench/bench_drugs bench/remind_latency
BENCH_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(SODIUM_CFLAGS) $(GLIB_CFLAGS)
BENCH_LDADD = src/libcore.a $(SQLITE_LIBS) $(SODIUM_LIBS) $(GLIB_LIBS) \
	$(OATH_LIBS) $(QRENCODE_LIBS) $(PTHREAD_LIBS) $(LIBINTL)

bench_gen_store_SOURCES = bench/gen_store.c bench/gen.c bench/gen.h
bench_gen_store_CFLAGS = $(BENCH_CFLAGS)
bench_gen_store_LDADD = $(BENCH_LDADD)

bench_bench_doses_SOURCES = bench/bench_doses.c bench/gen.c bench/gen.h
bench_bench_doses_CFLAGS = $(BENCH_CFLAGS)
bench_bench_doses_LDADD = $(BENCH_LDADD)

CLEANFILES += $(EXTRA_PROGRAMS)

bench_bench_login_SOURCES = bench/bench_login.c bench/gen.c bench/gen.h
bench_bench_login_CFLAGS = $(BENCH_CFLAGS)
bench_bench_login_LDADD = $(BENCH_LDADD)

bench_ui_startup_SOURCES = bench/ui_startup.c
bench_ui_startup_LDADD = $(PTY_LIBS)

bench_bench_drugs_SOURCES = bench/bench_drugs.c
bench_bench_drugs_CFLAGS = $(BENCH_CFLAGS)
bench_bench_drugs_LDADD = $(BENCH_LDADD)

bench_remind_latency_SOURCES = bench/remind_latency.c
bench_remind_latency_CFLAGS = $(BENCH_CFLAGS)
bench_remind_latency_LDADD = $(BENCH_LDADD)

bench: bench/gen_store$(EXEEXT) bench/bench_doses$(EXEEXT) \
	bench/bench_login$(EXEEXT) bench/ui_startup$(EXEEXT) \
	bench/bench_drugs$(EXEEXT) bench/remind_latency$(EXEEXT) \
	src/prescripcare
	bench/bench_doses$(EXEEXT)
	PRESCRIPCARE_DATADIR=$(abs_top_srcdir)/data bench/bench_login$(EXEEXT)
	PRESCRIPCARE_DATADIR=$(abs_top_srcdir)/data \
		bench/ui_startup$(EXEEXT) src/prescripcare bench/gen_store$(EXEEXT)
	PRESCRIPCARE_DATADIR=$(abs_top_srcdir)/data bench/bench_drugs$(EXEEXT)
	bench/remind_latency$(EXEEXT)

.PHONY: bench

src_libcore_a_SOURCES += \
	src/store/migrations.h \
	src/store/store.c src/store/store.h src/store/store_internal.h \
	src/store/store_admin.c \
	src/store/accounts.c src/store/accounts.h \
	src/store/people.c src/store/people.h \
	src/store/providers.c src/store/providers.h \
	src/store/pharmacies.c src/store/pharmacies.h \
	src/store/health.c src/store/health.h \
	src/store/audit.c src/store/audit.h \
	src/store/store_catalogue.c src/store/store_catalogue.h \
	src/store/store_drugs_internal.h \
	src/store/store_rxnorm.c \
	src/store/store_search.c src/store/store_search.h \
	src/store/store_screen.c src/store/store_screen.h \
	src/store/store_notify.c src/store/store_notify.h
nodist_src_libcore_a_SOURCES = src/store/migrations.c

# Numbered in the order they apply; a new schema version is a new file.
MIGRATION_FILES = \
	$(top_srcdir)/src/store/migrations/001-initial.sql \
	$(top_srcdir)/src/store/migrations/002-accounts.sql \
	$(top_srcdir)/src/store/migrations/003-drugs.sql \
	$(top_srcdir)/src/store/migrations/004-doses.sql \
	$(top_srcdir)/src/store/migrations/005-reminders.sql

src/store/migrations.c: $(MIGRATION_FILES) $(top_srcdir)/build-aux/sql2c.sh
	$(AM_V_GEN)$(MKDIR_P) src/store && \
	$(SHELL) $(top_srcdir)/build-aux/sql2c.sh $@ $(MIGRATION_FILES)

BUILT_SOURCES += src/store/migrations.c
CLEANFILES += src/store/migrations.c
EXTRA_DIST += $(MIGRATION_FILES)
src_libcore_a_SOURCES += \
	src/store/bind.c src/store/bind.h \
	src/store/meds.c src/store/meds.h \
	src/store/doses.c src/store/doses.h \
	src/store/summaries.c src/store/summaries.h

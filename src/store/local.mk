src_libcore_a_SOURCES += \
	src/store/migrations.h \
	src/store/store.c src/store/store.h src/store/store_internal.h \
	src/store/store_admin.c \
	src/store/store_notify.c src/store/store_notify.h
nodist_src_libcore_a_SOURCES = src/store/migrations.c

# Numbered in the order they apply; a new schema version is a new file.
MIGRATION_FILES = \
	$(top_srcdir)/src/store/migrations/001-initial.sql \
	$(top_srcdir)/src/store/migrations/005-reminders.sql

src/store/migrations.c: $(MIGRATION_FILES) $(top_srcdir)/build-aux/sql2c.sh
	$(AM_V_GEN)$(MKDIR_P) src/store && \
	$(SHELL) $(top_srcdir)/build-aux/sql2c.sh $@ $(MIGRATION_FILES)

BUILT_SOURCES += src/store/migrations.c
CLEANFILES += src/store/migrations.c
EXTRA_DIST += $(MIGRATION_FILES)

bin_PROGRAMS += src/prescripcare
src_prescripcare_SOURCES = src/main.c \
	src/cli/cli.c src/cli/cli.h \
	src/cli/commands.c src/cli/commands.h \
	src/cli/cmd_store.c \
	src/cli/auth.c src/cli/auth.h \
	src/cli/cmd_accounts.c src/cli/cmd_people.c src/cli/cmd_directory.c \
	src/cli/cmd_drugs.c \
	src/cli/cmd_remind.c \
	src/cli/remind_run.c src/cli/remind_run.h \
	src/cli/care.c src/cli/care.h \
	src/cli/cmd_meds.c src/cli/cmd_doses.c src/cli/cmd_reports.c \
	src/cli/cmd_demo.c src/cli/demo.h src/cli/demo_doses.c \
	$(UI_SOURCES)
src_prescripcare_CFLAGS = $(AM_CFLAGS) $(CURSES_CFLAGS) $(SQLITE_CFLAGS) \
	$(SODIUM_CFLAGS) $(OATH_CFLAGS) $(QRENCODE_CFLAGS)
src_prescripcare_LDADD = $(UI_LIBS) src/libcore.a $(CURSES_LIBS) \
	$(SQLITE_LIBS) $(SODIUM_LIBS) $(GLIB_LIBS) $(OATH_LIBS) \
	$(QRENCODE_LIBS) $(PTHREAD_LIBS) $(LIBINTL)

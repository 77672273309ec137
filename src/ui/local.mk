# The terminal interface.  All but its entry point is a library, so that
# the unit tests link the same code the program runs.
noinst_LIBRARIES += src/libui.a
src_libui_a_SOURCES = \
	src/ui/app.c src/ui/app.h \
	src/ui/calendar.c src/ui/calendar.h \
	src/ui/chart.c src/ui/chart.h \
	src/ui/chooser.c \
	src/ui/draw.c src/ui/draw.h \
	src/ui/form.c src/ui/form.h \
	src/ui/keys.c src/ui/keys.h \
	src/ui/list.c \
	src/ui/model.c src/ui/model.h \
	src/ui/popup.c \
	src/ui/prompt.c \
	src/ui/screen.h \
	src/ui/screen_adherence.c \
	src/ui/screen_help.c \
	src/ui/screen_interactions.c \
	src/ui/screen_login.c \
	src/ui/screen_meds.c \
	src/ui/screen_profile.c \
	src/ui/screen_today.c \
	src/ui/services.h \
	src/ui/text.c src/ui/text.h \
	src/ui/theme.c src/ui/theme.h \
	src/ui/validate.c src/ui/validate.h \
	src/ui/widgets.h \
	src/ui/wire.c src/ui/wire.h src/ui/wire_internal.h \
	src/ui/wire_edit.c \
	src/ui/wire_model.c
src_libui_a_CFLAGS = $(AM_CFLAGS) $(CURSES_CFLAGS) $(SODIUM_CFLAGS)

UI_SOURCES = src/ui/ui.c src/ui/ui.h
UI_LIBS = src/libui.a

# The terminal interface.  All but its entry point is a library, so that
# the unit tests link the same code the program runs.
noinst_LIBRARIES += src/libui.a
src_libui_a_SOURCES = \
	src/ui/calendar.c src/ui/calendar.h \
	src/ui/keys.c src/ui/keys.h \
	src/ui/model.c src/ui/model.h \
	src/ui/text.c src/ui/text.h \
	src/ui/validate.c src/ui/validate.h
src_libui_a_CFLAGS = $(AM_CFLAGS) $(CURSES_CFLAGS) $(SODIUM_CFLAGS)

UI_SOURCES = src/ui/ui.c src/ui/ui.h
UI_LIBS = src/libui.a

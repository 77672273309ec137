UI_SOURCES = src/ui/ui.c src/ui/ui.h

# The domain logic: pure, testable, no curses.
src_libcore_a_SOURCES += \
	src/domain/keys.c src/domain/keys.h \
	src/domain/password.c src/domain/password.h \
	src/domain/totp.c src/domain/totp.h

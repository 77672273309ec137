# The domain logic: pure, testable, no curses, no SQL.
src_libcore_a_SOURCES += \
	src/domain/tz.c src/domain/tz.h \
	src/domain/schedule.c src/domain/schedule.h \
	src/domain/dose.c src/domain/dose.h \
	src/domain/adherence.c src/domain/adherence.h
# Accounts, keys, permissions and sealed records.
src_libcore_a_SOURCES += \
	src/domain/keys.c src/domain/keys.h \
	src/domain/password.c src/domain/password.h \
	src/domain/totp.c src/domain/totp.h \
	src/domain/profile.c src/domain/profile.h \
	src/domain/session.c src/domain/session.h \
	src/domain/session_internal.h \
	src/domain/access.c src/domain/access.h \
	src/domain/vault.c src/domain/vault.h \
	src/domain/health.c src/domain/health.h \
	src/domain/account.c src/domain/account.h

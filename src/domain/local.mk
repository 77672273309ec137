# The domain logic: pure, testable, no curses, no SQL.
src_libcore_a_SOURCES += \
	src/domain/tz.c src/domain/tz.h \
	src/domain/schedule.c src/domain/schedule.h \
	src/domain/dose.c src/domain/dose.h \
	src/domain/adherence.c src/domain/adherence.h
# Keys, passwords, one-time codes and profile rules.
src_libcore_a_SOURCES += \
	src/domain/keys.c src/domain/keys.h \
	src/domain/password.c src/domain/password.h \
	src/domain/totp.c src/domain/totp.h \
	src/domain/profile.c src/domain/profile.h \
	src/domain/npi.c src/domain/npi.h
src_libcore_a_SOURCES += src/domain/bmi.c src/domain/bmi.h
src_libcore_a_SOURCES += \
	src/domain/catalogue.c src/domain/catalogue.h \
	src/domain/dur.c src/domain/dur.h \
	src/domain/screen.c src/domain/screen.h
src_libcore_a_SOURCES += \
	src/domain/wallclock.c src/domain/wallclock.h \
	src/domain/quiet.c src/domain/quiet.h \
	src/domain/remind_plan.c src/domain/remind_plan.h \
	src/domain/remind_text.c src/domain/remind_text.h

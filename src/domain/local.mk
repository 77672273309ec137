# The domain logic: pure, testable, no curses.

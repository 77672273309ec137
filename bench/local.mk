# Benchmarks print figures; "make bench" runs them.  They are not tests.

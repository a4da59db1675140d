"""Shared test settings.

Hypothesis runs derandomized (the same examples on every machine, so CI cannot
fail by luck), without a deadline (a loaded 2-core machine is slow, not wrong)
and without its example database (nothing is written into the repository).
"""

from hypothesis import settings

settings.register_profile("course", derandomize=True, deadline=None, database=None, max_examples=200)
settings.load_profile("course")

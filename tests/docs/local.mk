# Documentation checks: --help, man/wsc.1, the completions and exitcode.h agree.
TESTS += tests/docs/test_docs.py
EXTRA_DIST += tests/docs/test_docs.py

# valgrind memcheck over the integration tests: `make check-valgrind`.
# Every wsc the tests start runs under tests/valgrind/wsc.sh; an error or a
# definite leak fails that test (exit 97) and leaves a log listed here.
# test_large.py is left out: its 16 MiB transfers are CPU-bound and, at
# valgrind's ~30x slowdown, overrun their deadlines (ASan covers them).
EXTRA_DIST += tests/valgrind/wsc.sh
VALGRIND_LOGS = $(abs_top_builddir)/tests/valgrind/logs

check-valgrind: all
	rm -rf '$(VALGRIND_LOGS)' && mkdir -p '$(VALGRIND_LOGS)'
	tests=; for t in $(INTEGRATION_TESTS); do \
		case $$t in *test_large.py) ;; *) tests="$$tests $$t" ;; esac; \
	done; \
	WSC_VALGRIND_LOGS='$(VALGRIND_LOGS)' $(MAKE) $(AM_MAKEFLAGS) check \
	    TESTS="$$tests"; st=$$?; \
	runs=$$(find '$(VALGRIND_LOGS)' -type f | wc -l); \
	bad=$$(find '$(VALGRIND_LOGS)' -type f -size +0); \
	echo "valgrind: $$runs runs of wsc under memcheck"; \
	if test -n "$$bad"; then \
		for f in $$bad; do echo "---- $$f"; head -n 40 "$$f"; done; \
		echo "valgrind: errors or definite leaks in the logs above"; \
		exit 1; \
	fi; \
	echo "valgrind: 0 errors, 0 definite leaks"; exit $$st

.PHONY: check-valgrind

#!/bin/sh
# Counts the test cases (TAP points) of every .trs file under the given
# build directories and prints "N passed, N failed, N skipped" last.
# FAILED_STEPS names steps that failed outside the TAP tests (fuzzing,
# distcheck): each is named and counted as one failure.
# Exits 1 when any failed or when no test ran at all.
set -u
# A failed distcheck leaves its own tree (wsc-VERSION/) inside a build
# directory; its results are not counted twice.
find "$@" -name '*.trs' ! -path '*/wsc-[0-9]*/*' -exec cat {} + 2>/dev/null |
    awk -v steps="${FAILED_STEPS:-}" '
	BEGIN {
		n = split(steps, s, " ")
		for (i = 1; i <= n; i++)
			printf "step failed: %s\n", s[i]
		fail = n
	}
	/^:test-result: (PASS|XFAIL)/		{ pass++ }
	/^:test-result: (FAIL|XPASS|ERROR)/	{ fail++ }
	/^:test-result: SKIP/			{ skip++ }
	END {
		printf "%d passed, %d failed, %d skipped\n", pass, fail, skip
		exit (fail > 0 || pass == 0) ? 1 : 0
	}'

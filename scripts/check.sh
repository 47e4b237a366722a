#!/bin/sh
# The whole test suite, as CI runs it: install what is missing, build with
# warnings as errors and run `make check`, then the same under ASan and
# UBSan, then valgrind over the integration tests, make distcheck and
# short fuzzer runs.  Ends with the line "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 99
jobs=${JOBS:-2}
status=0
failed_steps=

t0=$(date +%s)
# Each step's heading says how far into the run it starts (CI has 20 min).
step() { printf '\n== %s (at %d s)\n' "$*" $(($(date +%s) - t0)); }
# A step that failed outside the TAP tests (a build, fuzzing, distcheck)
# counts as one failure in the last line.
fail_step() { status=1; failed_steps="$failed_steps $1"; }
# Exit status for a subshell whose tests failed: 2 when a .trs file under
# the current directory records the failure (the last line counts it
# already), else 1 (the step is counted).
tests_failed() {
	if find . -name '*.trs' -exec grep -l -E \
	    '^:test-result: (FAIL|XPASS|ERROR)' {} + 2>/dev/null | grep -q .
	then return 2; else return 1; fi
}
# After a subshell: 0 passes, 2 is counted by its .trs files, else the step.
step_status() { case $1 in 0) ;; 2) status=1 ;; *) fail_step "$2" ;; esac; }

step "setup"
sh scripts/setup-debian.sh || exit 1
step "autogen"
./autogen.sh >_autogen.log 2>&1 || { cat _autogen.log; exit 1; }
rm -f _autogen.log

# build NAME CONFIGURE-ARGS...: an out-of-tree build and its make check.
build() {
	name=$1
	shift
	step "build $name: configure $*"
	rm -rf "_build/$name"
	mkdir -p "_build/$name"
	(
		cd "_build/$name" &&
		"$top/configure" --enable-werror "$@" >configure.out 2>&1 ||
		    { cat configure.out; exit 1; }
		make -j"$jobs" >make.out 2>&1 || { cat make.out; exit 1; }
		step "make check ($name)"
		make -j"$jobs" check ||
		    { find . -name '*.log' -path '*tests*' -newer make.out \
		        -exec grep -l -E '^(not ok|ERROR|FAIL)' {} + |
		        while read -r f; do
			echo "---- $f"; tail -n 40 "$f"
		    done; tests_failed; exit; }
	)
	step_status $? "build-$name"
}

build plain
ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS UBSAN_OPTIONS
build sanitizers --enable-asan --enable-ubsan

# valgrind memcheck over the integration tests (a build of its own, so the
# plain build's results stay its own): zero errors, zero definite leaks.
step "valgrind"
rm -rf _build/valgrind && mkdir -p _build/valgrind &&
(
	cd _build/valgrind &&
	"$top/configure" --enable-werror >configure.out 2>&1 ||
	    { cat configure.out; exit 1; }
	make -j"$jobs" >make.out 2>&1 || { cat make.out; exit 1; }
	make -j"$jobs" check-valgrind >valgrind.out 2>&1
	st=$?
	grep -E '^(FAIL|ERROR|valgrind):' valgrind.out
	[ $st -eq 0 ] || { find . -name '*.log' -path '*tests*' \
	    -newer make.out -exec grep -l -E '^(not ok|ERROR|FAIL)' {} + |
	    while read -r f; do echo "---- $f"; tail -n 40 "$f"; done
	    tests_failed; exit; }
)
step_status $? valgrind

# The release tarball builds, tests, installs and uninstalls cleanly.
step "distcheck"
(
	cd _build/plain &&
	make -j"$jobs" distcheck >distcheck.out 2>&1 ||
	    { tail -n 60 distcheck.out; exit 1; }
	grep -E '^(=+|wsc-.* archives ready)' distcheck.out | tail -n 3
) || fail_step distcheck

# Short libFuzzer runs of every harness (clang; FUZZ_SECONDS each).
step "fuzz"
rm -rf _build/fuzz && mkdir -p _build/fuzz &&
(
	cd _build/fuzz &&
	"$top/configure" CC=clang --enable-fuzzing >configure.out 2>&1 ||
	    { cat configure.out; exit 1; }
	make -j"$jobs" src/libwscpure.a >make.out 2>&1 ||
	    { cat make.out; exit 1; }
	make fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-15}"
) || fail_step fuzz

step "summary"
FAILED_STEPS=$failed_steps sh "$top/tests/summary.sh" _build/plain \
    _build/sanitizers _build/valgrind || status=1
exit $status

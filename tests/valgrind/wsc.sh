#!/bin/sh
# Runs wsc under valgrind memcheck for the integration tests: point WSC at
# this script, WSC_REAL at the binary and WSC_VALGRIND_LOGS at a directory.
# Any error, or a definite leak, makes wsc exit 97 (so the test fails) and
# leaves a non-empty log there (so check.sh can list it).
: "${WSC_REAL:?WSC_REAL must name the wsc binary}"
: "${WSC_VALGRIND_LOGS:?WSC_VALGRIND_LOGS must name a directory}"
exec valgrind -q --error-exitcode=97 --leak-check=full \
    --show-leak-kinds=definite --errors-for-leak-kinds=definite \
    --log-file="$WSC_VALGRIND_LOGS/vg.%p.log" "$WSC_REAL" "$@"

# Fuzz harnesses (libFuzzer) for every parser and formatter of ours.  Every
# build replays the seed corpus through each harness as a TAP test; with
# `./configure CC=clang --enable-fuzzing`, `make fuzz` runs the real fuzzers
# for FUZZ_SECONDS each (corpus growth goes to a scratch directory).
FUZZ_TARGETS = b64 chat framing json opts replcmd term url utf8
FUZZ_SECONDS = 20
EXTRA_DIST += tests/fuzz/fuzz.h tests/fuzz/corpus

check_PROGRAMS += \
	tests/fuzz/replay_b64 tests/fuzz/replay_framing tests/fuzz/replay_opts \
	tests/fuzz/replay_term tests/fuzz/replay_url tests/fuzz/replay_utf8 \
	tests/fuzz/replay_json tests/fuzz/replay_chat \
	tests/fuzz/replay_replcmd
TESTS += \
	tests/fuzz/replay_b64 tests/fuzz/replay_framing tests/fuzz/replay_opts \
	tests/fuzz/replay_term tests/fuzz/replay_url tests/fuzz/replay_utf8 \
	tests/fuzz/replay_json tests/fuzz/replay_chat \
	tests/fuzz/replay_replcmd

fuzz_corpus = -DFUZZ_CORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/corpus"'
tests_fuzz_replay_b64_SOURCES = tests/fuzz/fuzz_b64.c tests/fuzz/replay.c
tests_fuzz_replay_b64_CPPFLAGS = $(AM_CPPFLAGS) $(fuzz_corpus) -DFUZZ_NAME='"b64"'
tests_fuzz_replay_b64_LDADD = src/libwscpure.a
tests_fuzz_replay_framing_SOURCES = tests/fuzz/fuzz_framing.c tests/fuzz/replay.c
tests_fuzz_replay_framing_CPPFLAGS = $(AM_CPPFLAGS) $(fuzz_corpus) -DFUZZ_NAME='"framing"'
tests_fuzz_replay_framing_LDADD = src/libwscpure.a
tests_fuzz_replay_opts_SOURCES = tests/fuzz/fuzz_opts.c tests/fuzz/replay.c
tests_fuzz_replay_opts_CPPFLAGS = $(AM_CPPFLAGS) $(fuzz_corpus) -DFUZZ_NAME='"opts"'
tests_fuzz_replay_opts_LDADD = src/libwscpure.a
tests_fuzz_replay_term_SOURCES = tests/fuzz/fuzz_term.c tests/fuzz/replay.c
tests_fuzz_replay_term_CPPFLAGS = $(AM_CPPFLAGS) $(fuzz_corpus) -DFUZZ_NAME='"term"'
tests_fuzz_replay_term_LDADD = src/libwscpure.a
tests_fuzz_replay_url_SOURCES = tests/fuzz/fuzz_url.c tests/fuzz/replay.c
tests_fuzz_replay_url_CPPFLAGS = $(AM_CPPFLAGS) $(fuzz_corpus) -DFUZZ_NAME='"url"'
tests_fuzz_replay_url_LDADD = src/libwscpure.a
tests_fuzz_replay_utf8_SOURCES = tests/fuzz/fuzz_utf8.c tests/fuzz/replay.c
tests_fuzz_replay_utf8_CPPFLAGS = $(AM_CPPFLAGS) $(fuzz_corpus) -DFUZZ_NAME='"utf8"'
tests_fuzz_replay_utf8_LDADD = src/libwscpure.a
# The JSON harnesses link jansson through libwscjson.a.
fuzz_json_ldadd = src/libwscjson.a src/libwscpure.a $(JANSSON_LIBS)
tests_fuzz_replay_json_SOURCES = tests/fuzz/fuzz_json.c tests/fuzz/replay.c
tests_fuzz_replay_json_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(fuzz_corpus) -DFUZZ_NAME='"json"'
tests_fuzz_replay_json_LDADD = $(fuzz_json_ldadd)
tests_fuzz_replay_chat_SOURCES = tests/fuzz/fuzz_chat.c tests/fuzz/replay.c
tests_fuzz_replay_chat_CPPFLAGS = $(AM_CPPFLAGS) $(fuzz_corpus) -DFUZZ_NAME='"chat"'
tests_fuzz_replay_chat_LDADD = $(fuzz_json_ldadd)
tests_fuzz_replay_replcmd_SOURCES = tests/fuzz/fuzz_replcmd.c tests/fuzz/replay.c
tests_fuzz_replay_replcmd_CPPFLAGS = $(AM_CPPFLAGS) $(fuzz_corpus) -DFUZZ_NAME='"replcmd"'
tests_fuzz_replay_replcmd_LDADD = src/libwscpure.a

if FUZZING
noinst_PROGRAMS = \
	tests/fuzz/fuzz_b64 tests/fuzz/fuzz_framing tests/fuzz/fuzz_opts \
	tests/fuzz/fuzz_term tests/fuzz/fuzz_url tests/fuzz/fuzz_utf8 \
	tests/fuzz/fuzz_json tests/fuzz/fuzz_chat tests/fuzz/fuzz_replcmd
tests_fuzz_fuzz_json_SOURCES = tests/fuzz/fuzz_json.c
tests_fuzz_fuzz_json_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
tests_fuzz_fuzz_json_LDADD = $(fuzz_json_ldadd)
tests_fuzz_fuzz_json_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_chat_SOURCES = tests/fuzz/fuzz_chat.c
tests_fuzz_fuzz_chat_LDADD = $(fuzz_json_ldadd)
tests_fuzz_fuzz_chat_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_replcmd_SOURCES = tests/fuzz/fuzz_replcmd.c
tests_fuzz_fuzz_replcmd_LDADD = src/libwscpure.a
tests_fuzz_fuzz_replcmd_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_b64_SOURCES = tests/fuzz/fuzz_b64.c
tests_fuzz_fuzz_b64_LDADD = src/libwscpure.a
tests_fuzz_fuzz_b64_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_framing_SOURCES = tests/fuzz/fuzz_framing.c
tests_fuzz_fuzz_framing_LDADD = src/libwscpure.a
tests_fuzz_fuzz_framing_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_opts_SOURCES = tests/fuzz/fuzz_opts.c
tests_fuzz_fuzz_opts_LDADD = src/libwscpure.a
tests_fuzz_fuzz_opts_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_term_SOURCES = tests/fuzz/fuzz_term.c
tests_fuzz_fuzz_term_LDADD = src/libwscpure.a
tests_fuzz_fuzz_term_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_url_SOURCES = tests/fuzz/fuzz_url.c
tests_fuzz_fuzz_url_LDADD = src/libwscpure.a
tests_fuzz_fuzz_url_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_utf8_SOURCES = tests/fuzz/fuzz_utf8.c
tests_fuzz_fuzz_utf8_LDADD = src/libwscpure.a
tests_fuzz_fuzz_utf8_LDFLAGS = $(FUZZ_LDFLAGS)

# Each fuzzer runs FUZZ_SECONDS from a copy of the seed corpus; a crash
# input is left in tests/fuzz/ and fails the target.
fuzz: $(noinst_PROGRAMS)
	@fail=0; for t in $(FUZZ_TARGETS); do \
	  work=fuzz-work/$$t; rm -rf $$work; mkdir -p $$work; \
	  echo "fuzz $$t: $(FUZZ_SECONDS) s"; \
	  ./tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	    -artifact_prefix=tests/fuzz/$$t- -print_final_stats=1 \
	    $$work $(srcdir)/tests/fuzz/corpus/$$t 2>fuzz-$$t.log || fail=1; \
	  grep -E '^(stat::number_of_executed_units|Done)' fuzz-$$t.log; \
	  [ $$fail = 0 ] || { tail -n 30 fuzz-$$t.log; break; }; \
	done; exit $$fail
endif
.PHONY: fuzz

# Transport: header files (-H @FILE) and proxy rules.
FUZZ_TARGETS += headers proxy
check_PROGRAMS += tests/fuzz/replay_headers tests/fuzz/replay_proxy
TESTS += tests/fuzz/replay_headers tests/fuzz/replay_proxy
tests_fuzz_replay_headers_SOURCES = tests/fuzz/fuzz_headers.c tests/fuzz/replay.c
tests_fuzz_replay_headers_CPPFLAGS = $(AM_CPPFLAGS) $(fuzz_corpus) -DFUZZ_NAME='"headers"'
tests_fuzz_replay_headers_LDADD = src/libwscpure.a
tests_fuzz_replay_proxy_SOURCES = tests/fuzz/fuzz_proxy.c tests/fuzz/replay.c
tests_fuzz_replay_proxy_CPPFLAGS = $(AM_CPPFLAGS) $(fuzz_corpus) -DFUZZ_NAME='"proxy"'
tests_fuzz_replay_proxy_LDADD = src/libwscpure.a
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_headers tests/fuzz/fuzz_proxy
tests_fuzz_fuzz_headers_SOURCES = tests/fuzz/fuzz_headers.c
tests_fuzz_fuzz_headers_LDADD = src/libwscpure.a
tests_fuzz_fuzz_headers_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_proxy_SOURCES = tests/fuzz/fuzz_proxy.c
tests_fuzz_fuzz_proxy_LDADD = src/libwscpure.a
tests_fuzz_fuzz_proxy_LDFLAGS = $(FUZZ_LDFLAGS)
endif

# Diagnostics: secret redaction.
FUZZ_TARGETS += redact
check_PROGRAMS += tests/fuzz/replay_redact
TESTS += tests/fuzz/replay_redact
tests_fuzz_replay_redact_SOURCES = tests/fuzz/fuzz_redact.c tests/fuzz/replay.c
tests_fuzz_replay_redact_CPPFLAGS = $(AM_CPPFLAGS) $(fuzz_corpus) -DFUZZ_NAME='"redact"'
tests_fuzz_replay_redact_LDADD = src/libwscpure.a
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_redact
tests_fuzz_fuzz_redact_SOURCES = tests/fuzz/fuzz_redact.c
tests_fuzz_fuzz_redact_LDADD = src/libwscpure.a
tests_fuzz_fuzz_redact_LDFLAGS = $(FUZZ_LDFLAGS)
endif

# Received frames: wsrx, in one read against the same bytes in many.
FUZZ_TARGETS += wsrx
check_PROGRAMS += tests/fuzz/replay_wsrx
TESTS += tests/fuzz/replay_wsrx
tests_fuzz_replay_wsrx_SOURCES = tests/fuzz/fuzz_wsrx.c tests/fuzz/replay.c
tests_fuzz_replay_wsrx_CPPFLAGS = $(AM_CPPFLAGS) $(fuzz_corpus) -DFUZZ_NAME='"wsrx"'
tests_fuzz_replay_wsrx_LDADD = src/libwscpure.a
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_wsrx
tests_fuzz_fuzz_wsrx_SOURCES = tests/fuzz/fuzz_wsrx.c
tests_fuzz_fuzz_wsrx_LDADD = src/libwscpure.a
tests_fuzz_fuzz_wsrx_LDFLAGS = $(FUZZ_LDFLAGS)
endif

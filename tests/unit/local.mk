# Unit tests (C, TAP) of the pure modules.  Owned by the unit-test area.
UNIT_LDADD = src/libwscpure.a
EXTRA_DIST += tests/unit/tap.h

UNIT_TESTS = \
	tests/unit/test_b64 \
	tests/unit/test_filesrc \
	tests/unit/test_framing \
	tests/unit/test_outbuf \
	tests/unit/test_replcmd \
	tests/unit/test_term \
	tests/unit/test_url \
	tests/unit/test_utf8 \
	tests/unit/test_wsframe \
	tests/unit/test_wsclose \
	tests/unit/test_wsrx
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

tests_unit_test_b64_SOURCES = tests/unit/test_b64.c
tests_unit_test_b64_LDADD = $(UNIT_LDADD)
tests_unit_test_framing_SOURCES = tests/unit/test_framing.c
tests_unit_test_framing_LDADD = $(UNIT_LDADD)
tests_unit_test_outbuf_SOURCES = tests/unit/test_outbuf.c
tests_unit_test_outbuf_LDADD = $(UNIT_LDADD)
tests_unit_test_filesrc_SOURCES = tests/unit/test_filesrc.c
tests_unit_test_filesrc_LDADD = $(UNIT_LDADD)
tests_unit_test_replcmd_SOURCES = tests/unit/test_replcmd.c
tests_unit_test_replcmd_LDADD = $(UNIT_LDADD)
tests_unit_test_term_SOURCES = tests/unit/test_term.c
tests_unit_test_term_LDADD = $(UNIT_LDADD)
tests_unit_test_url_SOURCES = tests/unit/test_url.c
tests_unit_test_url_LDADD = $(UNIT_LDADD)
tests_unit_test_utf8_SOURCES = tests/unit/test_utf8.c
tests_unit_test_utf8_LDADD = $(UNIT_LDADD)
tests_unit_test_wsframe_SOURCES = tests/unit/test_wsframe.c
tests_unit_test_wsframe_LDADD = $(UNIT_LDADD)
tests_unit_test_wsclose_SOURCES = tests/unit/test_wsclose.c
tests_unit_test_wsclose_LDADD = $(UNIT_LDADD)
tests_unit_test_wsrx_SOURCES = tests/unit/test_wsrx.c
tests_unit_test_wsrx_LDADD = $(UNIT_LDADD)

# Option parsing and validation (the lead's module).
check_PROGRAMS += tests/unit/test_opts
TESTS += tests/unit/test_opts
tests_unit_test_opts_SOURCES = tests/unit/test_opts.c
tests_unit_test_opts_LDADD = src/libwscpure.a

# Wait conditions (-n, --until).
check_PROGRAMS += tests/unit/test_waitcond
TESTS += tests/unit/test_waitcond
tests_unit_test_waitcond_SOURCES = tests/unit/test_waitcond.c
tests_unit_test_waitcond_LDADD = src/libwscpure.a

# Redaction, reconnect backoff and ping tracking.
check_PROGRAMS += tests/unit/test_scripting
TESTS += tests/unit/test_scripting
tests_unit_test_scripting_SOURCES = tests/unit/test_scripting.c
tests_unit_test_scripting_LDADD = src/libwscpure.a

# The JSON modules: jsonfmt (pure), json and chat (jansson).
check_PROGRAMS += tests/unit/test_jsonfmt tests/unit/test_json \
	tests/unit/test_chat
TESTS += tests/unit/test_jsonfmt tests/unit/test_json tests/unit/test_chat
tests_unit_test_jsonfmt_SOURCES = tests/unit/test_jsonfmt.c
tests_unit_test_jsonfmt_LDADD = $(UNIT_LDADD)
tests_unit_test_json_SOURCES = tests/unit/test_json.c
tests_unit_test_json_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) \
	-DJSON_CORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/corpus/json"'
tests_unit_test_json_LDADD = src/libwscjson.a $(UNIT_LDADD) $(JANSSON_LIBS)
tests_unit_test_chat_SOURCES = tests/unit/test_chat.c
tests_unit_test_chat_LDADD = src/libwscjson.a $(UNIT_LDADD) $(JANSSON_LIBS)

# Transport: user headers (-H, -H @FILE) and proxy rules.
check_PROGRAMS += tests/unit/test_headers tests/unit/test_proxy
TESTS += tests/unit/test_headers tests/unit/test_proxy
tests_unit_test_headers_SOURCES = tests/unit/test_headers.c
tests_unit_test_headers_LDADD = $(UNIT_LDADD)
tests_unit_test_proxy_SOURCES = tests/unit/test_proxy.c
tests_unit_test_proxy_LDADD = $(UNIT_LDADD)

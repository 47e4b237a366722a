/*
 * Unit tests for jsonfmt.c: the pretty form of a table of JSON texts, texts
 * that are not JSON (left alone), colour, and the string encoder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfmt.h"
#include "tap.h"

#define S(s)	(s), sizeof(s) - 1

struct pcase {
	const char	*desc;
	const char	*in;
	size_t		 len;
	const char	*want;
};

static const struct pcase pretty[] = {
	{ "number", S("42"), "42" },
	{ "number kept as written", S(" 1.50E+03 "), "1.50E+03" },
	{ "negative zero", S("-0"), "-0" },
	{ "huge integer kept", S("123456789012345678901234567890"),
	    "123456789012345678901234567890" },
	{ "string", S("\"hi\""), "\"hi\"" },
	{ "escapes kept", S("\"a\\u0000b\\n\\\"\\/\""),
	    "\"a\\u0000b\\n\\\"\\/\"" },
	{ "utf-8 kept", S("\"caf\xc3\xa9 \xe2\x9c\x93\""),
	    "\"caf\xc3\xa9 \xe2\x9c\x93\"" },
	{ "DEL escaped", S("\"a\x7f\""), "\"a\\u007f\"" },
	{ "C1 escaped", S("\"\xc2\x9b\x31m\""), "\"\\u009b1m\"" },
	{ "U+00A0 kept", S("\"\xc2\xa0\""), "\"\xc2\xa0\"" },
	{ "literals", S("[true,false,null]"),
	    "[\n  true,\n  false,\n  null\n]" },
	{ "empty object", S("{}"), "{}" },
	{ "empty array", S("[ ]"), "[]" },
	{ "empty containers nested", S("{\"a\":{},\"b\":[]}"),
	    "{\n  \"a\": {},\n  \"b\": []\n}" },
	{ "key order kept", S("{\"z\":1,\"a\":2,\"m\":3}"),
	    "{\n  \"z\": 1,\n  \"a\": 2,\n  \"m\": 3\n}" },
	{ "nesting", S("{\"a\":[1,{\"b\":[[]]}]}"),
	    "{\n  \"a\": [\n    1,\n    {\n      \"b\": [\n        []\n"
	    "      ]\n    }\n  ]\n}" },
	{ "whitespace dropped", S(" \r\n\t{ \"a\" :\r\n 1 } \n"),
	    "{\n  \"a\": 1\n}" },
};

struct bcase {
	const char	*desc;
	const char	*in;
	size_t		 len;
};

static const struct bcase bad[] = {
	{ "empty", S("") },
	{ "space", S("  ") },
	{ "word", S("hello") },
	{ "two values", S("1 2") },
	{ "trailing comma", S("[1,]") },
	{ "missing colon", S("{\"a\" 1}") },
	{ "unquoted key", S("{a:1}") },
	{ "unterminated", S("{\"a\":1") },
	{ "unterminated string", S("\"abc") },
	{ "raw control in string", S("\"a\x01\"") },
	{ "raw newline in string", S("\"a\nb\"") },
	{ "bad escape", S("\"\\x41\"") },
	{ "short \\u", S("\"\\u12\"") },
	{ "\\u with a control", S("\"\\u00\x10""0\"") },
	{ "leading zero", S("01") },
	{ "bare minus", S("-") },
	{ "dot without digits", S("1.") },
	{ "exponent without digits", S("1e+") },
	{ "plus sign", S("+1") },
	{ "literal prefix", S("tru") },
	{ "literal suffix", S("nullx") },
	{ "mismatched close", S("[1}") },
	{ "invalid utf-8", S("\"\xff\"") },
	{ "NUL outside a string", S("[1,\0 2]") },
	{ "close without open", S("]") },
};

static void
test_pretty(void)
{
	struct buf	 b = { 0 };
	size_t		 i;
	int		 r;

	for (i = 0; i < sizeof(pretty) / sizeof(pretty[0]); i++) {
		b.len = 0;
		r = jsonfmt_pretty(&b, (const unsigned char *)pretty[i].in,
		    pretty[i].len, 0);
		tap_is_int(r, 0, "pretty %s: formatted", pretty[i].desc);
		tap_is_mem(b.data, b.len, pretty[i].want,
		    strlen(pretty[i].want), "pretty %s: output",
		    pretty[i].desc);
		tap_ok(jsonfmt_valid((const unsigned char *)pretty[i].in,
		    pretty[i].len), "valid %s", pretty[i].desc);
		/* The pretty form is JSON and formats to itself. */
		if (r == 0) {
			struct buf again = { 0 };

			tap_ok(jsonfmt_pretty(&again, b.data, b.len, 0) == 0 &&
			    again.len == b.len &&
			    memcmp(again.data, b.data, b.len) == 0,
			    "pretty %s: idempotent", pretty[i].desc);
			buf_free(&again);
		}
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b.len = 0;
		(void)buf_append(&b, "keep", 4);
		r = jsonfmt_pretty(&b, (const unsigned char *)bad[i].in,
		    bad[i].len, 0);
		tap_is_int(r, 1, "not JSON: %s", bad[i].desc);
		tap_is_mem(b.data, b.len, "keep", 4,
		    "not JSON: %s: output left alone", bad[i].desc);
		tap_ok(!jsonfmt_valid((const unsigned char *)bad[i].in,
		    bad[i].len), "invalid: %s", bad[i].desc);
	}
	buf_free(&b);
}

static void
test_depth(void)
{
	struct buf	 b = { 0 };
	char		*s;
	size_t		 n = JSONFMT_MAX_DEPTH;

	s = malloc(2 * n + 2);
	memset(s, '[', n);
	memset(s + n, ']', n);
	tap_is_int(jsonfmt_pretty(&b, (unsigned char *)s, 2 * n, 0), 0,
	    "nesting of %zu levels is formatted", n);
	b.len = 0;
	memset(s, '[', n + 1);
	memset(s + n + 1, ']', n + 1);
	tap_is_int(jsonfmt_pretty(&b, (unsigned char *)s, 2 * n + 2, 0), 1,
	    "nesting beyond %zu levels is left alone", n);
	free(s);
	buf_free(&b);
}

static void
test_color(void)
{
	struct buf	 b = { 0 };
	const char	*want = "{\n  \033[1;34m\"k\"\033[0m: [\n    "
			    "\033[32m\"s\"\033[0m,\n    \033[36m1\033[0m,\n"
			    "    \033[35mtrue\033[0m\n  ]\n}";

	tap_is_int(jsonfmt_pretty(&b, (const unsigned char *)
	    "{\"k\":[\"s\",1,true]}", 18, JSONFMT_COLOR), 0, "colour: formatted");
	tap_is_mem(b.data, b.len, want, strlen(want),
	    "colour: keys, strings, numbers and literals");
	buf_free(&b);
}

static void
test_string(void)
{
	static const struct pcase cases[] = {
		{ "plain", S("hello"), "\"hello\"" },
		{ "empty", S(""), "\"\"" },
		{ "quote and backslash", S("a\"b\\c"), "\"a\\\"b\\\\c\"" },
		{ "controls", S("\n\t\r\b\f\x01\x1b"),
		    "\"\\n\\t\\r\\b\\f\\u0001\\u001b\"" },
		{ "NUL", S("a\0b"), "\"a\\u0000b\"" },
		{ "DEL and C1", S("\x7f\xc2\x85"), "\"\\u007f\\u0085\"" },
		{ "utf-8", S("\xc3\xa9\xf0\x9f\x98\x80"),
		    "\"\xc3\xa9\xf0\x9f\x98\x80\"" },
		{ "invalid utf-8", S("a\xff\xc3"), "\"a\\ufffd\\ufffd\"" },
	};
	struct buf	 b = { 0 };
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		b.len = 0;
		tap_is_int(jsonfmt_string(&b, (const unsigned char *)
		    cases[i].in, cases[i].len), 0, "string %s: encoded",
		    cases[i].desc);
		tap_is_mem(b.data, b.len, cases[i].want,
		    strlen(cases[i].want), "string %s", cases[i].desc);
		tap_ok(jsonfmt_valid(b.data, b.len), "string %s: valid JSON",
		    cases[i].desc);
	}
	buf_free(&b);
}

struct fcase {
	const char	*desc;
	const char	*in;
	size_t		 len;
	int		 want;
	const char	*why;
};

/* jansson's rules without jansson (json.c uses them above 1 MiB). */
static void
test_faithful(void)
{
	static const struct fcase cases[] = {
		{ "plain", S("{\"a\":1,\"b\":[1.5,-2]}"), 0, NULL },
		{ "int64 max", S("9223372036854775807"), 0, NULL },
		{ "int64 min", S("-9223372036854775808"), 0, NULL },
		{ "int64 max + 1", S("9223372036854775808"), 1,
		    "too big integer" },
		{ "int64 min - 1", S("[-9223372036854775809]"), 1,
		    "too big integer" },
		{ "20 digits", S("12345678901234567890"), 1, "too big integer" },
		{ "big real is fine", S("1e308"), 0, NULL },
		{ "underflow is fine", S("1e-400"), 0, NULL },
		{ "real overflow", S("{\"x\":1e309}"), 1,
		    "real number overflow" },
		{ "long mantissa overflow", S("-1797693134862315807937289714053034150799341327710000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.0"),
		    1, "real number overflow" },
		{ "duplicate key", S("{\"a\":1,\"b\":2,\"a\":3}"), 1,
		    "duplicate object key" },
		{ "duplicate key by escape", S("{\"a\":1,\"\\u0061\":2}"), 1,
		    "duplicate object key" },
		{ "duplicate by surrogate pair",
		    S("{\"\\ud83d\\ude00\":1,\"\xf0\x9f\x98\x80\":2}"), 1,
		    "duplicate object key" },
		{ "same key in other objects",
		    S("{\"a\":{\"a\":1},\"b\":[{\"a\":2},{\"a\":3}]}"), 0,
		    NULL },
		{ "duplicate in an inner object",
		    S("[{\"k\":1},{\"k\":1,\"k\":2}]"), 1,
		    "duplicate object key" },
		{ "NUL in a key", S("{\"a\\u0000\":1}"), 1,
		    "NUL byte in object key not supported" },
		{ "NUL in a value is fine", S("{\"a\":\"\\u0000\"}"), 0, NULL },
		{ "keys differing in case", S("{\"a\":1,\"A\":2}"), 0, NULL },
		{ "not JSON", S("{\"a\" 1}"), 1, NULL },
		{ "lone high surrogate", S("\"\\ud800\""), 1, NULL },
		{ "lone low surrogate", S("\"\\udc00x\""), 1, NULL },
		{ "reversed pair", S("\"\\udc00\\ud800\""), 1, NULL },
	};
	struct buf	 b = { 0 };
	const char	*why;
	size_t		 i;
	int		 r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		b.len = 0;
		why = "unset";
		r = jsonfmt_pretty_faithful(&b, (const unsigned char *)
		    cases[i].in, cases[i].len, 0, &why);
		tap_is_int(r, cases[i].want, "faithful %s", cases[i].desc);
		if (cases[i].want == 0)
			tap_ok(why == NULL && b.len > 0, "faithful %s: "
			    "formatted", cases[i].desc);
		else
			tap_ok(b.len == 0 && (cases[i].why == NULL ?
			    why == NULL : why != NULL &&
			    strcmp(why, cases[i].why) == 0),
			    "faithful %s: reason '%s'", cases[i].desc,
			    why ? why : "(none)");
	}
	buf_free(&b);
}

static void
test_check(void)
{
	size_t	 pos = 0;

	tap_is_int(jsonfmt_check((const unsigned char *)"[1,2]", 5, &pos), 0,
	    "check: valid");
	tap_is_int(jsonfmt_check((const unsigned char *)"[1,\n2", 6, &pos), 2,
	    "check: cut short");
	tap_is_int((long long)pos, 6, "check: at the end");
	tap_is_int(jsonfmt_check((const unsigned char *)"[1,\n x]", 8, &pos),
	    1, "check: invalid");
	tap_is_int((long long)pos, 5, "check: at the bad token");
}

int
main(void)
{
	test_faithful();
	test_check();
	test_pretty();
	test_depth();
	test_color();
	test_string();
	return tap_done();
}

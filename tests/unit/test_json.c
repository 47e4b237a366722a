/*
 * Unit tests for json.c.  The corpus round-trip: every document of
 * tests/fuzz/corpus/json is pretty-printed, and jansson's compact dump of
 * the pretty form must equal its compact dump of the original, byte for
 * byte; documents jansson cannot represent faithfully ("fallback-*") and
 * non-JSON must be left to be shown as received.  Then the classification
 * of input in --json mode.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json.h"
#include "tap.h"

#define S(s)	(const unsigned char *)(s), sizeof(s) - 1
#define LOAD	(JSON_DECODE_ANY | JSON_ALLOW_NUL)
#define DUMP	(JSON_COMPACT | JSON_ENCODE_ANY)

static int	 read_file(const char *, struct buf *);
static void	 round_trip(const char *, const struct buf *);
static void	 test_large(void);

static int
read_file(const char *path, struct buf *b)
{
	FILE	*f;
	char	 chunk[4096];
	size_t	 n;

	b->len = 0;
	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_append(b, chunk, n) == -1) {
			fclose(f);
			return -1;
		}
	fclose(f);
	return 0;
}

static void
round_trip(const char *name, const struct buf *doc)
{
	struct buf	 out = { 0 };
	json_t		*a, *b;
	char		*da = NULL, *db = NULL;
	char		 why[256];
	int		 r;
	bool		 fallback = strncmp(name, "fallback-", 9) == 0;
	bool		 notjson = strstr(name, ".json") == NULL;

	r = json_pretty(&out, doc->data, doc->len, false, why, sizeof(why));
	if (fallback || notjson) {
		tap_is_int(r, 0, "%s: shown as received", name);
		tap_ok(out.len == 0, "%s: nothing formatted", name);
		tap_ok(notjson ? why[0] == '\0' : why[0] != '\0',
		    "%s: reason %s (%s)", name, notjson ? "empty" : "given",
		    why);
		buf_free(&out);
		return;
	}
	tap_is_int(r, 1, "%s: pretty-printed", name);
	a = json_loadb((const char *)doc->data, doc->len, LOAD, NULL);
	b = json_loadb((const char *)out.data, out.len, LOAD, NULL);
	if (a != NULL)
		da = json_dumps(a, DUMP);
	if (b != NULL)
		db = json_dumps(b, DUMP);
	tap_ok(da != NULL && db != NULL && strcmp(da, db) == 0,
	    "%s: compact dump of the pretty form equals the original's", name);
	if (da == NULL || db == NULL || strcmp(da, db) != 0)
		tap_diag("original %s\n# pretty   %s", da ? da : "(null)",
		    db ? db : "(null)");
	tap_ok(b != NULL && json_equal(a, b), "%s: equal values", name);
	free(da);
	free(db);
	json_decref(a);
	json_decref(b);
	buf_free(&out);
}

static void
test_corpus(void)
{
	struct dirent	**ents;
	struct buf	 doc = { 0 };
	char		 path[4096];
	int		 i, n, done = 0;

	n = scandir(JSON_CORPUS_DIR, &ents, NULL, alphasort);
	tap_ok(n > 0, "corpus %s readable", JSON_CORPUS_DIR);
	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", JSON_CORPUS_DIR,
			    ents[i]->d_name);
			if (read_file(path, &doc) == 0) {
				round_trip(ents[i]->d_name, &doc);
				done++;
			} else
				tap_ok(0, "read %s", path);
		}
		free(ents[i]);
	}
	if (n > 0)
		free(ents);
	tap_ok(done >= 15, "%d corpus documents", done);
	buf_free(&doc);
}

static void
test_color(void)
{
	struct buf	 out = { 0 };
	char		 why[64];

	tap_is_int(json_pretty(&out, S("[1]"), true, why, sizeof(why)), 1,
	    "colour: formatted");
	tap_ok(memmem(out.data, out.len, "\033[36m1\033[0m", 10) != NULL,
	    "colour: the number is coloured");
	buf_free(&out);
}

struct icase {
	const char	*desc;
	const char	*in;
	enum json_input	 want;
	const char	*err;	/* prefix of the message, or NULL */
};

static void
test_input(void)
{
	static const struct icase cases[] = {
		{ "object", "{\"a\":1}", JSON_INPUT_COMPLETE, NULL },
		{ "scalar", "42", JSON_INPUT_COMPLETE, NULL },
		{ "string with \\u0000", "\"a\\u0000\"", JSON_INPUT_COMPLETE,
		    NULL },
		{ "duplicate keys are still JSON", "{\"a\":1,\"a\":2}",
		    JSON_INPUT_COMPLETE, NULL },
		{ "integer beyond 64 bits", "[123456789012345678901234567890]",
		    JSON_INPUT_COMPLETE, NULL },
		{ "real beyond a double", "{\"x\":1e999}", JSON_INPUT_COMPLETE,
		    NULL },
		{ "open object", "{\"a\":", JSON_INPUT_INCOMPLETE, "line 1" },
		{ "open array over lines", "[\n  1,\n  2",
		    JSON_INPUT_INCOMPLETE, "line 3" },
		{ "open key", "{", JSON_INPUT_INCOMPLETE, NULL },
		{ "empty", "", JSON_INPUT_INCOMPLETE, NULL },
		{ "word", "hello", JSON_INPUT_INVALID, "line 1, column " },
		{ "missing colon", "{\"a\" 1}", JSON_INPUT_INVALID,
		    "line 1, column " },
		{ "error on line 2", "{\n\"a\": tru}", JSON_INPUT_INVALID,
		    "line 2, column " },
		{ "trailing text", "{} x", JSON_INPUT_INVALID, "line 1" },
		{ "closed too often", "[1]]", JSON_INPUT_INVALID, "line 1" },
		{ "overflow and a syntax error", "[1e999,}",
		    JSON_INPUT_INVALID, "line 1" },
		{ "escape in the message", "{\"\x1b[2J\" 1}",
		    JSON_INPUT_INVALID, "line 1" },
	};
	char		 err[256];
	size_t		 i;
	enum json_input	 r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = json_input_check((const unsigned char *)cases[i].in,
		    strlen(cases[i].in), err, sizeof(err));
		tap_is_int(r, cases[i].want, "input %s: %s", cases[i].desc,
		    cases[i].want == JSON_INPUT_COMPLETE ? "complete" :
		    cases[i].want == JSON_INPUT_INCOMPLETE ? "incomplete" :
		    "invalid");
		if (cases[i].err != NULL)
			tap_ok(strncmp(err, cases[i].err,
			    strlen(cases[i].err)) == 0, "input %s: '%s'",
			    cases[i].desc, err);
		tap_ok(strchr(err, '\033') == NULL, "input %s: no raw ESC in "
		    "the message", cases[i].desc);
	}
}

static void
test_obj(void)
{
	struct json_obj	*o;
	struct buf	 b = { 0 };
	const char	*s;
	size_t		 n = 0;
	double		 d = 0;

	o = json_obj_parse(S("{\"s\":\"a\\u0000b\",\"n\":12.5,\"i\":7,"
	    "\"l\":[\"x\",2]}"));
	tap_ok(o != NULL, "object parsed");
	s = json_obj_string(o, "s", &n);
	tap_is_mem(s, n, "a\0b", 3, "string member with NUL");
	tap_ok(json_obj_string(o, "n", &n) == NULL, "number is no string");
	tap_ok(json_obj_number(o, "n", &d) && d == 12.5, "real member");
	tap_ok(json_obj_number(o, "i", &d) && d == 7, "integer member");
	tap_ok(!json_obj_number(o, "s", &d), "string is no number");
	tap_is_int(json_obj_dump(o, "i", &b), 0, "dump integer member");
	tap_is_mem(b.data, b.len, "7", 1, "dump is compact JSON");
	tap_is_int(json_obj_dump(o, "none", &b), 1, "dump of a missing key");
	tap_is_int((long long)json_obj_array_len(o, "l"), 2, "array length");
	s = json_obj_array_string(o, "l", 0, &n);
	tap_is_mem(s, n, "x", 1, "array string element");
	tap_ok(json_obj_array_string(o, "l", 1, &n) == NULL,
	    "array number element is no string");
	tap_ok(json_obj_array_string(o, "l", 5, &n) == NULL,
	    "array index out of range");
	json_obj_free(o);
	tap_ok(json_obj_parse(S("[1]")) == NULL, "an array is no object");
	tap_ok(json_obj_parse(S("{\"a\":1,\"a\":2}")) == NULL,
	    "duplicate keys refused");
	tap_ok(json_obj_parse(S("nope")) == NULL, "not JSON");
	buf_free(&b);
}

/* Over 1 MiB, jsonfmt decides alone: the same answers, bounded memory. */
static void
test_large(void)
{
	struct buf	 doc = { 0 }, out = { 0 };
	char		 why[256], err[256];
	json_t		*a, *b;
	char		*da, *db;
	size_t		 base;
	int		 i;

	(void)buf_append(&doc, "[", 1);
	for (i = 0; i < 40000; i++)
		(void)buf_printf(&doc, "%s{\"id\":%d,\"name\":\"n\\u00e9%d\","
		    "\"v\":[%d.5,true,null]}", i ? "," : "", i, i, i);
	base = doc.len;
	(void)buf_append(&doc, "]", 1);
	tap_ok(doc.len > 1024 * 1024, "large document: %zu bytes", doc.len);
	tap_is_int(json_pretty(&out, doc.data, doc.len, false, why,
	    sizeof(why)), 1, "large: pretty-printed");
	a = json_loadb((const char *)doc.data, doc.len, LOAD, NULL);
	b = json_loadb((const char *)out.data, out.len, LOAD, NULL);
	da = a ? json_dumps(a, DUMP) : NULL;
	db = b ? json_dumps(b, DUMP) : NULL;
	tap_ok(da != NULL && db != NULL && strcmp(da, db) == 0,
	    "large: compact dumps equal");
	free(da);
	free(db);
	json_decref(a);
	json_decref(b);

	doc.len = base;
	(void)buf_append(&doc, ",{\"k\":1,\"k\":2}]", 16);
	out.len = 0;
	tap_is_int(json_pretty(&out, doc.data, doc.len, false, why,
	    sizeof(why)), 0, "large with a duplicate key: as received");
	tap_is_str(why, "duplicate object key", "large: the reason");
	doc.len = base;
	(void)buf_append(&doc, ",99999999999999999999]", 22);
	tap_is_int(json_pretty(&out, doc.data, doc.len, false, why,
	    sizeof(why)), 0, "large with a big integer: as received");
	tap_is_str(why, "too big integer", "large: the reason");
	tap_is_int(json_input_check(doc.data, doc.len, err, sizeof(err)),
	    JSON_INPUT_COMPLETE, "large input with a big integer: JSON");
	doc.len = base;
	tap_is_int(json_input_check(doc.data, doc.len, err, sizeof(err)),
	    JSON_INPUT_INCOMPLETE, "large input cut short: incomplete");
	(void)buf_append(&doc, ",x]", 3);
	tap_is_int(json_input_check(doc.data, doc.len, err, sizeof(err)),
	    JSON_INPUT_INVALID, "large invalid input");
	tap_ok(strncmp(err, "line 1, column ", 15) == 0, "large invalid "
	    "input: where (%s)", err);
	buf_free(&doc);
	buf_free(&out);
}

int
main(void)
{
	test_large();
	test_corpus();
	test_color();
	test_input();
	test_obj();
	return tap_done();
}

/*
 * Fuzzes the JSON pretty-printer as --json uses it: whatever the input,
 * no crash; what is formatted must hold no control byte but LF (plain) and
 * ESC (colour), be valid UTF-8, format to itself again, and be the same
 * value for jansson (equal compact dumps); jsonfmt alone must agree with
 * jansson on what is JSON, and its own faithfulness checks (used above
 * 1 MiB) with jansson's; the string encoder must give valid JSON.
 */
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "json.h"
#include "jsonfmt.h"
#include "utf8.h"

#define LOAD	(JSON_DECODE_ANY | JSON_ALLOW_NUL)
#define DUMP	(JSON_COMPACT | JSON_ENCODE_ANY)

static void
check_same_value(const uint8_t *data, size_t size, const struct buf *out)
{
	json_t	*a, *b;
	char	*da, *db;

	a = json_loadb((const char *)data, size, LOAD, NULL);
	b = json_loadb((const char *)out->data, out->len, LOAD, NULL);
	FUZZ_CHECK(a != NULL && b != NULL);
	da = json_dumps(a, DUMP);
	db = json_dumps(b, DUMP);
	FUZZ_CHECK(da != NULL && db != NULL && strcmp(da, db) == 0);
	free(da);
	free(db);
	json_decref(a);
	json_decref(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 out = { 0 }, again = { 0 }, col = { 0 };
	char		 why[256];
	size_t		 i;
	int		 r;

	r = json_pretty(&out, data, size, false, why, sizeof(why));
	FUZZ_CHECK(r == 0 || r == 1);
	if (r == 1) {
		for (i = 0; i < out.len; i++)
			FUZZ_CHECK(out.data[i] >= 0x20 || out.data[i] == '\n');
		FUZZ_CHECK(utf8_valid(out.data, out.len));
		FUZZ_CHECK(jsonfmt_pretty(&again, out.data, out.len, 0) == 0);
		FUZZ_CHECK(again.len == out.len &&
		    memcmp(again.data, out.data, out.len) == 0);
		check_same_value(data, size, &out);
		FUZZ_CHECK(json_pretty(&col, data, size, true, why,
		    sizeof(why)) == 1);
		for (i = 0; i < col.len; i++)
			FUZZ_CHECK(col.data[i] >= 0x20 || col.data[i] == '\n' ||
			    col.data[i] == 0x1b);
	} else
		FUZZ_CHECK(out.len == 0);
	/* Whatever jansson takes, the grammar check takes too. */
	if (r == 1 || json_input_check(data, size, NULL, 0) ==
	    JSON_INPUT_COMPLETE)
		FUZZ_CHECK(jsonfmt_valid(data, size));
	buf_free(&again);
	buf_free(&col);

	/* jsonfmt's own checks (texts over 1 MiB) agree with jansson's. */
	{
		const char	*w = NULL;
		json_t		*v;
		int		 f;

		v = json_loadb((const char *)data, size, LOAD |
		    JSON_REJECT_DUPLICATES, NULL);
		f = jsonfmt_pretty_faithful(&again, data, size, 0, &w);
		FUZZ_CHECK(f == 0 || f == 1);
		FUZZ_CHECK(f != 0 || v != NULL);
		FUZZ_CHECK(v == NULL || f == 0 ||
		    memchr(data, '\0', size) != NULL);
		if (f == 0 && r == 1)
			FUZZ_CHECK(again.len == out.len &&
			    memcmp(again.data, out.data, out.len) == 0);
		json_decref(v);
		buf_free(&again);
	}
	buf_free(&out);

	FUZZ_CHECK(jsonfmt_string(&out, data, size) == 0);
	FUZZ_CHECK(jsonfmt_valid(out.data, out.len));
	for (i = 0; i < out.len; i++)
		FUZZ_CHECK(out.data[i] >= 0x20 && out.data[i] != 0x7f);
	buf_free(&out);
	return 0;
}

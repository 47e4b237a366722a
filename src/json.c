/*
 * The jansson module: deciding what is JSON, for received messages (shown
 * pretty only when jansson represents them faithfully), for input in
 * --json mode (complete, incomplete by jansson's error code, or invalid),
 * and read access to chat packets.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "json.h"
#include "jsonfmt.h"
#include "term.h"

#define LOAD_RECEIVED	(JSON_DECODE_ANY | JSON_ALLOW_NUL | \
			    JSON_REJECT_DUPLICATES)
#define LOAD_INPUT	(JSON_DECODE_ANY | JSON_ALLOW_NUL)
/*
 * jansson's tree takes some 25 times the text: larger texts are checked by
 * jsonfmt alone, with the same rules, so that memory stays bounded by
 * --max-message (fuzz_json checks that the two agree).
 */
#define JANSSON_MAX	(1024 * 1024)

static void	 error_text(const json_error_t *, char *, size_t);
static void	 nul_error(const unsigned char *, size_t, char *, size_t);
static void	 position(const unsigned char *, size_t, int *, int *);
static enum json_input large_input_check(const unsigned char *, size_t,
		    char *, size_t);
static json_t	*member(const struct json_obj *, const char *);

/* "line L, column C: why", with the why made safe for a terminal. */
static void
error_text(const json_error_t *e, char *err, size_t errlen)
{
	struct buf	 b = { 0 };

	if (err == NULL || errlen == 0)
		return;
	if (term_escape(&b, (const unsigned char *)e->text,
	    strnlen(e->text, sizeof(e->text))) == -1 || buf_putc(&b, 0) == -1)
		snprintf(err, errlen, "line %d, column %d", e->line, e->column);
	else
		snprintf(err, errlen, "line %d, column %d: %s", e->line,
		    e->column, (char *)b.data);
	buf_free(&b);
}

/* Where the first NUL byte is, as jansson would give a position. */
static void
nul_error(const unsigned char *p, size_t n, char *err, size_t errlen)
{
	const unsigned char	*z = memchr(p, '\0', n), *q;
	int			 line = 1, col = 1;

	for (q = p; q < z; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else if ((*q & 0xc0) != 0x80)
			col++;
	}
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "line %d, column %d: NUL byte outside a "
		    "string", line, col);
}

/* "line L, column C" of offset off in p (columns count characters). */
static void
position(const unsigned char *p, size_t off, int *line, int *col)
{
	size_t	 i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (p[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if ((p[i] & 0xc0) != 0x80)
			(*col)++;
	}
}

/* json_input_check for a text too large for jansson: the grammar decides. */
static enum json_input
large_input_check(const unsigned char *p, size_t n, char *err, size_t errlen)
{
	size_t	 pos = 0;
	int	 r, line, col;

	if ((r = jsonfmt_check(p, n, &pos)) == 0)
		return JSON_INPUT_COMPLETE;
	position(p, pos, &line, &col);
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "line %d, column %d: %s", line, col,
		    r == 2 ? "premature end of input" : r == -1 ?
		    "out of memory" : "not JSON here");
	return r == 2 ? JSON_INPUT_INCOMPLETE : JSON_INPUT_INVALID;
}

enum json_input
json_input_check(const unsigned char *p, size_t n, char *err, size_t errlen)
{
	json_error_t	 e;
	json_t		*v;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (n > JANSSON_MAX)
		return large_input_check(p, n, err, errlen);
	if ((v = json_loadb((const char *)p, n, LOAD_INPUT, &e)) != NULL) {
		json_decref(v);
		/* jansson stops at a NUL byte outside a string. */
		if (memchr(p, '\0', n) == NULL || jsonfmt_valid(p, n))
			return JSON_INPUT_COMPLETE;
		nul_error(p, n, err, errlen);
		return JSON_INPUT_INVALID;
	}
	switch (json_error_code(&e)) {
	case json_error_premature_end_of_input:
		error_text(&e, err, errlen);
		return JSON_INPUT_INCOMPLETE;
	case json_error_numeric_overflow:
		/* Too large for jansson, yet JSON: the grammar decides. */
		if (jsonfmt_valid(p, n))
			return JSON_INPUT_COMPLETE;
		break;
	default:
		break;
	}
	error_text(&e, err, errlen);
	return JSON_INPUT_INVALID;
}

int
json_pretty(struct buf *out, const unsigned char *p, size_t n, bool color,
    char *why, size_t whylen)
{
	json_error_t	 e;
	json_t		*v;
	const char	*w = NULL;
	int		 r;

	if (why != NULL && whylen > 0)
		why[0] = '\0';
	if (n > JANSSON_MAX) {
		r = jsonfmt_pretty_faithful(out, p, n, color ? JSONFMT_COLOR : 0,
		    &w);
		if (r == 1 && w != NULL && why != NULL && whylen > 0)
			snprintf(why, whylen, "%s", w);
		return r == 0 ? 1 : r == 1 ? 0 : -1;
	}
	if ((v = json_loadb((const char *)p, n, LOAD_RECEIVED, &e)) == NULL) {
		switch (json_error_code(&e)) {
		case json_error_duplicate_key:
		case json_error_numeric_overflow:
			error_text(&e, why, whylen);
			break;
		default:
			break;
		}
		return 0;
	}
	json_decref(v);
	r = jsonfmt_pretty(out, p, n, color ? JSONFMT_COLOR : 0);
	return r == 0 ? 1 : r == 1 ? 0 : -1;
}

struct json_obj *
json_obj_parse(const unsigned char *p, size_t n)
{
	json_t	*v;

	if (n > JANSSON_MAX)	/* no chat packet is that large */
		return NULL;
	if ((v = json_loadb((const char *)p, n, LOAD_RECEIVED, NULL)) == NULL)
		return NULL;
	if (!json_is_object(v)) {
		json_decref(v);
		return NULL;
	}
	return (struct json_obj *)v;
}

void
json_obj_free(struct json_obj *o)
{
	if (o != NULL)
		json_decref((json_t *)o);
}

static json_t *
member(const struct json_obj *o, const char *key)
{
	return json_object_get((const json_t *)o, key);
}

const char *
json_obj_string(const struct json_obj *o, const char *key, size_t *len)
{
	json_t	*v = member(o, key);

	if (!json_is_string(v))
		return NULL;
	*len = json_string_length(v);
	return json_string_value(v);
}

bool
json_obj_number(const struct json_obj *o, const char *key, double *out)
{
	json_t	*v = member(o, key);

	if (!json_is_number(v))
		return false;
	*out = json_number_value(v);
	return true;
}

int
json_obj_dump(const struct json_obj *o, const char *key, struct buf *out)
{
	json_t	*v = member(o, key);
	size_t	 n;

	if (v == NULL)
		return 1;
	n = json_dumpb(v, NULL, 0, JSON_COMPACT | JSON_ENCODE_ANY);
	if (n == 0 || buf_reserve(out, n) == -1)
		return -1;
	if (json_dumpb(v, (char *)out->data + out->len, n,
	    JSON_COMPACT | JSON_ENCODE_ANY) != n)
		return -1;
	out->len += n;
	return 0;
}

size_t
json_obj_array_len(const struct json_obj *o, const char *key)
{
	json_t	*v = member(o, key);

	return json_is_array(v) ? json_array_size(v) : 0;
}

const char *
json_obj_array_string(const struct json_obj *o, const char *key, size_t i,
    size_t *len)
{
	json_t	*v = json_array_get(member(o, key), i);

	if (!json_is_string(v))
		return NULL;
	*len = json_string_length(v);
	return json_string_value(v);
}

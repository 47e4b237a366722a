/*
 * Everything wsc asks of jansson, and the only module that includes it:
 * whether a received message is JSON that jansson represents faithfully
 * (then pretty-printed by jsonfmt), whether input in --json mode is
 * complete, incomplete or invalid JSON, and read access to the members of
 * a JSON object (for the chat packets).
 */
#ifndef WSC_JSON_H
#define WSC_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* How a piece of input reads as JSON (see json_input_check). */
enum json_input {
	JSON_INPUT_COMPLETE,	/* one JSON text: send it */
	JSON_INPUT_INCOMPLETE,	/* a JSON text cut short: read another line */
	JSON_INPUT_INVALID	/* not JSON: refuse it */
};

/*
 * Classifies input p[0..n) (one line, or lines joined with LF) in --json
 * mode: complete, incomplete (jansson reports a premature end of input, so
 * an interactive front end reads the next line and tries again) or
 * invalid.  When not complete, err gets "line L, column C: why" (jansson's
 * position and message, escaped for a terminal).  Numbers too large for jansson are still
 * JSON.  err may be NULL.
 */
enum json_input	json_input_check(const unsigned char *p, size_t n, char *err,
		    size_t errlen);
/*
 * Appends the pretty form of received text p[0..n) (see jsonfmt_pretty;
 * color adds SGR colours) when it is one JSON text that jansson represents
 * faithfully: parsed with DECODE_ANY, ALLOW_NUL and REJECT_DUPLICATES, so
 * that duplicate keys, integers beyond 64 bits and reals that overflow are
 * not (above 1 MiB, jsonfmt applies the same rules without jansson, whose
 * tree would take some 25 times the text).  Returns 1 when appended; 0
 * when the message is to be shown as received (out unchanged; if it was
 * JSON that jansson cannot represent, why holds the reason, else why is
 * ""); -1 on ENOMEM.
 */
int		json_pretty(struct buf *out, const unsigned char *p, size_t n,
		    bool color, char *why, size_t whylen);

/* A parsed JSON object, read through the json_obj_* accessors. */
struct json_obj;

/*
 * Parses p[0..n) as a JSON object, with the same faithfulness rules as
 * json_pretty, up to 1 MiB.  Returns it (the caller frees it with
 * json_obj_free), or NULL when p is not such an object (or on ENOMEM).
 */
struct json_obj	*json_obj_parse(const unsigned char *p, size_t n);
/* Frees o (NULL is fine). */
void		 json_obj_free(struct json_obj *o);
/*
 * The string member key of o, or NULL when absent or not a string; *len
 * gets its length (it may hold NUL bytes).  Owned by o.
 */
const char	*json_obj_string(const struct json_obj *o, const char *key,
		    size_t *len);
/* Stores number member key (integer or real) in *out; false if none. */
bool		 json_obj_number(const struct json_obj *o, const char *key,
		    double *out);
/*
 * Appends member key in compact JSON to out.  Returns 0, 1 when there is
 * no such member, or -1 on ENOMEM.
 */
int		 json_obj_dump(const struct json_obj *o, const char *key,
		    struct buf *out);
/* The length of array member key, or 0 when it is absent or no array. */
size_t		 json_obj_array_len(const struct json_obj *o, const char *key);
/*
 * Element i of array member key when it is a string (else NULL), with its
 * length in *len.  Owned by o.
 */
const char	*json_obj_array_string(const struct json_obj *o,
		    const char *key, size_t i, size_t *len);

#endif

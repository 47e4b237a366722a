/*
 * Fuzzes the chat renderer and composer: any received text and any input
 * line.  Rendered lines must be one line each, with no control byte (but
 * TAB, and ESC of our colours) and
 * valid UTF-8 on a terminal; every packet sent must be a JSON object.
 */
#include <stdlib.h>
#include <string.h>

#include "chat.h"
#include "fuzz.h"
#include "json.h"
#include "jsonfmt.h"
#include "utf8.h"

static size_t	 sent;

/* Every packet wsc sends is a JSON object of the protocol. */
static int
on_send(void *ctx, const unsigned char *p, size_t n)
{
	struct json_obj	*o;
	size_t		 len;

	(void)ctx;
	FUZZ_CHECK(jsonfmt_valid(p, n));
	o = json_obj_parse(p, n);
	FUZZ_CHECK(o != NULL);
	FUZZ_CHECK(json_obj_string(o, "type", &len) != NULL);
	json_obj_free(o);
	sent++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct chat	 c;
	struct buf	 out = { 0 };
	size_t		 i, lines = 0;
	int		 r;

	FUZZ_CHECK(chat_init(&c, "fuzz", true, true, on_send, NULL) == 0);
	/* Lines typed before and after the server's id. */
	if (utf8_valid(data, size))
		FUZZ_CHECK(chat_input(&c, data, size, 1000) == 0);
	FUZZ_CHECK(chat_render(&c, &out, (const unsigned char *)
	    "{\"type\":\"id\",\"id\":7}", 20, 0) == 1);
	FUZZ_CHECK(c.have_id && c.npending == 0 && out.len == 0);
	r = chat_render(&c, &out, data, size, 1763728496000LL);
	FUZZ_CHECK(r == 0 || r == 1);
	if (r == 0)
		FUZZ_CHECK(out.len == 0);
	for (i = 0; i < out.len; i++) {
		FUZZ_CHECK(out.data[i] >= 0x20 || out.data[i] == '\n' ||
		    out.data[i] == '\t' || out.data[i] == 0x1b);
		lines += out.data[i] == '\n';
	}
	FUZZ_CHECK(lines <= 1);
	FUZZ_CHECK(lines == 0 || out.data[out.len - 1] == '\n');
	FUZZ_CHECK(utf8_valid(out.data, out.len));
	if (utf8_valid(data, size))
		FUZZ_CHECK(chat_input(&c, data, size, 2000) == 0);
	buf_free(&out);
	chat_free(&c);
	return 0;
}

/*
 * Fuzzes framing against a reference model: the first byte picks the mode
 * and where the input is split between two feeds; the messages delivered
 * must equal the model's, in order and byte for byte.
 */
#include <string.h>

#include "buf.h"
#include "framing.h"
#include "fuzz.h"

/* Appends one message as a length prefix and its bytes. */
static void
add(struct buf *b, const unsigned char *msg, size_t len)
{
	FUZZ_CHECK(buf_append(b, &len, sizeof(len)) == 0);
	FUZZ_CHECK(buf_append(b, msg, len) == 0);
}

static int
collect(void *ctx, const unsigned char *msg, size_t len)
{
	add(ctx, msg, len);
	return 0;
}

/* The model: split on sep; line mode drops one CR before the end. */
static void
model(struct buf *want, const uint8_t *p, size_t n, enum framing_mode mode)
{
	unsigned char	 sep = mode == FRAMING_NUL ? '\0' : '\n';
	size_t		 start = 0, i, len;

	for (i = 0; i <= n; i++) {
		if (i < n && p[i] != sep)
			continue;
		len = i - start;
		if (i == n && len == 0)
			break;		/* no unterminated tail */
		if (mode == FRAMING_LINE && len > 0 && p[start + len - 1] == '\r')
			len--;
		add(want, p + start, len);
		start = i + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct framing	 f;
	struct buf	 got = { 0 }, want = { 0 };
	enum framing_mode mode;
	size_t		 split;

	if (size < 2)
		return 0;
	mode = (data[0] & 1) ? FRAMING_NUL : FRAMING_LINE;
	split = data[1] % (size - 1);
	data += 2;
	size -= 2;
	framing_init(&f, mode, 0);
	FUZZ_CHECK(framing_feed(&f, data, split, collect, &got) == 0);
	FUZZ_CHECK(framing_feed(&f, data + split, size - split, collect,
	    &got) == 0);
	FUZZ_CHECK(framing_finish(&f, collect, &got) == 0);
	framing_free(&f);
	model(&want, data, size, mode);
	FUZZ_CHECK(got.len == want.len &&
	    (got.len == 0 || memcmp(got.data, want.data, got.len) == 0));
	buf_free(&got);
	buf_free(&want);
	return 0;
}

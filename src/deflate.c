/* permessage-deflate for the client, with the lws 4.1.6 fix. */
#include <stdio.h>
#include <string.h>

#include "deflate.h"

/*
 * lws's private PMDR_NOTHING_WE_SHOULD_DO and PMDR_UNKNOWN
 * (lib/core-net/private-lib-core-net.h), fixed for the pinned 4.1.6.
 */
#define PMDR_UNKNOWN			0
#define PMDR_NOTHING_WE_SHOULD_DO	5

static int	 pmd_wrap(struct lws_context *, const struct lws_extension *,
		    struct lws *, enum lws_extension_callback_reasons, void *,
		    void *, size_t);

static const struct lws_extension exts[] = {
	{ "permessage-deflate", pmd_wrap,
	    "permessage-deflate; client_no_context_takeover; "
	    "client_max_window_bits" },
	{ NULL, NULL, NULL }
};

/*
 * A frame the extension must not touch (RSV1 clear, or a PONG with a
 * payload) gets "nothing to do", on which the 4.1.6 parser never consumes
 * it and delivers it forever; "unknown" has it consumed exactly once.
 */
static int
pmd_wrap(struct lws_context *ctx, const struct lws_extension *ext,
    struct lws *wsi, enum lws_extension_callback_reasons reason, void *user,
    void *in, size_t len)
{
	int	 n;

	n = lws_extension_callback_pm_deflate(ctx, ext, wsi, reason, user, in,
	    len);
	if (reason == LWS_EXT_CB_PAYLOAD_RX && n == PMDR_NOTHING_WE_SHOULD_DO)
		return PMDR_UNKNOWN;
	return n;
}

const struct lws_extension *
deflate_extensions(void)
{
	return exts;
}

int
deflate_callback(int reason, void *user, void *in, size_t len, bool *handled)
{
	*handled = reason == LWS_CALLBACK_WS_EXT_DEFAULTS;
	if (!*handled)
		return 0;
	/* log2 sizes, capped by lws at the protocol's rx buffer (64 KiB) */
	if (user != NULL && strcmp(user, "permessage-deflate") == 0 &&
	    in != NULL && len > 0)
		snprintf(in, len, "rx_buf_size=16; tx_buf_size=16");
	return 0;
}

/*
 * permessage-deflate (--deflate) on libwebsockets 4.1.6, with the
 * workaround for its endless re-delivery of uncompressed frames and PONGs
 * with a payload (quirk 1, Q6).  The other workaround, keeping a written
 * buffer until the next WRITEABLE (quirk 2), is in pump_queue_write().
 */
#ifndef WSC_DEFLATE_H
#define WSC_DEFLATE_H

#include <stdbool.h>
#include <stddef.h>

#include <libwebsockets.h>

/* The extension table for the context's info.extensions. */
const struct lws_extension *deflate_extensions(void);
/*
 * Handles LWS_CALLBACK_WS_EXT_DEFAULTS (larger inflate and deflate buffers
 * than lws's 1 KiB).  Returns what the callback must return; *handled says
 * whether reason was that one.
 */
int	deflate_callback(int reason, void *user, void *in, size_t len,
	    bool *handled);

#endif

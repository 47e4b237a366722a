/*
 * TLS for the client session: certificate options into the lws context,
 * their files checked before connecting, and the real reason of a failed
 * verification (lws 4.1 reports only "connect SSL err 1", Q5).
 */
#ifndef WSC_TLS_H
#define WSC_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <libwebsockets.h>

#include "opts.h"

/*
 * Checks that the --cacert, --capath, --cert and --key files exist and are
 * usable (a CA file with certificates, a key matching the certificate):
 * lws would not say so (quirk 6).  Returns 0, or -1 with the error printed
 * (a usage error).
 */
int	tls_check_files(const struct wsc_opts *o);
/* Sets up info for TLS client connections with o's certificate options. */
void	tls_context_setup(struct lws_context_creation_info *info,
	    const struct wsc_opts *o);
/* The LCCSCF_ flags for a wss connection under o. */
int	tls_connect_flags(const struct wsc_opts *o);
/*
 * Handles the OpenSSL callbacks lws sends to protocols[0] (wsi may be
 * NULL), with the options given to tls_context_setup(): loads --capath
 * and records (or, with -k, overrides) verification errors.  Returns what
 * the callback must return; *handled says whether reason was one of them.
 */
int	tls_callback(int reason, void *user, void *in, size_t len,
	    bool *handled);
/* Remembers an lws log line that carries an OpenSSL error. */
void	tls_note_log(const char *line, size_t n);
/*
 * Why the TLS handshake failed, best first: a recorded verification error
 * ("certificate verify failed: certificate has expired"), else the last
 * OpenSSL error lws logged; NULL when nothing was seen.
 */
const char *tls_failure(void);
/*
 * At -v, reports the TLS version and the server certificate's subject and
 * issuer of the connection just opened (nothing for ws://).
 */
void	tls_report(void);
/* Forgets what was recorded (before a new connection attempt). */
void	tls_reset(void);

/*
 * wsc's own receive path over TLS (session.c): reads up to n decrypted
 * bytes from ssl (lws_get_ssl()).  Returns the count, 0 at the end of the
 * stream (close_notify, or the peer gone without it), or -1 with errno
 * (EAGAIN: nothing to read yet; EINPROGRESS: TLS must write first, so
 * retry once the socket is writable).
 */
ssize_t	tls_read(SSL *ssl, void *buf, size_t n);
/* True when ssl holds input that poll() will not announce. */
bool	tls_pending(SSL *ssl);

#endif

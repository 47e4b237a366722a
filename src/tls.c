/*
 * TLS options and failure reasons for the client (OpenSSL under lws 4.1).
 * The CA store is loaded only when a TLS context is set up, i.e. for wss.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "msg.h"
#include "tls.h"

static const struct wsc_opts *topts;	/* set by tls_context_setup() */
static char	 verify_err[256];	/* first verification failure */
static char	 ssl_err[256];		/* last OpenSSL error lws logged */
static char	 peer[512];		/* version and certificate, for -v */

static int	 check_readable(const char *, const char *, bool);
static void	 openssl_reason(char *, size_t);
static void	 note_peer(X509_STORE_CTX *, SSL *);

/* Keeps the protocol version and the server certificate's names for -v. */
static void
note_peer(X509_STORE_CTX *x, SSL *ssl)
{
	X509	*cert;
	char	 subject[200], issuer[200];

	if ((cert = X509_STORE_CTX_get_current_cert(x)) == NULL)
		return;
	X509_NAME_oneline(X509_get_subject_name(cert), subject,
	    sizeof(subject));
	X509_NAME_oneline(X509_get_issuer_name(cert), issuer, sizeof(issuer));
	snprintf(peer, sizeof(peer), "%s, certificate subject %s, issuer %s",
	    ssl != NULL ? SSL_get_version(ssl) : "TLS", subject, issuer);
}

/* Checks that path is a readable file (or directory when dir). */
static int
check_readable(const char *opt, const char *path, bool dir)
{
	struct stat	 st;

	if (stat(path, &st) == -1)
		goto fail;
	if (dir != S_ISDIR(st.st_mode)) {
		msg_err("%s %s: %s", opt, path, dir ? "not a directory" :
		    "is a directory");
		return -1;
	}
	if (access(path, R_OK | (dir ? X_OK : 0)) == 0)
		return 0;
fail:
	msg_err("%s %s: %s", opt, path, strerror(errno));
	return -1;
}

/* The reason of the last OpenSSL error, without its code prefix. */
static void
openssl_reason(char *buf, size_t len)
{
	unsigned long	 e = ERR_peek_last_error();
	const char	*r = e != 0 ? ERR_reason_error_string(e) : NULL;

	snprintf(buf, len, "%s", r != NULL ? r : "unusable");
	ERR_clear_error();
}

int
tls_check_files(const struct wsc_opts *o)
{
	SSL_CTX		*ctx = NULL;
	char		 why[200];
	const char	*key = o->key != NULL ? o->key : o->cert;
	int		 rv = -1;

	if ((o->cacert != NULL && check_readable("--cacert", o->cacert,
	    false) == -1) ||
	    (o->capath != NULL && check_readable("--capath", o->capath,
	    true) == -1) ||
	    (o->cert != NULL && check_readable("--cert", o->cert,
	    false) == -1) ||
	    (o->key != NULL && check_readable("--key", o->key, false) == -1))
		return -1;
	if (o->cacert == NULL && o->cert == NULL)
		return 0;
	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		openssl_reason(why, sizeof(why));
		msg_err("TLS: cannot set up: %s", why);
		return -1;
	}
	if (o->cacert != NULL &&
	    SSL_CTX_load_verify_locations(ctx, o->cacert, NULL) != 1) {
		openssl_reason(why, sizeof(why));
		msg_err("--cacert %s: no CA certificate in it (%s)", o->cacert,
		    why);
		goto out;
	}
	if (o->cert != NULL) {
		if (SSL_CTX_use_certificate_chain_file(ctx, o->cert) != 1) {
			openssl_reason(why, sizeof(why));
			msg_err("--cert %s: not a PEM certificate (%s)",
			    o->cert, why);
			goto out;
		}
		if (SSL_CTX_use_PrivateKey_file(ctx, key,
		    SSL_FILETYPE_PEM) != 1) {
			openssl_reason(why, sizeof(why));
			if (strstr(why, "mismatch") != NULL)
				msg_err("--key %s: does not match the "
				    "certificate in %s", key, o->cert);
			else
				msg_err("%s %s: not a PEM private key (%s)",
			    o->key != NULL ? "--key" : "--cert (no --key)", key,
			    why);
			goto out;
		}
		if (SSL_CTX_check_private_key(ctx) != 1) {
			openssl_reason(why, sizeof(why));
			msg_err("--key %s: does not match the certificate in "
			    "%s", key, o->cert);
			goto out;
		}
	}
	rv = 0;
out:
	SSL_CTX_free(ctx);
	return rv;
}

void
tls_context_setup(struct lws_context_creation_info *info,
    const struct wsc_opts *o)
{
	topts = o;
	info->options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	/* Like curl: a CA file or directory replaces the system store. */
	if (o->cacert != NULL || o->capath != NULL)
		info->options |= LWS_SERVER_OPTION_DISABLE_OS_CA_CERTS;
	info->client_ssl_ca_filepath = o->cacert;
	if (o->cert != NULL) {
		info->client_ssl_cert_filepath = o->cert;
		info->client_ssl_private_key_filepath = o->key != NULL ?
		    o->key : o->cert;
	}
}

int
tls_connect_flags(const struct wsc_opts *o)
{
	int	 f = LCCSCF_USE_SSL;

	if (o->insecure)
		f |= LCCSCF_ALLOW_SELFSIGNED | LCCSCF_ALLOW_EXPIRED |
		    LCCSCF_ALLOW_INSECURE |
		    LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK;
	return f;
}

int
tls_callback(int reason, void *user, void *in, size_t len, bool *handled)
{
	const struct wsc_opts	*o = topts;
	X509_STORE_CTX	*x;
	X509		*cert;
	char		 subject[128];
	int		 e;

	*handled = o != NULL;
	if (o == NULL)
		return 0;
	switch (reason) {
	case LWS_CALLBACK_OPENSSL_LOAD_EXTRA_CLIENT_VERIFY_CERTS:
		if (o->capath != NULL &&
		    SSL_CTX_load_verify_locations(user, NULL, o->capath) != 1) {
			openssl_reason(subject, sizeof(subject));
			msg_warn("--capath %s: %s", o->capath, subject);
		}
		return 0;
	case LWS_CALLBACK_OPENSSL_PERFORM_SERVER_CERT_VERIFICATION:
		x = user;
		if (X509_STORE_CTX_get_error_depth(x) == 0)
			note_peer(x, in);
		if (len != 0 || (e = X509_STORE_CTX_get_error(x)) == X509_V_OK)
			return 0;
		if (o->insecure) {
			/* -k accepts what lws's four flags do not cover. */
			X509_STORE_CTX_set_error(x, X509_V_OK);
			return 0;
		}
		if (verify_err[0] == '\0') {
			subject[0] = '\0';
			if ((cert = X509_STORE_CTX_get_current_cert(x)) != NULL)
				X509_NAME_oneline(X509_get_subject_name(cert),
				    subject, sizeof(subject));
			snprintf(verify_err, sizeof(verify_err),
			    "certificate verify failed: %s (depth %d%s%s)",
			    X509_verify_cert_error_string(e),
			    X509_STORE_CTX_get_error_depth(x),
			    subject[0] ? ", subject " : "", subject);
		}
		return 0;
	default:
		*handled = false;
		return 0;
	}
}

void
tls_note_log(const char *line, size_t n)
{
	const char	*p;
	size_t		 off;

	/* lws: "... openssl error: error:0A00010B:SSL routines::wrong ..." */
	if ((p = memmem(line, n, "openssl error: ", 15)) == NULL)
		return;
	off = (size_t)(p - line);
	/* keep only the reason after the last "::" or ':' */
	while (n > off && (line[n - 1] == '\n' || line[n - 1] == ' '))
		n--;
	for (p = line + n; p > line + off && p[-1] != ':'; p--)
		continue;
	if (p == line + n)
		return;
	snprintf(ssl_err, sizeof(ssl_err), "%.*s", (int)(line + n - p), p);
}

const char *
tls_failure(void)
{
	if (verify_err[0] != '\0')
		return verify_err;
	if (ssl_err[0] != '\0')
		return ssl_err;
	return NULL;
}

void
tls_reset(void)
{
	verify_err[0] = ssl_err[0] = peer[0] = '\0';
}

void
tls_report(void)
{
	if (peer[0] != '\0')
		msg_verbose(1, "tls: %s%s", peer, topts != NULL &&
		    topts->insecure ? " (not verified: -k)" : "");
}

ssize_t
tls_read(SSL *ssl, void *buf, size_t n)
{
	size_t	 got;

	ERR_clear_error();
	errno = 0;
	if (SSL_read_ex(ssl, buf, n, &got) == 1)
		return (ssize_t)got;
	switch (SSL_get_error(ssl, 0)) {
	case SSL_ERROR_WANT_READ:
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_WANT_WRITE:
		errno = EINPROGRESS;
		return -1;
	case SSL_ERROR_ZERO_RETURN:
		return 0;
	case SSL_ERROR_SYSCALL:
		if (errno == 0)
			return 0;
		return -1;
	default:
		/* OpenSSL 3 reports an end without close_notify here. */
		if (ERR_GET_REASON(ERR_peek_error()) ==
		    SSL_R_UNEXPECTED_EOF_WHILE_READING)
			return 0;
		errno = EPROTO;
		return -1;
	}
}

bool
tls_pending(SSL *ssl)
{
	return SSL_has_pending(ssl) == 1;
}

/* -v diagnostics of the connection and the upgrade exchange. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "buf.h"
#include "diag.h"
#include "msg.h"
#include "redact.h"
#include "term.h"

static void	 header_line(char dir, const char *line, size_t n, bool show,
		    bool escape);
static void	 addr_text(const struct sockaddr *, char *, size_t, int *);

/* Prints one header line, redacted and, for server bytes, escaped. */
static void
header_line(char dir, const char *line, size_t n, bool show, bool escape)
{
	struct buf	 r = { 0 }, e = { 0 };

	if (redact_header(&r, line, n, show) == -1)
		goto out;
	if (escape) {
		if (term_escape(&e, r.data, r.len) == -1 ||
		    buf_putc(&e, '\0') == -1)
			goto out;
		msg_verbose(1, "%c %s", dir, (char *)e.data);
	} else
		msg_verbose(1, "%c %s", dir, (char *)r.data);
out:
	buf_free(&r);
	buf_free(&e);
}

static void
addr_text(const struct sockaddr *sa, char *out, size_t len, int *port)
{
	const void	*a;

	*port = 0;
	out[0] = '\0';
	if (sa->sa_family == AF_INET) {
		a = &((const struct sockaddr_in *)sa)->sin_addr;
		*port = ntohs(((const struct sockaddr_in *)sa)->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		*port = ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	} else
		return;
	if (inet_ntop(sa->sa_family, a, out, (socklen_t)len) == NULL)
		out[0] = '\0';
}

void
diag_resolved(const char *host, const struct addrinfo *addrs)
{
	const struct addrinfo	*ai;
	unsigned char		 bin[16];
	struct buf		 b = { 0 };
	char			 a[INET6_ADDRSTRLEN];
	int			 port;

	if (msg_verbosity() < 1 || addrs == NULL ||
	    inet_pton(AF_INET, host, bin) == 1 ||
	    inet_pton(AF_INET6, host, bin) == 1)
		return;
	for (ai = addrs; ai != NULL; ai = ai->ai_next) {
		addr_text(ai->ai_addr, a, sizeof(a), &port);
		if (a[0] != '\0')
			(void)buf_printf(&b, "%s%s", b.len ? ", " : "", a);
	}
	if (b.len > 0)
		msg_verbose(1, "resolve: %s is %s", host, (char *)b.data);
	buf_free(&b);
}

void
diag_connected(struct lws *wsi, bool tls, int64_t start_us)
{
	struct sockaddr_storage	 ss;
	socklen_t		 sl = sizeof(ss);
	char			 a[INET6_ADDRSTRLEN];
	int			 port, fd;

	if (msg_verbosity() < 1)
		return;
	fd = lws_get_socket_fd(wsi);
	if (fd < 0 || getpeername(fd, (struct sockaddr *)&ss, &sl) != 0)
		return;
	addr_text((struct sockaddr *)&ss, a, sizeof(a), &port);
	msg_verbose(1, "connected to %s port %d (%s %.1f ms)", a[0] ? a :
	    "?", port, tls ? "TCP+TLS" : "TCP",
	    (double)(lws_now_usecs() - start_us) / 1000.0);
}

void
diag_request(const struct wsc_opts *o, const struct url *u,
    const char *hosthdr, const char *protolist)
{
	if (msg_verbosity() < 1)
		return;
	msg_verbose(1, "> GET %s HTTP/1.1", u->path);
	msg_verbose(1, "> Host: %s", hosthdr);
	if (o->origin != NULL)
		msg_verbose(1, "> Origin: %s", o->origin);
	if (protolist != NULL && *protolist != '\0')
		msg_verbose(1, "> Sec-WebSocket-Protocol: %s", protolist);
}

void
diag_request_lines(const char *p, size_t n, bool show)
{
	const char	*end = p + n, *eol;

	if (msg_verbosity() < 1)
		return;
	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		header_line('>', p, (size_t)(eol - p) - (eol > p &&
		    eol[-1] == '\r'), show, true);
		p = eol + 1;
	}
}

void
diag_response(struct lws *wsi, int status, bool show_secrets)
{
	char		 v[1024], line[1200];
	const char	*name;
	size_t		 nl;
	int		 t, n;

	if (msg_verbosity() < 1)
		return;
	msg_verbose(1, "< HTTP %d", status);
	for (t = 0; t < WSI_TOKEN_COUNT; t++) {
		name = (const char *)lws_token_to_string(
		    (enum lws_token_indexes)t);
		if (name == NULL || (nl = strlen(name)) < 2 ||
		    name[nl - 1] != ':' || lws_hdr_total_length(wsi,
		    (enum lws_token_indexes)t) <= 0)
			continue;
		if ((n = lws_hdr_copy(wsi, v, sizeof(v),
		    (enum lws_token_indexes)t)) < 0)
			snprintf(v, sizeof(v), "(too long)");
		snprintf(line, sizeof(line), "%s %s", name, v);
		header_line('<', line, strlen(line), show_secrets, true);
	}
}

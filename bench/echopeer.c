/*
 * The benchmark's echo endpoint: a WebSocket (or, with -t, raw TCP) echo
 * server on a free loopback port, serving one connection at a time and
 * doing as little work per byte as the protocol allows, so that the client
 * under test is what the benchmark measures.  Frames are echoed as they
 * arrive (same opcode and FIN, unmasked, streamed without reassembly);
 * Close is answered with the same code and the connection closed; Ping gets
 * its Pong.  In -t mode bytes are echoed until end of file, then the
 * connection is closed.
 *
 * usage: echopeer [-t]	(prints the port on the first line of stdout)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "b64.h"
#include "buf.h"

#define RX_SIZE		(256 * 1024)	/* one read(2) */
#define TX_HIGH		(1024 * 1024)	/* stop reading above this pending */
#define HS_MAX		8192		/* the upgrade request */
#define WS_GUID		"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

/* The data frame being streamed back. */
struct frame {
	uint64_t	 left;		/* payload bytes still to come */
	unsigned char	 mask[4];
	unsigned	 moff;		/* mask offset of the next byte */
};

struct conn {
	int		 fd;
	bool		 ws;
	bool		 closing;	/* flush, then close */
	unsigned char	*rx;
	size_t		 rxlen;
	struct buf	 tx;
	struct frame	 fr;
};

static void	 sha1(const unsigned char *, size_t, unsigned char[20]);
static int	 handshake(struct conn *);
static void	 serve(struct conn *);
static int	 flush_tx(struct conn *);
static size_t	 ws_consume(struct conn *, const unsigned char *, size_t);
static void	 unmask(unsigned char *, const unsigned char *, size_t,
		    struct frame *);
static void	 put_header(struct buf *, unsigned, uint64_t);
static void	 die(const char *);

static void
die(const char *what)
{
	fprintf(stderr, "echopeer: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* SHA-1 (FIPS 180-4) of p[0..n), n < 180: the handshake's accept key. */
static void
sha1(const unsigned char *p, size_t n, unsigned char out[20])
{
	uint32_t	 h[5] = { 0x67452301, 0xefcdab89, 0x98badcfe,
			    0x10325476, 0xc3d2e1f0 };
	uint32_t	 w[80], a, b, c, d, e, f, k, t;
	unsigned char	 m[256];
	uint64_t	 bits = (uint64_t)n * 8;
	size_t		 total = ((n + 8) / 64 + 1) * 64, off, i;

	memset(m, 0, sizeof(m));
	memcpy(m, p, n);
	m[n] = 0x80;
	for (i = 0; i < 8; i++)
		m[total - 1 - i] = (unsigned char)(bits >> (8 * i));
	for (off = 0; off < total; off += 64) {
		for (i = 0; i < 16; i++)
			w[i] = (uint32_t)m[off + 4 * i] << 24 |
			    (uint32_t)m[off + 4 * i + 1] << 16 |
			    (uint32_t)m[off + 4 * i + 2] << 8 |
			    m[off + 4 * i + 3];
		for (i = 16; i < 80; i++) {
			t = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
			w[i] = t << 1 | t >> 31;
		}
		a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
		for (i = 0; i < 80; i++) {
			if (i < 20)
				f = (b & c) | (~b & d), k = 0x5a827999;
			else if (i < 40)
				f = b ^ c ^ d, k = 0x6ed9eba1;
			else if (i < 60)
				f = (b & c) | (b & d) | (c & d), k = 0x8f1bbcdc;
			else
				f = b ^ c ^ d, k = 0xca62c1d6;
			t = (a << 5 | a >> 27) + f + e + k + w[i];
			e = d, d = c, c = b << 30 | b >> 2, b = a, a = t;
		}
		h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
	}
	for (i = 0; i < 20; i++)
		out[i] = (unsigned char)(h[i / 4] >> (24 - 8 * (i % 4)));
}

/* Reads the upgrade request and answers 101; extra bytes stay in c->rx. */
static int
handshake(struct conn *c)
{
	static const char	 hdr[] = "\nsec-websocket-key:";
	char			*end, *key, *eol;
	unsigned char		 digest[20];
	char			 in[256];
	struct buf		 acc = { 0 }, resp = { 0 };
	ssize_t			 r;
	size_t			 used;
	int			 rc = -1;

	for (;;) {
		r = read(c->fd, c->rx + c->rxlen, HS_MAX - c->rxlen);
		if (r <= 0)
			return -1;
		c->rxlen += (size_t)r;
		c->rx[c->rxlen] = '\0';
		if ((end = strstr((char *)c->rx, "\r\n\r\n")) != NULL)
			break;
		if (c->rxlen >= HS_MAX)
			return -1;
	}
	for (key = (char *)c->rx; (key = strchr(key, '\n')) != NULL; key++)
		if (strncasecmp(key, hdr, sizeof(hdr) - 1) == 0)
			break;
	if (key == NULL || key > end)
		return -1;
	key += sizeof(hdr) - 1;
	key += strspn(key, " \t");
	eol = key + strcspn(key, " \t\r\n");
	if (eol - key > 100)
		return -1;
	snprintf(in, sizeof(in), "%.*s%s", (int)(eol - key), key, WS_GUID);
	sha1((unsigned char *)in, strlen(in), digest);
	if (b64_encode(&acc, digest, sizeof(digest)) == -1 ||
	    buf_printf(&resp, "HTTP/1.1 101 Switching Protocols\r\n"
	    "Upgrade: websocket\r\nConnection: Upgrade\r\n"
	    "Sec-WebSocket-Accept: %.*s\r\n\r\n", (int)acc.len,
	    (char *)acc.data) == -1 ||
	    buf_append(&c->tx, resp.data, resp.len) == -1)
		goto out;
	used = (size_t)(end + 4 - (char *)c->rx);
	memmove(c->rx, c->rx + used, c->rxlen - used);
	c->rxlen -= used;
	rc = 0;
out:
	buf_free(&acc);
	buf_free(&resp);
	return rc;
}

/* Appends a server frame header (unmasked). */
static void
put_header(struct buf *tx, unsigned b0, uint64_t len)
{
	unsigned char	 h[10];
	size_t		 n = 2;
	int		 i;

	h[0] = (unsigned char)b0;
	if (len < 126)
		h[1] = (unsigned char)len;
	else if (len < 65536) {
		h[1] = 126;
		h[2] = (unsigned char)(len >> 8);
		h[3] = (unsigned char)len;
		n = 4;
	} else {
		h[1] = 127;
		for (i = 0; i < 8; i++)
			h[2 + i] = (unsigned char)(len >> (56 - 8 * i));
		n = 10;
	}
	if (buf_append(tx, h, n) == -1)
		die("memory");
}

/* dst = src ^ mask, eight bytes at a time, carrying the mask offset. */
static void
unmask(unsigned char *dst, const unsigned char *src, size_t n,
    struct frame *f)
{
	unsigned char	 m8[8];
	uint64_t	 m, w;
	size_t		 i = 0;

	for (i = 0; i < 8; i++)
		m8[i] = f->mask[(f->moff + i) & 3];
	memcpy(&m, m8, 8);
	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, src + i, 8);
		w ^= m;
		memcpy(dst + i, &w, 8);
	}
	for (; i < n; i++)
		dst[i] = src[i] ^ m8[i & 7];
	f->moff = (unsigned)((f->moff + n) & 3);
}

/*
 * Echoes what it can of p[0..n) into c->tx; returns the bytes used (a
 * partial frame header, or a partial control frame, is left for later).
 */
static size_t
ws_consume(struct conn *c, const unsigned char *p, size_t n)
{
	struct frame	*f = &c->fr;
	unsigned char	 ctl[125];
	uint64_t	 len;
	size_t		 i = 0, hl, k, j;
	unsigned	 op;

	while (i < n && !c->closing) {
		if (f->left > 0) {
			k = n - i < f->left ? n - i : (size_t)f->left;
			if (buf_reserve(&c->tx, k) == -1)
				die("memory");
			unmask(c->tx.data + c->tx.len, p + i, k, f);
			c->tx.len += k;
			f->left -= k;
			i += k;
			continue;
		}
		if (n - i < 2)
			break;
		len = p[i + 1] & 0x7f;
		hl = 2 + (len == 126 ? 2 : len == 127 ? 8 : 0) +
		    (p[i + 1] & 0x80 ? 4 : 0);
		if (n - i < hl)
			break;
		if (len == 126)
			len = (uint64_t)p[i + 2] << 8 | p[i + 3];
		else if (len == 127)
			for (len = 0, j = 0; j < 8; j++)
				len = len << 8 | p[i + 2 + j];
		memset(f->mask, 0, 4);
		if (p[i + 1] & 0x80)
			memcpy(f->mask, p + i + hl - 4, 4);
		f->moff = 0;
		op = p[i] & 0x0f;
		if (op >= 8) {
			if (len > 125)
				return n;	/* malformed: ignore the rest */
			if (n - i < hl + len)
				break;
			unmask(ctl, p + i + hl, (size_t)len, f);
			i += hl + (size_t)len;
			if (op == 8) {
				put_header(&c->tx, 0x88, len < 2 ? len : 2);
				if (buf_append(&c->tx, ctl,
				    len < 2 ? (size_t)len : 2) == -1)
					die("memory");
				c->closing = true;
			} else if (op == 9) {
				put_header(&c->tx, 0x8a, len);
				if (buf_append(&c->tx, ctl, (size_t)len) == -1)
					die("memory");
			}
			continue;
		}
		put_header(&c->tx, p[i], len);
		f->left = len;
		i += hl;
	}
	return i;
}

/* Writes what the socket takes; returns -1 when the peer has gone. */
static int
flush_tx(struct conn *c)
{
	ssize_t	 w;

	while (c->tx.len > 0) {
		w = send(c->fd, c->tx.data, c->tx.len, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (w <= 0)
			return -1;
		buf_consume(&c->tx, (size_t)w);
	}
	return 0;
}

/* Serves one connection until Close, end of file or an error. */
static void
serve(struct conn *c)
{
	struct pollfd	 pfd;
	ssize_t		 r;
	size_t		 used;
	bool		 eof = false;

	if (c->ws && handshake(c) == -1)
		return;
	(void)fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
	for (;;) {
		if (c->rxlen > 0 && !c->closing) {
			if (c->ws)
				used = ws_consume(c, c->rx, c->rxlen);
			else {
				if (buf_append(&c->tx, c->rx, c->rxlen) == -1)
					die("memory");
				used = c->rxlen;
			}
			memmove(c->rx, c->rx + used, c->rxlen - used);
			c->rxlen -= used;
		}
		if (flush_tx(c) == -1)
			return;
		if ((c->closing || eof) && c->tx.len == 0)
			return;
		pfd.fd = c->fd;
		pfd.events = 0;
		if (!c->closing && !eof && c->tx.len < TX_HIGH &&
		    c->rxlen < RX_SIZE)
			pfd.events |= POLLIN;
		if (c->tx.len > 0)
			pfd.events |= POLLOUT;
		if (poll(&pfd, 1, -1) == -1) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (!(pfd.events & POLLIN) ||
		    !(pfd.revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		r = read(c->fd, c->rx + c->rxlen, RX_SIZE - c->rxlen);
		if (r == 0)
			eof = true;
		else if (r > 0)
			c->rxlen += (size_t)r;
		else if (errno != EINTR && errno != EAGAIN)
			return;
	}
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in	 sa;
	socklen_t		 sl = sizeof(sa);
	struct conn		 c;
	int			 lfd, one = 1;
	bool			 ws = !(argc > 1 && strcmp(argv[1], "-t") == 0);

	signal(SIGPIPE, SIG_IGN);
	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		die("socket");
	(void)setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    listen(lfd, 64) == -1 ||
	    getsockname(lfd, (struct sockaddr *)&sa, &sl) == -1)
		die("listen");
	printf("%d\n", ntohs(sa.sin_port));
	fflush(stdout);
	memset(&c, 0, sizeof(c));
	if ((c.rx = malloc(RX_SIZE + 1)) == NULL)
		die("memory");
	for (;;) {
		if ((c.fd = accept(lfd, NULL, NULL)) == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept");
		}
		(void)setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof(one));
		c.ws = ws;
		c.closing = false;
		c.rxlen = 0;
		c.tx.len = 0;
		memset(&c.fr, 0, sizeof(c.fr));
		serve(&c);
		close(c.fd);
	}
}

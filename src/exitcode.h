/*
 * wsc exit statuses: defined once here, listed in the same order in the
 * man page's EXIT STATUS section and exercised by tests/integration.
 */
#ifndef WSC_EXITCODE_H
#define WSC_EXITCODE_H

enum wsc_exit {
	WSC_EXIT_OK = 0,	/* clean close (peer 1000, 1001 or none), or a wait condition met */
	WSC_EXIT_FAILURE = 1,	/* other runtime failure */
	WSC_EXIT_USAGE = 2,	/* bad option, argument, URL, header, close code or reason */
	WSC_EXIT_CONNECT = 3,	/* name resolution, refused, unreachable, proxy */
	WSC_EXIT_TLS = 4,	/* TLS handshake or certificate verification */
	WSC_EXIT_UPGRADE = 5,	/* HTTP status other than 101, bad accept key, unoffered subprotocol or extension */
	WSC_EXIT_PROTOCOL = 6,	/* the peer broke the protocol; we failed the connection (1002, 1007, 1009) */
	WSC_EXIT_ABNORMAL = 7,	/* peer close code other than 1000/1001/none, or the connection dropped (1006) */
	WSC_EXIT_TIMEOUT = 8,	/* connect, --timeout, close or ping timeout */
	WSC_EXIT_UNMET = 9,	/* peer closed before --count or --until was satisfied */
	WSC_EXIT_IO = 10,	/* local I/O error (stdin, stdout, a file), or input refused */
	WSC_EXIT_SIGINT = 130,	/* interrupted by SIGINT */
	WSC_EXIT_SIGTERM = 143	/* interrupted by SIGTERM */
};

#endif

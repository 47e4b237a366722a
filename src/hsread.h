/*
 * Keeps libwebsockets from reading past the upgrade response, so that the
 * bytes after it (the server's first frames) stay in the socket for wsc's
 * own frame parser (wsrx.c) instead of lws's.  No lws here: it replaces
 * recv(2) and OpenSSL's SSL_read() for the whole program and limits the
 * one socket it is armed on (its TLS connection too).
 */
#ifndef WSC_HSREAD_H
#define WSC_HSREAD_H

#include <stdbool.h>

/* Limits reads of fd: none goes past a LF (lws ends a header at a LF). */
void	hsread_arm(int fd);
/*
 * Stops limiting.  True when the armed socket was read through the limit
 * and the last byte read ended a line: the response then ended exactly
 * there, and nothing after it was read (false if recv(2) was not ours to
 * replace, for instance).
 */
bool	hsread_disarm(void);

#endif

/* Extra handshake request headers (libwebsockets for Basic auth). */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <libwebsockets.h>

#include "headers.h"
#include "msg.h"
#include "request.h"

#define DEFAULT_UA	"wsc/" PACKAGE_VERSION

static int	 put_line(char **, size_t *, const char *, const char *);
static bool	 has_header(const struct wsc_opts *, const char *);

/* Appends "name: value\r\n" (name NULL: value is the whole line). */
static int
put_line(char **pp, size_t *room, const char *name, const char *value)
{
	int	 n;

	n = snprintf(*pp, *room, "%s%s%s\r\n", name ? name : "",
	    name ? ": " : "", value);
	if (n < 0 || (size_t)n >= *room) {
		msg_err("header '%.40s%s': the request headers are too large",
		    name ? name : value, name ? "" : "...");
		return -1;
	}
	*pp += n;
	*room -= (size_t)n;
	return 0;
}

/* True when a -H line sets the header name. */
static bool
has_header(const struct wsc_opts *o, const char *name)
{
	size_t	 i;

	for (i = 0; i < o->nheaders; i++)
		if (headers_has_name(o->headers[i], strlen(o->headers[i]),
		    name))
			return true;
	return false;
}

int
request_append_headers(const struct wsc_opts *o, const struct url *u,
    char **pp, size_t room)
{
	char		 auth[1024], user[512];
	const char	*pass = NULL, *colon;
	size_t		 i;

	for (i = 0; i < o->nheaders; i++)
		if (put_line(pp, &room, NULL, o->headers[i]) == -1)
			return -1;
	if (o->user != NULL) {
		colon = strchr(o->user, ':');
		snprintf(user, sizeof(user), "%.*s", colon ? (int)(colon -
		    o->user) : (int)strlen(o->user), o->user);
		pass = colon ? colon + 1 : "";
	} else if (u->user != NULL) {
		snprintf(user, sizeof(user), "%s", u->user);
		pass = u->password ? u->password : "";
	}
	if (pass != NULL && !has_header(o, "authorization")) {
		if (strlen(user) >= sizeof(user) - 1 ||
		    lws_http_basic_auth_gen(user, pass, auth,
		    sizeof(auth)) != 0) {
			msg_err("%s: too long for Basic auth", o->user ?
			    "--user" : "URL userinfo");
			return -1;
		}
		if (put_line(pp, &room, "Authorization", auth) == -1)
			return -1;
	}
	if (!has_header(o, "user-agent") && (o->user_agent == NULL ||
	    o->user_agent[0] != '\0') && put_line(pp, &room, "User-Agent",
	    o->user_agent ? o->user_agent : DEFAULT_UA) == -1)
		return -1;
	return 0;
}

/*
 * Fuzzes the proxy rules: the input up to the first NUL is a proxy URL
 * (parsed, then written for lws), the rest a no_proxy list and a host
 * separated by another NUL.  No crash, and sane results.
 */
#include <string.h>

#include "fuzz.h"
#include "proxy.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proxy	 p;
	char		*s, *list, *host, err[256], lws[512];
	int		 n;

	if ((s = malloc(size + 2)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = s[size + 1] = '\0';
	list = s + strlen(s) + 1;
	host = list <= s + size ? list + strlen(list) + 1 : s + size + 1;
	if (host > s + size + 1)
		host = s + size + 1;
	err[0] = '\0';
	if (proxy_parse(s, &p, err, sizeof(err)) == 0) {
		FUZZ_CHECK(p.host != NULL && p.host[0] != '\0');
		FUZZ_CHECK(p.port >= 1 && p.port <= 65535);
		n = proxy_lws_address(&p, lws, sizeof(lws));
		FUZZ_CHECK(n == -1 || (size_t)n == strlen(lws));
		proxy_free(&p);
	} else
		FUZZ_CHECK(err[0] != '\0' && strchr(err, '\n') == NULL);
	if (list <= s + size)
		(void)proxy_no_proxy_match(list, host);
	free(s);
	return 0;
}

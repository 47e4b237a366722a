/* Fuzzes url_parse and url_host_header: no crash, and sane results. */
#include <string.h>

#include "fuzz.h"
#include "url.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct url	 u;
	char		*s, err[256], host[512];
	int		 n;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (url_parse(s, &u, err, sizeof(err)) == 0) {
		FUZZ_CHECK(u.host != NULL && u.host[0] != '\0');
		FUZZ_CHECK(u.path != NULL && u.path[0] == '/');
		FUZZ_CHECK(u.port >= 1 && u.port <= 65535);
		FUZZ_CHECK(strpbrk(u.path, " #\r\n") == NULL);
		n = url_host_header(&u, host, sizeof(host));
		FUZZ_CHECK(n == -1 || (size_t)n == strlen(host));
		url_free(&u);
	} else {
		FUZZ_CHECK(err[0] != '\0' && strchr(err, '\n') == NULL);
	}
	free(s);
	return 0;
}

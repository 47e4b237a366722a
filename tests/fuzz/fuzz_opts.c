/*
 * Fuzzes the option parser: the input, split on NUL, is argv.  It must
 * never crash, and an error is one line naming something.
 */
#include <string.h>

#include "fuzz.h"
#include "opts.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wsc_opts	 o;
	char		*copy, *argv[64], err[512];
	size_t		 i;
	int		 argc = 1;

	if ((copy = malloc(size + 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[0] = (char *)"wsc";
	argv[argc++] = copy;
	for (i = 0; i < size && argc < 63; i++)
		if (copy[i] == '\0')
			argv[argc++] = copy + i + 1;
	argv[argc] = NULL;
	err[0] = '\0';
	if (opts_parse(&o, argc, argv, err, sizeof(err)) == -1)
		FUZZ_CHECK(err[0] != '\0' && strchr(err, '\n') == NULL);
	else if (o.action == OPTS_RUN) {
		FUZZ_CHECK(o.url != NULL || o.listen);
		FUZZ_CHECK(o.close_code == 1000 ||
		    (o.close_code >= 3000 && o.close_code <= 4999));
		FUZZ_CHECK(strlen(o.close_reason) <= 123);
	}
	opts_free(&o);
	free(copy);
	return 0;
}

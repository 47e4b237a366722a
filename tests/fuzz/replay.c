/*
 * Without libFuzzer: runs a harness over every file of the corpus
 * directories named on the command line (default: its own seed corpus),
 * one TAP line per file, so that
 * `make check` replays the seed corpus (and any crash found) in every build.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int
run_file(const char *path, int n)
{
	FILE	*f;
	uint8_t	*data = NULL;
	size_t	 len = 0, cap = 0, r;

	if ((f = fopen(path, "rb")) == NULL) {
		printf("not ok %d - %s: cannot open\n", n, path);
		return 1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((data = realloc(data, cap)) == NULL)
				abort();
		}
		r = fread(data + len, 1, cap - len, f);
		len += r;
	} while (r > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(data, len);	/* aborts on a broken invariant */
	free(data);
	printf("ok %d - %s\n", n, path);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct dirent	**names;
	char		  path[4096];
	int		  i, j, k, n = 0, failed = 0;

#if defined(FUZZ_CORPUS_DIR) && defined(FUZZ_NAME)
	static char	 dflt[] = FUZZ_CORPUS_DIR "/" FUZZ_NAME;
	static char	*dargv[] = { NULL, dflt, NULL };

	if (argc < 2) {
		dargv[0] = argv[0];
		argv = dargv;
		argc = 2;
	}
#endif
	for (i = 1; i < argc; i++) {
		if ((k = scandir(argv[i], &names, NULL, alphasort)) < 0) {
			printf("Bail out! %s: cannot read the corpus\n", argv[i]);
			return 99;
		}
		for (j = 0; j < k; j++) {
			if (names[j]->d_name[0] != '.') {
				snprintf(path, sizeof(path), "%s/%s", argv[i],
				    names[j]->d_name);
				failed += run_file(path, ++n);
			}
			free(names[j]);
		}
		free(names);
	}
	printf("1..%d\n", n);
	return failed || n == 0;
}

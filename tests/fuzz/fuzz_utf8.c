/* Fuzzes UTF-8 validation: streaming at any split agrees with whole-input. */
#include "fuzz.h"
#include "utf8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t	 st = UTF8_ACCEPT;
	bool		 whole;
	size_t		 split;

	if (size < 1)
		return 0;
	split = data[0] % size;
	data++;
	size--;
	if (split > size)
		split = size;
	whole = utf8_valid(data, size);
	utf8_feed(&st, data, split);
	utf8_feed(&st, data + split, size - split);
	FUZZ_CHECK(whole == (st == UTF8_ACCEPT));
	return 0;
}

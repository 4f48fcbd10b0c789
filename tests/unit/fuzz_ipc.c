/* libFuzzer target for the message decoder (lib/ipc.c): any packet is
 * either rejected or parsed into fields that all lie inside it. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so ASan sees any read past the end. */
	uint8_t *pkt = malloc(size ? size : 1);
	struct ipc_view v;

	memcpy(pkt, data, size);
	if (ipc_parse(pkt, size, &v) == 0) {
		size_t pos = 0, len;
		const void *val;
		const char *s;
		uint16_t tag;
		uint32_t u;

		while (ipc_next(&v, &pos, &tag, &val, &len)) {
			if ((const uint8_t *)val < pkt || (const uint8_t *)val + len > pkt + size)
				abort();
			/* the string (first field with this tag) ends inside the packet */
			if (ipc_get_str(&v, tag, &s) &&
			    ((const uint8_t *)s < pkt ||
			     strnlen(s, (size_t)(pkt + size - (const uint8_t *)s)) ==
				     (size_t)(pkt + size - (const uint8_t *)s)))
				abort();
			ipc_get_u32(&v, tag, &u);
		}
	}
	free(pkt);
	return 0;
}

/* The "list SAs" answer: one iked_msg_sa per IKE SA, each followed by its
 * iked_msg_child records, collected from charon in one pass. */
#ifndef IKED_SA_LIST_H
#define IKED_SA_LIST_H

#include <stddef.h>

#include "ike_spec.h"

struct sa_list {
	void **msgs; /* iked_msg_sa / iked_msg_child, malloc'ed */
	size_t n;
};

/* Collects the records (charon's SA manager is held only meanwhile). */
int iked_sa_list_collect(struct sa_list *list);
void iked_sa_list_free(struct sa_list *list);

#endif

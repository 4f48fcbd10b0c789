/* Deadlines: a binary min-heap of absolute times (monotonic seconds), so a
 * daemon holding thousands of timers learns the earliest one in O(1) and
 * arms, re-arms or cancels one in O(log n). The caller embeds a struct
 * nhrp_deadline in its own object and finds the object back from the
 * deadline (container_of); the heap never allocates behind its back once
 * room is reserved, so arming cannot fail. */
#ifndef NHRP_DEADLINE_H
#define NHRP_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nhrp_deadline {
	uint64_t at;
	size_t slot; /* 1 + position in the heap; 0: not armed */
};

struct nhrp_deadlines {
	struct nhrp_deadline **v;
	size_t n, cap;
};

void nhrp_deadlines_init(struct nhrp_deadlines *h);
/* Frees the heap's storage; the deadlines themselves are the caller's. */
void nhrp_deadlines_free(struct nhrp_deadlines *h);
/* Room for cap deadlines in all: 0 or -ENOMEM (nothing changed). */
int nhrp_deadlines_reserve(struct nhrp_deadlines *h, size_t cap);

/* Arms d for at, or moves it there if armed; at 0 disarms it. Needs room
 * (nhrp_deadlines_reserve) for a deadline not armed yet: -ENOSPC without. */
int nhrp_deadlines_arm(struct nhrp_deadlines *h, struct nhrp_deadline *d, uint64_t at);
/* Takes d out of the heap; nothing if it is not armed. */
void nhrp_deadlines_disarm(struct nhrp_deadlines *h, struct nhrp_deadline *d);

static inline bool
nhrp_deadline_armed(const struct nhrp_deadline *d)
{
	return d->slot != 0;
}

/* The earliest armed deadline, NULL if none (ties: any of them). */
struct nhrp_deadline *nhrp_deadlines_first(const struct nhrp_deadlines *h);
/* How many are due at t (at <= t), counting no further than limit:
 * O(limit), whatever the heap's size. */
size_t nhrp_deadlines_count_due(const struct nhrp_deadlines *h, uint64_t t, size_t limit);
size_t nhrp_deadlines_count(const struct nhrp_deadlines *h);

#endif

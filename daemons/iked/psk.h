/* Pre-shared keys of the specs, in a credential set of their own. */
#ifndef IKED_PSK_H
#define IKED_PSK_H

#include "ike_spec.h"

/* Replaces every key iked gave charon with those of the N specs. */
void iked_psk_load(const struct ike_spec *specs, int n);

/* Removes the set from charon's credential manager. */
void iked_psk_unload(void);

#endif

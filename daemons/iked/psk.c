/*
 * PSKs in a mem_cred set, keyed by the local and remote identities as IOS
 * keyrings are (a hub's "address 0.0.0.0 0.0.0.0" key is owned by %any).
 * Reload builds a new set and swaps it, so no lookup sees a half state.
 */
#include <library.h>
#include <credentials/sets/mem_cred.h>

#include "psk.h"

static mem_cred_t *current;

void iked_psk_load(const struct ike_spec *specs, int n)
{
	mem_cred_t *fresh = mem_cred_create();
	int i;

	for (i = 0; i < n; i++) {
		const struct ike_spec *s = &specs[i];
		bool any = !strcmp(s->remote, IKE_SPEC_ANY);
		const char *local_id = s->local_id[0] ? s->local_id : s->local;
		const char *remote_id = s->remote_id[0] ? s->remote_id : any ? "%any" : s->remote;
		/* chunk_clone(chunk_from_str()) nests two macros that both use
		 * a local named x (-Wshadow): one step at a time. */
		chunk_t secret = chunk_from_str((char *)s->psk);
		shared_key_t *key = shared_key_create(SHARED_IKE, chunk_clone(secret));

		fresh->add_shared(fresh, key, identification_create_from_string((char *)local_id),
				  identification_create_from_string((char *)remote_id), NULL);
	}
	lib->credmgr->add_set(lib->credmgr, &fresh->set);
	iked_psk_unload();
	current = fresh;
}

void iked_psk_unload(void)
{
	if (!current)
		return;
	lib->credmgr->remove_set(lib->credmgr, &current->set);
	current->destroy(current);
	current = NULL;
}

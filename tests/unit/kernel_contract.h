/* kernel_contract: behaviour every kernel_ops backend must show, run
 * against the fake (check_kernel_fake) and the real kernel in a private
 * network namespace (check_kernel_netns). Each case starts from a fresh
 * namespace holding only "lo". */
#ifndef KERNEL_CONTRACT_H
#define KERNEL_CONTRACT_H

#include <check.h>
#include <stdbool.h>

#include "kernel_ops.h"

/* The backend under test; the runner's fixture sets it. */
extern struct kernel *kc_kernel;
/* Does the backend support GRE? (the runner knows: the host kernel does
 * not, the fake does unless told otherwise) */
extern bool kc_has_gre;
/* ... and VTI (ip_vti)? */
extern bool kc_has_vti;
extern bool kc_has_dummy;
/* Does the backend implement the MSS clamp (nftables available)? */
extern bool kc_has_mss;

void kernel_contract_add(TCase *tc);

/* Helpers for runners' own tests */
struct in_addr kc_ip(const char *s);
int kc_veth(struct kernel *k, const char *a, const char *b, int *ia, int *ib);
/* poll the monitor fd and process until done(arg) or about 2 s passed */
bool kc_wait(struct kernel *k, int fd, bool (*done)(void *arg), void *arg);

#endif

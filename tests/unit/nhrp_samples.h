/* Representative NHRP packets shared by the codec tests, the tshark
 * interop test and the fuzzer's seed corpus. */
#ifndef NHRP_SAMPLES_H
#define NHRP_SAMPLES_H

#include "nhrp_packet.h"

/* An IPv4 ICMP echo, the "packet causing the indication". */
extern const uint8_t nhrp_sample_ip_packet[36];

void nhrp_sample_addr4(struct nhrp_addr *a, uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3);

/* A CIE for 172.16.0.N at NBMA 198.51.100.N. */
void nhrp_sample_cie(struct nhrp_cie *c, uint8_t code, uint8_t n);

/* A packet of the given type as our daemon would send it. */
void nhrp_sample(struct nhrp_packet *p, uint8_t type);

/* Adds one of every extension we know plus an unknown optional one;
 * the first is the compulsory Cisco authentication "NHRPkey". */
void nhrp_sample_add_all_extensions(struct nhrp_packet *p);

#endif

/*
 * Interface names: IOS names (GigabitEthernet0/0, Tunnel0) and Linux names
 * (eth0), abbreviations (gi0/0, Gig 0/0, tun0) and the map file that ties
 * IOS names to Linux devices ("GigabitEthernet0/0 eth0" per line).
 */
#ifndef ROUTERD_IFMAP_H
#define ROUTERD_IFMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ifmap;
struct cli_tree;

/* Tells the engine the IOS interface types, for `?` and Tab at a name. */
void ifname_register_types(struct cli_tree *tree);

/* Reads a map file: "IOSNAME LINUXNAME" per line, '#' or '!' comments.
 * Returns NULL and a message ("FILE:LINE: ...") on a bad file. */
struct ifmap *ifmap_load(const char *path, char *err, size_t errlen);
struct ifmap *ifmap_new(void);
void ifmap_free(struct ifmap *map);
/* Adds a pair; the IOS name is canonicalised. -1 on a bad or duplicate name. */
int ifmap_add(struct ifmap *map, const char *ios, const char *linux_name);
const char *ifmap_linux(const struct ifmap *map, const char *ios);
const char *ifmap_ios(const struct ifmap *map, const char *linux_name);

/*
 * The canonical name of what the user typed:
 *  - a Linux name listed in the map becomes its IOS name;
 *  - an IOS type typed as a unique case-insensitive prefix followed by its
 *    number (gi0/0, Gig 0/0, tun0, Lo1) becomes the full IOS name, when the
 *    name contains '/', or the type is a virtual one (Tunnel, Loopback,
 *    Vlan, Port-channel), or the first letter is upper case — so that the
 *    Linux names eth0 and ens3 stay Linux names, while Eth0 is Ethernet0;
 *  - anything else that is a valid Linux device name (1-15 characters, no
 *    '/', ':' or blanks) is kept as typed.
 * Returns false with a message for a malformed name.
 */
bool ifname_canonical(const struct ifmap *map, const char *typed, char *out, size_t outlen,
		      char *err, size_t errlen);
/* The Linux device of a canonical name, for the kernel owner: the mapped
 * device; else the name itself when it is a valid Linux device name
 * (eth0, Tunnel0, Loopback0: virtual interfaces keep their IOS name);
 * else NULL (GigabitEthernet0/0 without a map line). */
const char *ifname_kernel(const struct ifmap *map, const char *canon);
bool ifname_is_tunnel(const char *canon);
/* The key of TunnelN as a VTI (tunnel mode ipsec ipv4): N + 1, unique per
 * tunnel and never 0 (mark 0 would match unmarked traffic). It is the
 * device's ikey/okey and the mark of its IPsec SAs and policies. 0 for a
 * name that is not TunnelN. */
uint32_t ifname_vti_key(const char *canon);
/* An IOS name (GigabitEthernet0/0), as opposed to a Linux one (eth0). */
bool ifname_is_ios(const char *canon);
/* Virtual interfaces are created by `interface X` and deleted by `no interface X`. */
bool ifname_is_virtual(const char *canon);
/* IOS show-run order: Loopback, Tunnel, then other IOS types, then Linux
 * names; numbers compared numerically. */
int ifname_compare(const char *a, const char *b);

#endif

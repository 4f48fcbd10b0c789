/*
 * The defines that libstrongswan's and libcharon's headers expect from the
 * config.h of strongSwan's own build (library.h refuses to compile without
 * CONFIG_H_INCLUDED). Only defines that change declarations or structure
 * layout matter; they must match Debian's build of the installed libcharon.
 * Included with -include by STRONGSWAN_CFLAGS, only in iked and its tests.
 */
#ifndef LIOS_STRONGSWAN_CONFIG_H
#define LIOS_STRONGSWAN_CONFIG_H

#define CONFIG_H_INCLUDED 1

/* As utils/utils.h defines it (no value), but before any system header. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

/* Debian builds with --enable-mediation: daemon_t, ike_sa_t, peer_cfg_t and
 * task_type_t carry extra members. Without ME the layout differs and charon
 * crashes in initialize(). */
#define ME 1

#define HAVE_STDBOOL_H 1
#define HAVE_CLOSEFROM 1	/* glibc >= 2.34 */
#define HAVE_SIGWAITINFO 1
#define HAVE_INT128 1
#define HAVE_EXPLICIT_BZERO 1
#define HAVE_QSORT_R 1
#define HAVE_QSORT_R_GNU 1
#define HAVE_STRUCT_SADB_X_POLICY_SADB_X_POLICY_PRIORITY 1
#define HAVE_IN6ADDR_ANY 1
#define HAVE_IN6_PKTINFO 1
#define HAVE_DLADDR 1
#define HAVE_BACKTRACE 1
#define HAVE_PTHREAD_CONDATTR_INIT 1
#define HAVE_PTHREAD_CONDATTR_SETCLOCK 1
#define HAVE_PTHREAD_CANCEL 1
#define HAVE_PTHREAD_RWLOCK_INIT 1
#define HAVE_PTHREAD_SPIN_INIT 1
#define HAVE_SEM_TIMEDWAIT 1
#define HAVE_MALLINFO2 1
#define USE_IKEV1 1
#define USE_IKEV2 1

#define IPSEC_DIR "/usr/lib/ipsec"
#define IPSEC_PIDDIR "/run"
#define IPSEC_SCRIPT "ipsec"
#define PLUGINDIR "/usr/lib/ipsec/plugins"
#define STRONGSWAN_CONF "/etc/strongswan.conf"

/* The strongSwan release these defines were checked against. Not called
 * VERSION: no strongSwan header uses that name, and autoconf's config.h of
 * this project defines it too (iked sources do not include config.h). */
#define STRONGSWAN_VERSION "5.9.8"

#endif

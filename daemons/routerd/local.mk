# routerd is built from three parts, each described in its own fragment:
#   engine.mk  the IOS command engine (librouterd_engine.a)
#   model.mk   the configuration model, commands, running-config, loader,
#              transactions (librouterd_model.a) and the routerd program (main.c)
#   server.mk  the session server behind include/routerd_server.h (librouterd_server.a)
include daemons/routerd/engine.mk
include daemons/routerd/model.mk
include daemons/routerd/server.mk
#   kernel.mk  the kernel owner: interfaces, tunnels, addresses, routes,
#              GRE keepalive and the show commands that read the kernel
include daemons/routerd/kernel.mk
#   ike.mk     the IKE owner: model -> ike_spec pushed to iked; show/clear crypto
include daemons/routerd/ike.mk
#   debug.mk   IKE debugging: debug crypto ikev2|isakmp, terminal monitor lines
include daemons/routerd/debug.mk
#   nhrp.mk    the NHRP owner: per-tunnel NHRP config pushed to dmvpnd; show dmvpn
include daemons/routerd/nhrp.mk

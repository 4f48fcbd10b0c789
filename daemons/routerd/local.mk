# routerd is built from three parts, each described in its own fragment:
#   engine.mk  the IOS command engine (librouterd_engine.a)
#   model.mk   the configuration model, commands, running-config (librouterd_model.a)
#   server.mk  the routerd program: socket server, sessions, -n
include daemons/routerd/engine.mk
include daemons/routerd/model.mk
include daemons/routerd/server.mk

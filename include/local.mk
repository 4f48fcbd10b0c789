noinst_HEADERS += include/lios.h include/strongswan_config.h include/cli_engine.h include/router.h include/routerd_server.h

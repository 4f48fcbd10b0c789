# lib/ipc.mk

# lib/kernel.mk

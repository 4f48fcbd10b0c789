# Code shared between programs, one fragment per concern:
#   ipc.mk     the Unix SEQPACKET message protocol between ish and the daemons
#   kernel.mk  the kernel interface (kernel_ops.h): libnl backend and fake
include lib/ipc.mk
include lib/kernel.mk

# util: logging, allocation, small helpers shared by every process.
LIBS += util
LIBSRCS_util := $(wildcard src/util/*.c)

# vcard: the emulated My Number card behind pcscd's vpcd driver (tests, demo).
BINS += madoguchi-vcard
SRCS_madoguchi-vcard := $(wildcard contrib/vcard/*.c)
LIBS_madoguchi-vcard := util
PKGS_madoguchi-vcard := libcrypto jansson

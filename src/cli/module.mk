# cli: the `madoguchi` program (UI and admin subcommands).
BINS += madoguchi
SRCS_madoguchi := $(wildcard src/cli/*.c)
LIBS_madoguchi := util
PKGS_madoguchi := libcrypto

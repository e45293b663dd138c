# cli: the `madoguchi` program (UI and admin subcommands). Modules add their
# library with LIBS_madoguchi += name and PKGS_madoguchi += pkg in their own
# module.mk; each subcommand is a src/cli/cmd_<name>.c with a row in main.c.
BINS += madoguchi
SRCS_madoguchi += $(wildcard src/cli/*.c)
LIBS_madoguchi += util
PKGS_madoguchi += libcrypto

# ui: the ncursesw runtime of `madoguchi ui` (screen stack, keys, drawing by
# display width) and the Japanese field editor. The screens themselves are
# in screens/ (their own library, screens/module.mk); `madoguchi ui` is
# src/cli/cmd_ui.c.
LIBS += ui
LIBSRCS_ui := $(wildcard src/ui/*.c)
LIBS_madoguchi += ui
PKGS_madoguchi += ncursesw

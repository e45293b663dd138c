# screens: one file per screen of the UI (const struct screen tables) and
# the screen table; built into their own library, linked into `madoguchi`.
LIBS += screens
LIBSRCS_screens := $(wildcard screens/*.c)
LIBS_madoguchi += screens

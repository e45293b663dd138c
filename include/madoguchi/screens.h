/*
 * The counter's screens (screens/, one const struct screen per file): the
 * table that `madoguchi ui` gives ui_run. Every screen is listed once in
 * screens/table.c; nothing else of the screens is public.
 */
#ifndef MADOGUCHI_SCREENS_PUBLIC_H
#define MADOGUCHI_SCREENS_PUBLIC_H

#include <stddef.h>

#include "madoguchi/ui.h"

/* Every screen, once; "menu" is the main menu. */
extern const struct screen *const screen_table[];
extern const size_t screen_table_len;

#endif

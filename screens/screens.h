/*
 * The screens of the counter UI, one per file in screens/, each exporting
 * one const struct screen. screens/table.c lists them once; the runtime
 * finds them by id (screen_find).
 */
#ifndef MADOGUCHI_SCREENS_H
#define MADOGUCHI_SCREENS_H

#include "madoguchi/ui.h"

extern const struct screen screen_menu;
extern const struct screen screen_maint;
extern const struct screen screen_search;
extern const struct screen screen_search_results;
extern const struct screen screen_person;
extern const struct screen screen_clerks;

#endif

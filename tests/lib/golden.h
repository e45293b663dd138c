/*
 * Golden screens: the whole screen of a vt (every row, trailing blanks
 * trimmed) compared with the checked-in text tests/golden/<name>.txt, as
 * tmux's and mandoc's regress tests compare their output. A mismatch
 * prints a row-numbered diff (expected vs got) to stderr. With
 * MADOGUCHI_GOLDEN_UPDATE=1 in the environment the file is written from
 * the screen instead (`make golden`).
 */
#ifndef MADOGUCHI_TEST_GOLDEN_H
#define MADOGUCHI_TEST_GOLDEN_H

#include <stddef.h>
#include <stdio.h>

#include "vt.h"

/*
 * A mask for a value that differs on every run and cannot be fixed by the
 * test's setup (a random serial, a letter's reference number): on every
 * row, wherever the text after is followed (past any blanks) by a run of
 * characters out of chars (ASCII, and never '\n'), each of them becomes
 * '#'. The same width, so the layout is still compared; no regular
 * expressions.
 */
struct golden_mask {
	const char	*after;
	const char	*chars;
};

/* 1 when MADOGUCHI_GOLDEN_UPDATE=1: goldens are rewritten, not compared. */
int golden_updating(void);
/* Apply the masks (n of them, masks may be NULL when n is 0) to a screen
 * text in place. */
void golden_mask_apply(char *screen, const struct golden_mask *masks,
    size_t n);
/* The first value mask m would hide on screen, into out (a reference
 * number read back to be typed); 0, or -1 when there is none or it does
 * not fit. */
int golden_mask_value(const char *screen, const struct golden_mask *m,
    char *out, size_t size);
/*
 * Compare the screen with tests/golden/<name>.txt (under the tree the test
 * runs from), masks applied. The screen is polled until it matches or ms
 * pass, so a screen still being drawn is not a failure; when updating, it
 * is taken once the program has printed nothing for a moment. 1 on match
 * (or written), 0 with the diff on stderr.
 */
int golden_check(struct vt *, const char *name, const struct golden_mask *,
    size_t nmasks, int ms);
/* Print the rows where two screens differ to out, unified-diff style:
 * "-NN|" expected, "+NN|" got, " NN|" a row of context, NN the row (the
 * file's line number). */
void golden_diff(FILE *out, const char *name, const char *expected,
    const char *got);

#endif

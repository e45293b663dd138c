/*
 * Golden screens (see golden.h). A golden file is the screen as vt_screen
 * gives it: one line per row, trailing blanks trimmed, every row there
 * (an empty row is an empty line), so line N of the file is row N of the
 * screen and the diff can name rows by line number.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "golden.h"

#define GOLDEN_DIR	"tests/golden"
#define GOLDEN_IDLE_MS	200	/* quiet this long: the screen is drawn */
#define GOLDEN_ROWS_MAX	256

int
golden_updating(void)
{
	const char *e = getenv("MADOGUCHI_GOLDEN_UPDATE");

	return e != NULL && strcmp(e, "1") == 0;
}

/* The next value of mask m at or after from: its start, its length in
 * *len; NULL when there is none. */
static char *
golden_mask_find(const char *from, const struct golden_mask *m, size_t *len)
{
	size_t alen = strlen(m->after);
	const char *p = from;

	if (alen == 0)
		return NULL;
	while ((p = strstr(p, m->after)) != NULL) {
		p += alen;
		p += strspn(p, " ");
		for (*len = 0; p[*len] != '\0' &&
		    strchr(m->chars, p[*len]) != NULL; (*len)++)
			;
		if (*len > 0)
			return (char *)p;
	}
	return NULL;
}

void
golden_mask_apply(char *screen, const struct golden_mask *masks, size_t n)
{
	size_t i, len;
	char *p;

	for (i = 0; i < n; i++)
		for (p = screen; (p = golden_mask_find(p, &masks[i], &len)) !=
		    NULL; p += len)
			memset(p, '#', len);
}

int
golden_mask_value(const char *screen, const struct golden_mask *m,
    char *out, size_t size)
{
	const char *p;
	size_t len;

	if ((p = golden_mask_find(screen, m, &len)) == NULL || len >= size)
		return -1;
	memcpy(out, p, len);
	out[len] = '\0';
	return 0;
}

/* The golden file's path; static buffer. */
static const char *
golden_path(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s/%s.txt", test_top_dir(),
	    GOLDEN_DIR, name);
	return path;
}

/* The whole file, or NULL when there is none; the caller frees it. */
static char *
golden_read(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap * 2 + 8192;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
	} while (got > 0);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

static int
golden_write(const char *path, const char *text)
{
	char tmp[4200];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	if ((f = fopen(tmp, "w")) == NULL) {
		fprintf(stderr, "golden: %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	fputs(text, f);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		fprintf(stderr, "golden: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Split text into lines in place: line starts into rows, their count. */
static size_t
golden_lines(char *text, char *rows[], size_t max)
{
	size_t n = 0;
	char *p = text, *nl;

	while (*p != '\0' && n < max) {
		rows[n++] = p;
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return n;
}

/* One row of the diff: mark, line number, text. */
static void
golden_diff_row(FILE *out, char mark, size_t i, const char *text)
{
	fprintf(out, "%c%02zu|%s\n", mark, i + 1, text);
}

void
golden_diff(FILE *out, const char *name, const char *expected, const char *got)
{
	char *e = strdup(expected), *g = strdup(got);
	char *er[GOLDEN_ROWS_MAX], *gr[GOLDEN_ROWS_MAX];
	unsigned char differs[GOLDEN_ROWS_MAX + 2] = { 0 };
	size_t ne = golden_lines(e, er, GOLDEN_ROWS_MAX);
	size_t ng = golden_lines(g, gr, GOLDEN_ROWS_MAX);
	size_t n = ne > ng ? ne : ng, i, j, shown;

	/* differs[i + 1] for row i, so rows -1 and n read as equal. */
	for (i = 0; i < n; i++)
		differs[i + 1] = i >= ne || i >= ng || strcmp(er[i], gr[i]) != 0;
	fprintf(out, "--- %s/%s.txt (expected)\n+++ screen (got)\n",
	    GOLDEN_DIR, name);
	for (i = 0, shown = (size_t)-1; i < n; i++) {
		if (!differs[i] && !differs[i + 1] && !differs[i + 2])
			continue;		/* not next to a change */
		if (shown != i)			/* a new hunk */
			fprintf(out, "@@ row %zu @@\n", i + 1);
		if (!differs[i + 1]) {
			golden_diff_row(out, ' ', i, er[i]);
			shown = i + 1;
			continue;
		}
		/* A run of changed rows: all of the expected, then all got. */
		for (j = i; j < n && differs[j + 1]; j++)
			if (j < ne)
				golden_diff_row(out, '-', j, er[j]);
		for (j = i; j < n && differs[j + 1]; j++)
			if (j < ng)
				golden_diff_row(out, '+', j, gr[j]);
		shown = j;
		i = j - 1;
	}
	free(e);
	free(g);
}

/* The screen as compared: masks applied. The caller frees it. */
static char *
golden_screen(struct vt *v, const struct golden_mask *masks, size_t n)
{
	char *s;

	vt_pump(v, 0);
	s = vt_screen(v);
	golden_mask_apply(s, masks, n);
	return s;
}

/* Wait until the program has printed nothing for GOLDEN_IDLE_MS (at most
 * ms in all). */
static void
golden_settle(struct vt *v, int ms)
{
	int waited;

	for (waited = 0; waited < ms; waited += GOLDEN_IDLE_MS)
		if (vt_pump(v, GOLDEN_IDLE_MS) <= 0)
			break;
}

static int
golden_update(struct vt *v, const char *name, const struct golden_mask *masks,
    size_t n, int ms)
{
	const char *path = golden_path(name);
	char *s, *old;
	int rc;

	golden_settle(v, ms);
	s = golden_screen(v, masks, n);
	old = golden_read(path);
	if (old == NULL || strcmp(old, s) != 0)
		fprintf(stderr, "golden: wrote %s/%s.txt\n", GOLDEN_DIR, name);
	rc = golden_write(path, s);
	free(old);
	free(s);
	return rc == 0;
}

int
golden_check(struct vt *v, const char *name, const struct golden_mask *masks,
    size_t n, int ms)
{
	const char *path = golden_path(name);
	char *want, *got = NULL;
	int waited, same;

	if (golden_updating())
		return golden_update(v, name, masks, n, ms);
	if ((want = golden_read(path)) == NULL) {
		fprintf(stderr, "golden: no %s/%s.txt (make golden writes it)\n",
		    GOLDEN_DIR, name);
		vt_dump(v, name);
		return 0;
	}
	for (waited = 0;; waited += 50) {
		free(got);
		got = golden_screen(v, masks, n);
		if ((same = strcmp(want, got) == 0) || waited >= ms)
			break;
		vt_pump(v, 50);
	}
	if (!same) {
		fprintf(stderr, "golden: screen %s differs "
		    "(make golden rewrites it)\n", name);
		golden_diff(stderr, name, want, got);
	}
	free(want);
	free(got);
	return same;
}

/*
 * The layout module: an A4 PDF surface from cairo, text from pango. The
 * cairo context stays in points (the PDF's unit) and pango's resolution is
 * set to 72 dpi, so a font size in points is a size on paper; positions
 * are given in millimetres and turned into points here.
 *
 * Fonts: the description names IPAex明朝 (or ゴシック) and then IPAmj明朝,
 * and fontconfig falls back further for anything neither has. A text
 * holding a variation selector is set in IPAmj明朝 first: IPAex has no
 * variation sequences, and the registered glyph is the point of the name.
 */
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "madoguchi/print.h"
#include "madoguchi/util.h"

#define PRINT_LINE_PT		0.5
#define PRINT_PAD_MM		1.8
#define PRINT_LABEL_MM		42.0
#define PRINT_BODY_PT		10.5

struct print_doc {
	cairo_surface_t	*surface;
	cairo_t		*cr;
	char		*path;
	double		 y;		/* cursor, mm from the top */
	int		 specimen;
};

/* The font families of a face, in order; a text with a variation selector
 * takes IPAmj明朝 first. */
static const char *const print_face_table[2][2] = {
	[PRINT_MINCHO] = { "IPAexMincho,IPAmjMincho", "IPAmjMincho,IPAexMincho" },
	[PRINT_GOTHIC] = { "IPAexGothic,IPAmjMincho", "IPAmjMincho,IPAexGothic" },
};

double
print_mm(double mm)
{
	return mm * 72.0 / 25.4;
}

/* U+FE00-U+FE0F (EF B8 80-8F) or U+E0100-U+E01EF (F3 A0 84 80-F3 A0 87 AF). */
static int
has_variation_selector(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (p[0] == 0xef && p[1] == 0xb8 && p[2] >= 0x80 && p[2] <= 0x8f)
			return 1;
		if (p[0] == 0xf3 && p[1] == 0xa0 && p[2] >= 0x84 && p[2] <= 0x87)
			return 1;
	}
	return 0;
}

static PangoLayout *
print_layout(struct print_doc *d, double w_mm, enum print_face face,
    double size_pt, enum print_align align, const char *text)
{
	PangoLayout *l = pango_cairo_create_layout(d->cr);
	PangoFontDescription *fd = pango_font_description_new();

	pango_cairo_context_set_resolution(pango_layout_get_context(l), 72.0);
	pango_layout_context_changed(l);
	pango_font_description_set_family(fd,
	    print_face_table[face][has_variation_selector(text)]);
	pango_font_description_set_size(fd, (gint)(size_pt * PANGO_SCALE));
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(print_mm(w_mm) * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align == PRINT_CENTER ? PANGO_ALIGN_CENTER :
	    align == PRINT_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	pango_layout_set_text(l, text, -1);
	return l;
}

static double
layout_height_mm(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE * 25.4 / 72.0;
}

/* The height text would take, in mm, without drawing it. */
static double
print_measure(struct print_doc *d, double w_mm, enum print_face face,
    double size_pt, const char *text)
{
	PangoLayout *l = print_layout(d, w_mm, face, size_pt, PRINT_LEFT, text);
	double h = layout_height_mm(l);

	g_object_unref(l);
	return h;
}

double
print_text(struct print_doc *d, double x_mm, double y_mm, double w_mm,
    enum print_face face, double size_pt, enum print_align align,
    const char *text)
{
	PangoLayout *l = print_layout(d, w_mm, face, size_pt, align, text);
	double h = layout_height_mm(l);

	cairo_move_to(d->cr, print_mm(x_mm), print_mm(y_mm));
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
	return h;
}

void
print_box(struct print_doc *d, double x_mm, double y_mm, double w_mm,
    double h_mm)
{
	cairo_set_line_width(d->cr, PRINT_LINE_PT);
	cairo_rectangle(d->cr, print_mm(x_mm), print_mm(y_mm), print_mm(w_mm),
	    print_mm(h_mm));
	cairo_stroke(d->cr);
}

void
print_line(struct print_doc *d, double x1_mm, double y1_mm, double x2_mm,
    double y2_mm)
{
	cairo_set_line_width(d->cr, PRINT_LINE_PT);
	cairo_move_to(d->cr, print_mm(x1_mm), print_mm(y1_mm));
	cairo_line_to(d->cr, print_mm(x2_mm), print_mm(y2_mm));
	cairo_stroke(d->cr);
}

static void
print_shade(struct print_doc *d, double x_mm, double y_mm, double w_mm,
    double h_mm)
{
	cairo_save(d->cr);
	cairo_set_source_rgb(d->cr, 0.90, 0.90, 0.90);
	cairo_rectangle(d->cr, print_mm(x_mm), print_mm(y_mm), print_mm(w_mm),
	    print_mm(h_mm));
	cairo_fill(d->cr);
	cairo_restore(d->cr);
}

/* 「見本」 at the top right in a red frame, and large and pale across the
 * page, under what is printed after it. */
static void
print_stamp(struct print_doc *d)
{
	PangoLayout *l;
	int w, h;

	cairo_save(d->cr);
	cairo_set_source_rgb(d->cr, 0.92, 0.80, 0.80);
	cairo_translate(d->cr, print_mm(PRINT_A4_W_MM / 2),
	    print_mm(PRINT_A4_H_MM / 2));
	cairo_rotate(d->cr, -M_PI / 6);
	l = print_layout(d, 200, PRINT_GOTHIC, 150, PRINT_LEFT, "見本");
	pango_layout_set_width(l, -1);
	pango_layout_get_size(l, &w, &h);
	cairo_move_to(d->cr, -(double)w / PANGO_SCALE / 2,
	    -(double)h / PANGO_SCALE / 2);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
	cairo_restore(d->cr);

	cairo_save(d->cr);
	cairo_set_source_rgb(d->cr, 0.8, 0.0, 0.0);
	print_text(d, PRINT_A4_W_MM - PRINT_MARGIN_MM - 24, 7, 24, PRINT_GOTHIC,
	    16, PRINT_CENTER, "見本");
	print_box(d, PRINT_A4_W_MM - PRINT_MARGIN_MM - 24, 6, 24, 9);
	cairo_restore(d->cr);
}

void
print_specimen_mark(struct print_doc *d)
{
	d->specimen = 1;
	print_stamp(d);
}

/* Documents open now, and whether the font caches are in use (a document
 * was opened since the last print_done). */
static int print_open_docs;
static int print_used;

/* At exit, the caches freed once nothing is open (ASan's leak check sees
 * a program that printed as clean); never earlier: a long-lived process
 * that reset cairo's static data between documents met its assertion of
 * a font still referenced. */
static void
print_exit(void)
{
	if (print_used && print_open_docs == 0)
		print_done();
}

struct print_doc *
print_doc_open(const char *path)
{
	static int registered;
	struct print_doc *d;
	int fd;

	/* cairo opens the file as fopen does (0666 less umask): make it
	 * first, private. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1) {
		log_warn("print: %s", path);
		return NULL;
	}
	close(fd);
	d = xmalloc(sizeof(*d));
	memset(d, 0, sizeof(*d));
	d->surface = cairo_pdf_surface_create(path, print_mm(PRINT_A4_W_MM),
	    print_mm(PRINT_A4_H_MM));
	if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS) {
		log_warnx("print: %s: %s", path,
		    cairo_status_to_string(cairo_surface_status(d->surface)));
		cairo_surface_destroy(d->surface);
		free(d);
		return NULL;
	}
	d->cr = cairo_create(d->surface);
	d->path = xstrdup(path);
	if (!registered && atexit(print_exit) == 0)
		registered = 1;
	print_open_docs++;
	print_used = 1;
	d->y = PRINT_MARGIN_MM;
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	return d;
}

int
print_doc_close(struct print_doc *d)
{
	cairo_status_t s;

	cairo_destroy(d->cr);
	cairo_surface_finish(d->surface);
	s = cairo_surface_status(d->surface);
	cairo_surface_destroy(d->surface);
	if (s != CAIRO_STATUS_SUCCESS)
		log_warnx("print: %s: %s", d->path, cairo_status_to_string(s));
	free(d->path);
	free(d);
	print_open_docs--;
	return s == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

double
print_y(const struct print_doc *d)
{
	return d->y;
}

void
print_set_y(struct print_doc *d, double y_mm)
{
	d->y = y_mm;
}

void
print_page_break(struct print_doc *d)
{
	cairo_show_page(d->cr);
	d->y = PRINT_MARGIN_MM;
	if (d->specimen)
		print_stamp(d);
}

void
print_need(struct print_doc *d, double mm)
{
	if (d->y + mm > PRINT_A4_H_MM - PRINT_MARGIN_MM &&
	    d->y > PRINT_MARGIN_MM)
		print_page_break(d);
}

void
print_gap(struct print_doc *d, double mm)
{
	d->y += mm;
	print_need(d, 0);
}

static double
print_width(void)
{
	return PRINT_A4_W_MM - 2 * PRINT_MARGIN_MM;
}

/* The width in mm text takes on one line. */
static double
print_natural(struct print_doc *d, enum print_face face, double size_pt,
    const char *text)
{
	PangoLayout *l = print_layout(d, 100, face, size_pt, PRINT_LEFT, text);
	int w, h;

	pango_layout_set_width(l, -1);
	pango_layout_get_size(l, &w, &h);
	g_object_unref(l);
	return (double)w / PANGO_SCALE * 25.4 / 72.0;
}

/* A title is set on one line where it can be: the seed's longest (44
 * characters) fits at 11 pt; below that it wraps. */
#define PRINT_TITLE_PT		16.0
#define PRINT_TITLE_MIN_PT	11.0

void
print_title(struct print_doc *d, const char *text)
{
	double pt = PRINT_TITLE_PT, h;

	while (pt > PRINT_TITLE_MIN_PT && print_natural(d, PRINT_GOTHIC, pt,
	    text) > print_width())
		pt -= 0.5;
	h = print_measure(d, print_width(), PRINT_GOTHIC, pt, text);
	print_need(d, h + 6);
	print_text(d, PRINT_MARGIN_MM, d->y, print_width(), PRINT_GOTHIC, pt,
	    PRINT_CENTER, text);
	d->y += h + 2;
	print_line(d, PRINT_MARGIN_MM, d->y, PRINT_MARGIN_MM + print_width(),
	    d->y);
	print_line(d, PRINT_MARGIN_MM, d->y + 0.8, PRINT_MARGIN_MM +
	    print_width(), d->y + 0.8);
	d->y += 5;
}

void
print_heading(struct print_doc *d, const char *text)
{
	double h = print_measure(d, print_width(), PRINT_GOTHIC, 11, text);

	print_need(d, h + 12);
	print_text(d, PRINT_MARGIN_MM, d->y, print_width(), PRINT_GOTHIC, 11,
	    PRINT_LEFT, text);
	d->y += h + 1.5;
}

void
print_row(struct print_doc *d, const char *label, const char *value)
{
	double vw = print_width() - PRINT_LABEL_MM - 2 * PRINT_PAD_MM;
	double lh = print_measure(d, PRINT_LABEL_MM - 2 * PRINT_PAD_MM,
	    PRINT_GOTHIC, PRINT_BODY_PT, label);
	double vh = print_measure(d, vw, PRINT_MINCHO, PRINT_BODY_PT + 1,
	    value);
	double h = fmax(fmax(lh, vh) + 2 * PRINT_PAD_MM, 9.0);
	double x = PRINT_MARGIN_MM;

	print_need(d, h);
	print_shade(d, x, d->y, PRINT_LABEL_MM, h);
	print_text(d, x + PRINT_PAD_MM, d->y + (h - lh) / 2, PRINT_LABEL_MM - 2 *
	    PRINT_PAD_MM, PRINT_GOTHIC, PRINT_BODY_PT, PRINT_LEFT, label);
	print_text(d, x + PRINT_LABEL_MM + PRINT_PAD_MM, d->y + (h - vh) / 2, vw,
	    PRINT_MINCHO, PRINT_BODY_PT + 1, PRINT_LEFT, value);
	print_box(d, x, d->y, PRINT_LABEL_MM, h);
	print_box(d, x + PRINT_LABEL_MM, d->y, print_width() - PRINT_LABEL_MM, h);
	d->y += h;
}

void
print_para(struct print_doc *d, const char *text)
{
	double h = print_measure(d, print_width(), PRINT_MINCHO, PRINT_BODY_PT,
	    text);

	print_need(d, h);
	print_text(d, PRINT_MARGIN_MM, d->y, print_width(), PRINT_MINCHO,
	    PRINT_BODY_PT, PRINT_LEFT, text);
	d->y += h + 1.5;
}

/* Cells of one '\t'-separated line into cell[], at most n; the count. */
static size_t
split_cells(char *line, char **cell, size_t n)
{
	size_t i = 0;

	while (i < n) {
		cell[i++] = line;
		line = strchr(line, '\t');
		if (line == NULL)
			break;
		*line++ = '\0';
	}
	return i;
}

#define PRINT_CELLS_MAX	8

static void
table_line(struct print_doc *d, const char *line, const double *cw,
    size_t ncol, int head)
{
	char *copy = xstrdup(line), *cell[PRINT_CELLS_MAX];
	size_t n = split_cells(copy, cell, ncol), i;
	double h = 0, x = PRINT_MARGIN_MM;
	enum print_face face = head ? PRINT_GOTHIC : PRINT_MINCHO;

	for (i = 0; i < n; i++)
		h = fmax(h, print_measure(d, cw[i] - 2 * PRINT_PAD_MM, face,
		    PRINT_BODY_PT, cell[i]));
	h = fmax(h + 2 * PRINT_PAD_MM, 8.0);
	print_need(d, h);
	if (head)
		print_shade(d, PRINT_MARGIN_MM, d->y, print_width(), h);
	for (i = 0; i < ncol; i++) {
		if (i < n)
			print_text(d, x + PRINT_PAD_MM, d->y + PRINT_PAD_MM, cw[i] -
			    2 * PRINT_PAD_MM, face, PRINT_BODY_PT, head ?
			    PRINT_CENTER : PRINT_LEFT, cell[i]);
		print_box(d, x, d->y, cw[i], h);
		x += cw[i];
	}
	d->y += h;
	free(copy);
}

/* Column widths: each column's widest cell on one line, the room left
 * shared out alike; when they do not fit, in proportion. */
static void
table_widths(struct print_doc *d, const char *head, const char *rows,
    double *cw, size_t ncol)
{
	char *copy = xstrdup(rows), *line, *save = NULL, *h = xstrdup(head);
	char *cell[PRINT_CELLS_MAX];
	double total = 0, w;
	size_t i, n;

	for (i = 0; i < ncol; i++)
		cw[i] = 0;
	n = split_cells(h, cell, ncol);
	for (i = 0; i < n; i++)
		cw[i] = print_natural(d, PRINT_GOTHIC, PRINT_BODY_PT, cell[i]);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		n = split_cells(line, cell, ncol);
		for (i = 0; i < n; i++)
			cw[i] = fmax(cw[i], print_natural(d, PRINT_MINCHO,
			    PRINT_BODY_PT, cell[i]));
	}
	for (i = 0; i < ncol; i++) {
		cw[i] += 2 * PRINT_PAD_MM + 1;
		total += cw[i];
	}
	w = print_width();
	for (i = 0; i < ncol; i++)
		cw[i] = total <= w ? cw[i] + (w - total) / (double)ncol :
		    cw[i] * w / total;
	free(h);
	free(copy);
}

void
print_table(struct print_doc *d, const char *head, const char *rows)
{
	char *copy = xstrdup(rows), *line, *save = NULL;
	double cw[PRINT_CELLS_MAX];
	size_t ncol = 1;
	const char *p;

	for (p = head; *p != '\0'; p++)
		ncol += *p == '\t';
	if (ncol > PRINT_CELLS_MAX)
		ncol = PRINT_CELLS_MAX;
	table_widths(d, head, rows, cw, ncol);
	print_need(d, 20);
	table_line(d, head, cw, ncol, 1);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		table_line(d, line, cw, ncol, 0);
	free(copy);
}

void
print_done(void)
{
	print_used = 0;
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

/* ---- Letters ---- */

#define PRINT_SIDE_X_MM		118.0
#define PRINT_NO_FORWARD_W_MM	22.0

void
print_address(struct print_doc *d, const char *postcode, const char *address,
    const char *name, int no_forward)
{
	double x = PRINT_WINDOW_X_MM + PRINT_WINDOW_PAD_MM;
	double y = PRINT_WINDOW_Y_MM + PRINT_WINDOW_PAD_MM;
	double w = PRINT_WINDOW_W_MM - 2 * PRINT_WINDOW_PAD_MM;
	char *s;

	if (no_forward) {
		/* Red, as the post office's own 転送不要 stamps are. */
		cairo_save(d->cr);
		cairo_set_source_rgb(d->cr, 0.8, 0.0, 0.0);
		print_text(d, x + w - PRINT_NO_FORWARD_W_MM, y + 1.0,
		    PRINT_NO_FORWARD_W_MM, PRINT_GOTHIC, 11, PRINT_CENTER,
		    "転送不要");
		print_box(d, x + w - PRINT_NO_FORWARD_W_MM, y, PRINT_NO_FORWARD_W_MM,
		    7.2);
		cairo_restore(d->cr);
	}
	/* No postcode on record: a blank the clerk fills in by hand. */
	s = xasprintf("〒 %s", postcode != NULL && *postcode != '\0' ?
	    postcode : "　　　 － 　　　　");
	print_text(d, x, y, w - PRINT_NO_FORWARD_W_MM - 2, PRINT_MINCHO, 11,
	    PRINT_LEFT, s);
	free(s);
	y += 8.5;
	y += print_text(d, x, y, w, PRINT_MINCHO, 11, PRINT_LEFT,
	    address != NULL ? address : "") + 3.5;
	s = xasprintf("%s　様", name != NULL ? name : "");
	print_text(d, x + 4, y, w - 4, PRINT_MINCHO, 15, PRINT_LEFT, s);
	free(s);
}

double
print_side(struct print_doc *d, double y_mm, const char *text)
{
	return print_text(d, PRINT_SIDE_X_MM, y_mm, PRINT_A4_W_MM -
	    PRINT_MARGIN_MM - PRINT_SIDE_X_MM, PRINT_MINCHO, PRINT_BODY_PT,
	    PRINT_RIGHT, text);
}

void
print_blank_row(struct print_doc *d, const char *label, double h_mm)
{
	double lh = print_measure(d, PRINT_LABEL_MM - 2 * PRINT_PAD_MM,
	    PRINT_GOTHIC, PRINT_BODY_PT, label);
	double x = PRINT_MARGIN_MM;

	print_need(d, h_mm);
	print_shade(d, x, d->y, PRINT_LABEL_MM, h_mm);
	print_text(d, x + PRINT_PAD_MM, d->y + (h_mm - lh) / 2, PRINT_LABEL_MM -
	    2 * PRINT_PAD_MM, PRINT_GOTHIC, PRINT_BODY_PT, PRINT_LEFT, label);
	print_box(d, x, d->y, PRINT_LABEL_MM, h_mm);
	print_box(d, x + PRINT_LABEL_MM, d->y, print_width() - PRINT_LABEL_MM,
	    h_mm);
	d->y += h_mm;
}

/* ---- Parts of application forms ---- */

#define PRINT_LABEL2_MM		26.0
#define PRINT_CAPTION_PT	8.5
#define PRINT_SIGN_MM		30.0

/* The height of a label/value cell pair whose label is lw wide in a cell
 * w wide: the taller text and its padding, 9 mm at least. */
static double
pair_height(struct print_doc *d, double w, double lw, const char *label,
    const char *value)
{
	double lh = print_measure(d, lw - 2 * PRINT_PAD_MM, PRINT_GOTHIC,
	    PRINT_BODY_PT, label);
	double vh = print_measure(d, w - lw - 2 * PRINT_PAD_MM, PRINT_MINCHO,
	    PRINT_BODY_PT + 1, value);

	return fmax(fmax(lh, vh) + 2 * PRINT_PAD_MM, 9.0);
}

/* The pair drawn at the cursor, h high, x from the left edge. */
static void
pair_draw(struct print_doc *d, double x, double w, double lw, double h,
    const char *label, const char *value)
{
	double lh = print_measure(d, lw - 2 * PRINT_PAD_MM, PRINT_GOTHIC,
	    PRINT_BODY_PT, label);
	double vh = print_measure(d, w - lw - 2 * PRINT_PAD_MM, PRINT_MINCHO,
	    PRINT_BODY_PT + 1, value);

	print_shade(d, x, d->y, lw, h);
	print_text(d, x + PRINT_PAD_MM, d->y + (h - lh) / 2, lw - 2 *
	    PRINT_PAD_MM, PRINT_GOTHIC, PRINT_BODY_PT, PRINT_LEFT, label);
	print_text(d, x + lw + PRINT_PAD_MM, d->y + (h - vh) / 2, w - lw - 2 *
	    PRINT_PAD_MM, PRINT_MINCHO, PRINT_BODY_PT + 1, PRINT_LEFT, value);
	print_box(d, x, d->y, lw, h);
	print_box(d, x + lw, d->y, w - lw, h);
}

void
print_row2(struct print_doc *d, const char *label1, const char *value1,
    const char *label2, const char *value2)
{
	double half = print_width() / 2, h;

	h = fmax(pair_height(d, half, PRINT_LABEL_MM, label1, value1),
	    pair_height(d, half, PRINT_LABEL2_MM, label2, value2));
	print_need(d, h);
	pair_draw(d, PRINT_MARGIN_MM, half, PRINT_LABEL_MM, h, label1, value1);
	pair_draw(d, PRINT_MARGIN_MM + half, half, PRINT_LABEL2_MM, h, label2,
	    value2);
	d->y += h;
}

/* 1 if choice is one of the '\t'-separated words of chosen. */
static int
is_chosen(const char *chosen, const char *choice)
{
	size_t n = strlen(choice);
	const char *p;

	for (p = chosen; p != NULL && *p != '\0'; p = strchr(p, '\t')) {
		if (*p == '\t')
			p++;
		if (strncmp(p, choice, n) == 0 && (p[n] == '\t' || p[n] == '\0'))
			return 1;
	}
	return 0;
}

void
print_checks(struct print_doc *d, const char *label, const char *choices,
    const char *chosen)
{
	char *copy = xstrdup(choices), *cell[PRINT_CELLS_MAX], *line, *old;
	size_t n = split_cells(copy, cell, PRINT_CELLS_MAX), i;

	/* ■ marks what the record says, □ the rest; the marks are drawn in
	 * the text so that a copy read back (pdftotext) says the same. */
	line = xstrdup("");
	for (i = 0; i < n; i++) {
		old = line;
		line = xasprintf("%s%s%s %s", old, i > 0 ? "　　" : "",
		    is_chosen(chosen, cell[i]) ? "■" : "□", cell[i]);
		free(old);
	}
	print_row(d, label, line);
	free(line);
	free(copy);
}

void
print_caption(struct print_doc *d, enum print_align align, const char *text)
{
	double h = print_measure(d, print_width(), PRINT_MINCHO,
	    PRINT_CAPTION_PT, text);

	/* Clear of a frame above it. */
	print_need(d, h + 0.8);
	d->y += 0.8;
	print_text(d, PRINT_MARGIN_MM, d->y, print_width(), PRINT_MINCHO,
	    PRINT_CAPTION_PT, align, text);
	d->y += h + 1;
}

void
print_sign(struct print_doc *d, const char *statement, const char *label)
{
	double x = PRINT_MARGIN_MM, w = print_width(), top, sh, lh;

	sh = print_measure(d, w - 2 * PRINT_PAD_MM, PRINT_MINCHO, PRINT_BODY_PT,
	    statement);
	print_need(d, sh + 2 * PRINT_PAD_MM + 8 + PRINT_SIGN_MM);
	top = d->y;
	print_text(d, x + PRINT_PAD_MM, d->y + PRINT_PAD_MM, w - 2 *
	    PRINT_PAD_MM, PRINT_MINCHO, PRINT_BODY_PT, PRINT_LEFT, statement);
	d->y += sh + 2 * PRINT_PAD_MM;
	/* The applicant dates it by hand: the day they sign, not ours. */
	print_text(d, x + PRINT_PAD_MM, d->y, w - 2 * PRINT_PAD_MM,
	    PRINT_MINCHO, PRINT_BODY_PT + 1, PRINT_RIGHT,
	    "記入日　　令和　　　年　　　月　　　日");
	d->y += 8;
	lh = print_measure(d, PRINT_LABEL_MM - 2 * PRINT_PAD_MM, PRINT_GOTHIC,
	    PRINT_BODY_PT, label);
	print_shade(d, x, d->y, PRINT_LABEL_MM, PRINT_SIGN_MM - 8);
	print_text(d, x + PRINT_PAD_MM, d->y + (PRINT_SIGN_MM - 8 - lh) / 2,
	    PRINT_LABEL_MM - 2 * PRINT_PAD_MM, PRINT_GOTHIC, PRINT_BODY_PT,
	    PRINT_CENTER, label);
	print_box(d, x, d->y, PRINT_LABEL_MM, PRINT_SIGN_MM - 8);
	print_box(d, x + PRINT_LABEL_MM, d->y, w - PRINT_LABEL_MM,
	    PRINT_SIGN_MM - 8);
	d->y += PRINT_SIGN_MM - 8;
	/* The whole block framed as one, heavier: the applicant's part. */
	cairo_save(d->cr);
	cairo_set_line_width(d->cr, 1.2);
	cairo_rectangle(d->cr, print_mm(x), print_mm(top), print_mm(w),
	    print_mm(d->y - top));
	cairo_stroke(d->cr);
	cairo_restore(d->cr);
	d->y += 1.5;
}

#define PRINT_STAMP_MM		16.0

void
print_stamps(struct print_doc *d, const char *labels)
{
	char *copy = xstrdup(labels), *cell[PRINT_CELLS_MAX];
	size_t n = split_cells(copy, cell, PRINT_CELLS_MAX), i;
	double x = PRINT_MARGIN_MM + print_width() - PRINT_STAMP_MM * n;

	/* Right-aligned, as the city's own columns of seals are: a shaded
	 * label over an empty square each. */
	print_need(d, 7 + PRINT_STAMP_MM);
	for (i = 0; i < n; i++, x += PRINT_STAMP_MM) {
		print_shade(d, x, d->y, PRINT_STAMP_MM, 7);
		print_text(d, x, d->y + 1.5, PRINT_STAMP_MM, PRINT_GOTHIC,
		    PRINT_CAPTION_PT + 0.5, PRINT_CENTER, cell[i]);
		print_box(d, x, d->y, PRINT_STAMP_MM, 7);
		print_box(d, x, d->y + 7, PRINT_STAMP_MM, PRINT_STAMP_MM);
	}
	d->y += 7 + PRINT_STAMP_MM;
	free(copy);
}

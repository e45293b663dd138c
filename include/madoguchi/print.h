/*
 * Printed forms as PDF (issue 15): an A4 document drawn with cairo, text
 * laid out with pango in IPAex明朝/ゴシック, falling back to IPAmj明朝 for
 * registry characters beyond them (𠮷, variation sequences). Fonts are
 * embedded as subsets with Unicode maps (cairo's PDF surface does it).
 *
 * Two layers: a small layout API (print_doc_*, positions in millimetres
 * from the top left of the page, a cursor that flows down and breaks
 * pages), and forms as data: a const struct print_form is a list of items
 * (title, rows, tables, paragraphs) whose values come from named fields.
 * A new form is one template file (src/print/form_<name>.c) and one row in
 * print_form_table.
 */
#ifndef MADOGUCHI_PRINT_H
#define MADOGUCHI_PRINT_H

#include <stddef.h>

#include "madoguchi/rules.h"	/* enum rules_form: a form's seed title */

/* A4 in millimetres; the margins of every form. */
#define PRINT_A4_W_MM		210.0
#define PRINT_A4_H_MM		297.0
#define PRINT_MARGIN_MM		18.0

/* Points (the PDF's unit) from millimetres. */
double print_mm(double mm);

enum print_face {
	PRINT_MINCHO,	/* IPAex明朝, IPAmj明朝 for what it lacks */
	PRINT_GOTHIC,	/* IPAexゴシック, then IPAmj明朝 */
};

enum print_align {
	PRINT_LEFT,
	PRINT_CENTER,
	PRINT_RIGHT,
};

struct print_doc;

/* A new A4 PDF at path (mode 0600: it may hold personal data; written when
 * closed); NULL on failure (logged). */
struct print_doc *print_doc_open(const char *path);
/* Finish the file: 0, or -1 when cairo could not write it (logged). */
int print_doc_close(struct print_doc *);
/* Free the font caches of pango, cairo and fontconfig, once no document
 * is open. The first print_doc_open registers it to run at exit (when no
 * document is open): a long-lived program never calls it itself, as
 * printing again after it met cairo's assertions. */
void print_done(void);

/* The cursor: how far down the page the next block goes (mm). */
double print_y(const struct print_doc *);
void print_set_y(struct print_doc *, double y_mm);
/* Move down by mm; a new page when the rest would not fit. */
void print_gap(struct print_doc *, double mm);
/* A new page if fewer than mm are left below the cursor. */
void print_need(struct print_doc *, double mm);
void print_page_break(struct print_doc *);

/* Text in a box of width w_mm at (x_mm, y_mm), wrapped; its height in mm. */
double print_text(struct print_doc *, double x_mm, double y_mm, double w_mm,
    enum print_face, double size_pt, enum print_align, const char *text);
/* A rectangle frame, and a line, 0.5 pt. */
void print_box(struct print_doc *, double x_mm, double y_mm, double w_mm,
    double h_mm);
void print_line(struct print_doc *, double x1_mm, double y1_mm, double x2_mm,
    double y2_mm);

/* Flowing blocks at the cursor, across the width between the margins. */
void print_title(struct print_doc *, const char *text);
void print_heading(struct print_doc *, const char *text);
/* A framed row: the label in a shaded cell, the value beside it. */
void print_row(struct print_doc *, const char *label, const char *value);
void print_para(struct print_doc *, const char *text);
/* A framed table: head and rows are lines of '\t'-separated cells. */
void print_table(struct print_doc *, const char *head, const char *rows);
/* 「見本」 stamped across the page (specimens only). */
void print_specimen_mark(struct print_doc *);

/* Parts of application forms, flowing at the cursor. */
/* Two label/value pairs side by side on one framed row. */
void print_row2(struct print_doc *, const char *label1, const char *value1,
    const char *label2, const char *value2);
/* A framed row of check boxes: each of choices ('\t'-separated) marked ■
 * when it is one of chosen ('\t'-separated; NULL or "" for none), □ when
 * not. */
void print_checks(struct print_doc *, const char *label, const char *choices,
    const char *chosen);
/* A line of small text (a form's number above its title, a note). */
void print_caption(struct print_doc *, enum print_align, const char *text);
/* The applicant's part, framed: the statement they sign to, a date line
 * they fill in by hand (記入日 令和 年 月 日), the label (申請者署名) and
 * room to sign. */
void print_sign(struct print_doc *, const char *statement, const char *label);
/* The city's seal columns at the right: each of labels ('\t'-separated:
 * 受付, 確認, ...) over an empty square. */
void print_stamps(struct print_doc *, const char *labels);

/* ---- Forms as data ---- */

enum print_item_kind {
	PRINT_ITEM_TITLE,	/* text: the form's title */
	PRINT_ITEM_RIGHT,	/* field, right-aligned (the date line) */
	PRINT_ITEM_HEADING,	/* text; left out when its field is absent */
	PRINT_ITEM_ROW,		/* text: label, field: value */
	PRINT_ITEM_TABLE,	/* text: head cells, field: rows ("" prints
				 * (なし)); left out when the field is absent */
	PRINT_ITEM_PARA,	/* field, or text when field is NULL */
	PRINT_ITEM_GAP,		/* mm */
	PRINT_ITEM_PAGE,	/* a page break */
	/* Letters (print_address and the blocks around it): */
	PRINT_ITEM_ADDRESS,	/* the addressee in the envelope window, from
				 * the fields postcode, address, name and
				 * no_forward; the cursor stays */
	PRINT_ITEM_SIDE,	/* field (or text): lines right-aligned in the
				 * right-hand column beside the window */
	PRINT_ITEM_AT,		/* the cursor to mm from the top */
	PRINT_ITEM_CORNER,	/* field (or text) small at the top left: the
				 * form's number */
	PRINT_ITEM_BLANK,	/* text: label of a framed row mm high left
				 * empty to write in (a signature) */
	PRINT_ITEM_ROW2,	/* text: "label1\tlabel2", field: "f1\tf2" */
	PRINT_ITEM_CHECKS,	/* text: "label\tchoice\tchoice...", field:
				 * the chosen ones, '\t'-separated */
	PRINT_ITEM_CAPTION,	/* field, or text when field is NULL; small */
	PRINT_ITEM_SIGN,	/* text: "statement\tlabel" */
	PRINT_ITEM_STAMPS,	/* text: the seal columns' labels, '\t'-separated */
};

struct print_item {
	enum print_item_kind	 kind;
	const char		*text;
	const char		*field;
	double			 mm;
};

/* A value for a template's named field. */
struct print_field {
	const char	*name;
	const char	*value;
};

struct print_form {
	const char			*name;	/* file name: receipt.pdf */
	const char			*title;	/* NULL: the seed's, of form */
	const struct print_item		*items;
	size_t				 nitems;
	const struct print_field	*specimen;	/* invented data */
	size_t				 nspecimen;
	enum rules_form			 form;	/* a form of the seed: its
						 * name above the title, or
						 * in the corner item of a
						 * template with one */
};

/* The title as printed: the template's, or the seed's title of its form
 * (rules_form_title), never a copy. */
const char *print_form_title(const struct print_form *);
/* The template of a seed form by its name as stored ("様式第1号"); NULL
 * when there is none. */
const struct print_form *print_form_find(const char *form_name);

extern const struct print_form print_form_receipt;
/* The application forms the rules core can choose, filled for the
 * applicant to check and sign (form_app_*.c). */
extern const struct print_form print_form_app_1, print_form_app_3,
    print_form_app_7, print_form_app_8, print_form_app_10,
    print_form_app_11, print_form_app_12, print_form_app_13,
    print_form_app_card_3, print_form_app_card_4, print_form_app_card_5,
    print_form_app_card_8, print_form_app_card_10, print_form_app_card_13,
    print_form_app_card_14, print_form_app_card_16, print_form_app_card_17,
    print_form_app_card_18, print_form_app_card_19, print_form_app_notice_4,
    print_form_app_notice_6;

/* Every form `madoguchi print specimen` writes, in order. */
extern const struct print_form *const print_form_table[];
extern const size_t print_form_count;

/* The form filled from fields (a missing field prints empty), written to
 * path; specimen stamps 「見本」 on every page. 0, or -1 (logged). */
int print_form_write(const struct print_form *, const struct print_field *,
    size_t nfields, int specimen, const char *path);

/* ---- Letters: the envelope window and the blocks around it ---- */

/*
 * The window of the common 長形3号 window envelope an A4 letter folded in
 * three goes into (held sideways, the window at its top left): about
 * 90 x 45 mm, 23 mm from the left and 13-15 mm from the top edge. Not a
 * standard: the sizes stationers sell for 長3 窓付き封筒; the folded sheet's
 * top third lies behind the front as the page's top left, so these are
 * page positions too. What is printed keeps 4 mm inside them, the play of
 * a folded sheet in its envelope.
 */
#define PRINT_WINDOW_X_MM	23.0
#define PRINT_WINDOW_Y_MM	15.0
#define PRINT_WINDOW_W_MM	90.0
#define PRINT_WINDOW_H_MM	45.0
#define PRINT_WINDOW_PAD_MM	4.0

/* The addressee where the envelope's window shows it: 〒 and the
 * postcode (a blank to write in when postcode is "" or NULL), the
 * address, and the name with 様; 「転送不要」 framed at the window's top
 * right when no_forward, for the post office to see through the window.
 * The cursor does not move. */
void print_address(struct print_doc *, const char *postcode,
    const char *address, const char *name, int no_forward);
/* Lines right-aligned in the right-hand column (beside the window) from
 * y_mm; the height in mm. */
double print_side(struct print_doc *, double y_mm, const char *text);
/* A framed row whose value cell is left empty, h_mm high, to be written
 * in by hand (a signature, a seal). */
void print_blank_row(struct print_doc *, const char *label, double h_mm);

/* The inquiry/reply letters (照会書兼回答書), one item list for all five:
 * their titles are the seed's (rules_form_title). */
extern const struct print_form print_form_letter_2;
extern const struct print_form print_form_letter_4;
extern const struct print_form print_form_letter_9;
extern const struct print_form print_form_letter_card_20;
extern const struct print_form print_form_letter_card_23;
/* The J-LIS mailing: the list of request forms (請求書一覧) and the cover
 * sheet (送付書); the daily close (日計表). */
extern const struct print_form print_form_mail_list;
extern const struct print_form print_form_mail_cover;
extern const struct print_form print_form_close;

#endif

/*
 * Reads CSV rows field by field into one buffer per row. Quoted fields may
 * hold commas, doubled quotes and line breaks; a row longer than the buffer
 * or with too many fields is reported, not truncated.
 */
#include <string.h>

#include "csv.h"

static int
csv_skip_line(FILE *f, long *lineno)
{
	int c;

	while ((c = getc(f)) != EOF && c != '\n')
		;
	(*lineno)++;
	return -1;
}

int
csv_read_row(FILE *f, struct csv_row *row, long *lineno, const char **why)
{
	size_t n = 0;
	int c, quoted = 0, field_start = 1, after_quote = 0;

	row->nfields = 0;
	row->nul_field = 0;
	row->line = *lineno + 1;
	c = getc(f);
	if (c == EOF)
		return 0;
	ungetc(c, f);
	row->fields[row->nfields++] = row->buf;
	for (;;) {
		c = getc(f);
		if (c == EOF && quoted) {
			*why = "quoted field not closed";
			(*lineno)++;
			return -1;
		}
		if (c == EOF || (!quoted && c == '\n')) {
			if (n > 0 && row->buf[n - 1] == '\r' && !after_quote)
				n--;
			row->buf[n] = '\0';
			(*lineno)++;
			return 1;
		}
		if (c == '\0') {
			if (row->nul_field == 0)
				row->nul_field = row->nfields;
			continue;
		}
		if (n + 2 >= sizeof(row->buf)) {
			*why = "row too long";
			return csv_skip_line(f, lineno);
		}
		if (quoted) {
			if (c == '"') {
				int d = getc(f);
				if (d == '"') {
					row->buf[n++] = '"';
					continue;
				}
				ungetc(d, f);
				quoted = 0;
				after_quote = 1;
				continue;
			}
			if (c == '\n')
				(*lineno)++;
			row->buf[n++] = (char)c;
			continue;
		}
		if (c == '"' && field_start) {
			quoted = 1;
			field_start = 0;
			continue;
		}
		if (c == ',') {
			row->buf[n++] = '\0';
			if (row->nfields == CSV_MAX_FIELDS) {
				*why = "too many fields";
				return csv_skip_line(f, lineno);
			}
			row->fields[row->nfields++] = row->buf + n;
			field_start = 1;
			after_quote = 0;
			continue;
		}
		if (after_quote && c != '\r') {
			*why = "text after a closing quote";
			return csv_skip_line(f, lineno);
		}
		field_start = 0;
		row->buf[n++] = (char)c;
	}
}

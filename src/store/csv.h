/* A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF. */
#ifndef MADOGUCHI_STORE_CSV_H
#define MADOGUCHI_STORE_CSV_H

#include <stdio.h>

#define CSV_MAX_FIELDS	32
#define CSV_MAX_LINE	8192

struct csv_row {
	int	 nfields;
	char	*fields[CSV_MAX_FIELDS];	/* point into buf */
	char	 buf[CSV_MAX_LINE];
	long	 line;				/* first line of the row, from 1 */
	int	 nul_field;			/* first field (from 1) that held
						 * a NUL byte, 0 none; the NUL
						 * is left out, the caller
						 * refuses the row */
};

/* Read the next row from f. 1 for a row (a NUL byte in it is said by
 * nul_field, never cuts the field), 0 at end of file, -1 for a malformed
 * row (*why says what; the reader skips to the next line). */
int csv_read_row(FILE *f, struct csv_row *row, long *lineno,
    const char **why);

#endif

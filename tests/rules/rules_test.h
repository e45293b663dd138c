/*
 * Shared parts of the rules tests. A row names the rule id it is about, says
 * whether the decision must cite it (on) or must not (off), gives the case
 * as a patch over a base case (an adult resident renewing nothing, issuing
 * both certs at the Citizens Division with a driver's licence) and the
 * fields the decision must have. JSON in rows is written with single
 * quotes, turned into double quotes before parsing.
 */
#ifndef RULES_TEST_H
#define RULES_TEST_H

#include <stddef.h>

struct rule_row {
	const char	*rule;		/* "R2.3" */
	int		 on;		/* 1: cited, 0: not cited */
	const char	*patch;		/* top-level fields over the base case */
	const char	*expect;	/* decision fields; "reason": a substring */
};

struct rule_table {
	const char		*name;
	const struct rule_row	*rows;
	size_t			 n;
};

/* Every table of rows, for the coverage test. */
extern const struct rule_table rules_test_tables[];
extern const size_t rules_test_ntables;

/* Run one table; returns the number of failing rows (printed). */
int rules_test_run(const struct rule_table *t);
/* Double-quote a single-quoted JSON text; caller frees. */
char *rules_test_json(const char *single);

#endif

/*
 * The vocabulary as data: every table of codes and labels (vocab.h and the
 * rules core's windows, registers, procedures and certificate kinds) round-
 * trips code -> value -> code, labels every value, repeats no code or
 * label, and lists exactly the codes the database's CHECK constraints
 * allow, read from the schema of a freshly migrated database.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"
#include "testlib.h"

/* One table as functions of a value: code, label, count, and parse. */
struct vocab_case {
	const char	*what;
	const char	*table, *column;	/* its CHECK in the schema; NULL if none */
	int		 count;
	const char	*(*name)(int);
	const char	*(*label)(int);
	int		 (*parse)(const char *);
};

#define VOCAB_FNS(k)							\
	static const char *k##_name(int v) { return vocab_name(k, v); }	\
	static const char *k##_label(int v) { return vocab_label(k, v); } \
	static int k##_parse(const char *s) { return vocab_parse(k, s); }
VOCAB_FNS(VOCAB_ROLE)
VOCAB_FNS(VOCAB_CERT_STATE)
VOCAB_FNS(VOCAB_APP_STATE)
VOCAB_FNS(VOCAB_CARD_STATE)

static const char *win_name(int v) { return rules_window_name((enum rules_window)v); }
static const char *win_label(int v) { return rules_window_label((enum rules_window)v); }
static const char *reg_name(int v) { return rules_register_name((enum rules_register)v); }
static const char *reg_label(int v) { return rules_register_label((enum rules_register)v); }
static const char *reg_short(int v) { return rules_register_short_label((enum rules_register)v); }
static const char *proc_name(int v) { return rules_procedure_name((enum rules_procedure)v); }
static const char *proc_label(int v) { return rules_procedure_label((enum rules_procedure)v); }
/* Certificate kinds by bit number; a number out of range is no kind. */
static unsigned cert_bit(int v) { return v >= 0 && v < 16 ? 1u << v : 0; }
static const char *cert_name(int v) { return rules_cert_name(cert_bit(v)); }
static const char *cert_label(int v) { return rules_cert_label(cert_bit(v)); }
static const char *cert_short(int v) { return rules_cert_short_label(cert_bit(v)); }

static int
cert_parse(const char *s)
{
	unsigned bit = rules_cert_parse(s);

	return bit == RULES_CERT_SIGNATURE ? 0 : bit == RULES_CERT_USER ? 1 : -1;
}

static const struct vocab_case vocab_case_table[] = {
	{ "roles", "clerks", "role", VOCAB_ROLE_COUNT, VOCAB_ROLE_name,
	  VOCAB_ROLE_label, VOCAB_ROLE_parse },
	{ "cert states", "certificates", "state", VOCAB_CERT_STATE_COUNT,
	  VOCAB_CERT_STATE_name, VOCAB_CERT_STATE_label, VOCAB_CERT_STATE_parse },
	{ "app states", "applications", "state", VOCAB_APP_STATE_COUNT,
	  VOCAB_APP_STATE_name, VOCAB_APP_STATE_label, VOCAB_APP_STATE_parse },
	{ "card states", "cards", "state", VOCAB_CARD_STATE_COUNT,
	  VOCAB_CARD_STATE_name, VOCAB_CARD_STATE_label, VOCAB_CARD_STATE_parse },
	{ "windows", "clerks", "window", RULES_WIN_COUNT, win_name, win_label,
	  rules_window_parse },
	{ "registers", "persons", "register", RULES_REG_COUNT, reg_name,
	  reg_label, rules_register_parse },
	{ "register short labels", NULL, NULL, RULES_REG_COUNT, reg_name,
	  reg_short, rules_register_parse },
	{ "procedures", NULL, NULL, RULES_PROC_COUNT, proc_name, proc_label,
	  rules_procedure_parse },
	{ "cert kinds", "certificates", "kind", 2, cert_name, cert_label,
	  cert_parse },
	{ "cert kind short labels", NULL, NULL, 2, cert_name, cert_short,
	  cert_parse },
};

static void
check_round_trip(const struct vocab_case *vc)
{
	int i, j;

	for (i = 0; i < vc->count; i++) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(vc->name(i));
		CU_ASSERT_PTR_NOT_NULL_FATAL(vc->label(i));
		CU_ASSERT_EQUAL(vc->parse(vc->name(i)), i);
		CU_ASSERT(vc->label(i)[0] != '\0');
		for (j = 0; j < i; j++) {
			CU_ASSERT(strcmp(vc->name(i), vc->name(j)) != 0);
			CU_ASSERT(strcmp(vc->label(i), vc->label(j)) != 0);
		}
	}
	CU_ASSERT_PTR_NULL(vc->name(vc->count));
	CU_ASSERT_PTR_NULL(vc->label(vc->count));
	CU_ASSERT_PTR_NULL(vc->name(-1));
	CU_ASSERT_EQUAL(vc->parse("moon"), -1);
	CU_ASSERT_EQUAL(vc->parse(NULL), -1);
}

static void
test_round_trip(void)
{
	size_t i;

	for (i = 0; i < nitems(vocab_case_table); i++)
		check_round_trip(&vocab_case_table[i]);
	CU_ASSERT_EQUAL(vocab_count(VOCAB_KIND_COUNT), 0);
	CU_ASSERT_PTR_NULL(vocab_label_of(VOCAB_APP_STATE, "moon"));
	CU_ASSERT_STRING_EQUAL(vocab_label_of(VOCAB_CERT_STATE, "on_hold"),
	    "一時保留");
	CU_ASSERT_PTR_NULL(rules_cert_name(RULES_CERT_ALL));
	CU_ASSERT_PTR_NULL(rules_cert_label(0));
	/* The choice lists end where their tables do. */
	CU_ASSERT_PTR_NULL(rules_window_label_table[RULES_WIN_COUNT]);
	CU_ASSERT_PTR_NULL(rules_register_label_table[RULES_REG_COUNT]);
}

/* The quoted codes of "CHECK (column IN ('a', 'b'))" in a table's SQL,
 * each checked against the vocabulary; returns how many there were. */
static int
check_schema_list(const struct vocab_case *vc, const char *sql)
{
	char head[64], code[64];
	const char *p, *q;
	int n = 0;
	size_t len;

	snprintf(head, sizeof(head), "CHECK (%s IN (", vc->column);
	p = strstr(sql, head);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	p += strlen(head);
	while (*p == '\'') {
		q = strchr(p + 1, '\'');
		CU_ASSERT_PTR_NOT_NULL_FATAL(q);
		len = (size_t)(q - p - 1);
		CU_ASSERT_FATAL(len < sizeof(code));
		memcpy(code, p + 1, len);
		code[len] = '\0';
		if (vc->parse(code) < 0)
			CU_FAIL_FATAL("a code of the schema is not in the table");
		n++;
		p = q + 1;
		p += strspn(p, ", ");
	}
	CU_ASSERT_EQUAL(*p, ')');
	return n;
}

static void
test_schema(void)
{
	char *dir = test_mkdtemp("vocab"), *path, err[256];
	struct store *st = store_open(dir, STORE_CREATE, err, sizeof(err));
	sqlite3 *db;
	sqlite3_stmt *stmt;
	size_t i;
	int from, to;

	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL_FATAL(store_migrate(st, &from, &to), 0);
	store_close(st);
	path = xasprintf("%s/%s", dir, STATE_DB);
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
	CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(db, "SELECT sql FROM "
	    "sqlite_master WHERE type = 'table' AND name = ?1", -1, &stmt,
	    NULL), SQLITE_OK);
	for (i = 0; i < nitems(vocab_case_table); i++) {
		const struct vocab_case *vc = &vocab_case_table[i];

		if (vc->table == NULL)
			continue;
		sqlite3_reset(stmt);
		sqlite3_bind_text(stmt, 1, vc->table, -1, SQLITE_STATIC);
		CU_ASSERT_EQUAL_FATAL(sqlite3_step(stmt), SQLITE_ROW);
		/* Every schema code is known and the counts agree: the
		 * lists are equal (the table repeats no code). */
		CU_ASSERT_EQUAL(check_schema_list(vc,
		    (const char *)sqlite3_column_text(stmt, 0)), vc->count);
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	free(path);
	test_rmtree(dir);
	free(dir);
}

static CU_TestInfo vocab_tests[] = {
	{ "every table round-trips, no duplicates", test_round_trip },
	{ "tables match the schema's CHECK lists", test_schema },
	CU_TEST_INFO_NULL
};

TEST_SUITE(vocab, "vocabulary", vocab_tests)

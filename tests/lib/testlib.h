/*
 * The test frame: CUnit suites register themselves with TEST_SUITE() (a
 * constructor adds them to a list), and one shared main runs them. Helpers
 * here are for the tests only: temp dirs, polling with a deadline, paths of
 * the built programs.
 */
#ifndef MADOGUCHI_TESTLIB_H
#define MADOGUCHI_TESTLIB_H

#include <stddef.h>

#include <CUnit/CUnit.h>

struct test_suite {
	const char		*name;
	CU_InitializeFunc	 init;
	CU_CleanupFunc		 cleanup;
	CU_TestInfo		*tests;
	struct test_suite	*next;
};

void test_suite_add(struct test_suite *);

/* Declare a suite from a CU_TestInfo array ending in CU_TEST_INFO_NULL. */
#define TEST_SUITE_FULL(id, name_, init_, cleanup_, tests_)		\
	static struct test_suite id##_suite = {				\
		name_, init_, cleanup_, tests_, NULL };			\
	__attribute__((constructor)) static void id##_register(void)	\
	{ test_suite_add(&id##_suite); }
#define TEST_SUITE(id, name_, tests_) \
	TEST_SUITE_FULL(id, name_, NULL, NULL, tests_)

/* The build directory holding the programs ($BUILD, default "build"). */
const char *test_build_dir(void);
/* Path of a built program, e.g. test_prog("madoguchi"); static buffer. */
const char *test_prog(const char *name);
/* The source tree's top directory (where the tests were started). */
const char *test_top_dir(void);
/* A fresh directory under $TMPDIR; the caller frees the path. */
char *test_mkdtemp(const char *tag);
/* rm -rf of a directory made by test_mkdtemp. */
/* SQL that undoes db/0016 and db/0017 (the search indexes), for tests
 * that make a database as an older schema had it: before 0015's keys are
 * dropped. */
#define TEST_UNDO_SEARCH_INDEX_SQL \
	"DROP TRIGGER IF EXISTS persons_terms_insert; " \
	"DROP TRIGGER IF EXISTS persons_terms_delete; " \
	"DROP TRIGGER IF EXISTS persons_names_update; " \
	"DROP TRIGGER IF EXISTS persons_addrs_update; " \
	"DROP TABLE IF EXISTS person_names; " \
	"DROP TABLE IF EXISTS person_addrs; " \
	"DROP TABLE IF EXISTS persons_terms_defer; " \
	"DROP TRIGGER IF EXISTS persons_fts_insert; " \
	"DROP TRIGGER IF EXISTS persons_fts_delete; " \
	"DROP TRIGGER IF EXISTS persons_fts_update; " \
	"DROP TABLE IF EXISTS persons_fts; " \
	"DROP TABLE IF EXISTS persons_fts_defer; " \
	"DROP INDEX IF EXISTS persons_keyless; " \
	"DROP INDEX IF EXISTS persons_kana_key; " \
	"CREATE INDEX IF NOT EXISTS persons_kana ON persons(name_kana); " \
	"DROP INDEX IF EXISTS persons_birth; " \
	"CREATE INDEX persons_birth ON persons(birth_date); "
void test_rmtree(const char *path);
/* Run a shell command, return its exit status (-1 when it did not exit). */
int test_system(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Run a shell command and return its standard output (caller frees). */
char *test_output(int *status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A free TCP port on 127.0.0.1. */
int test_free_port(void);
/* Poll cond(arg) every 20 ms until it returns nonzero or ms elapse. */
int test_wait(int (*cond)(void *), void *arg, int ms);
/* One line to the Unix socket at path and one line back (10 s at most):
 * the answer without its newline, the caller's (free); NULL on failure. */
char *test_unix_line(const char *path, const char *line);
/* The emulated card's PIN pad (madoguchi-vcard --admin admin): entries
 * queued as what the holder will press, each ending with OK (pad_keys,
 * contrib/vcard/README.md); 0, or -1 when the emulator refused (no pad in
 * its profile, a bad entry) or did not answer. */
int test_vcard_pad_keys(const char *admin, const char *const entries[],
    size_t n);

#endif

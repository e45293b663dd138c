/*
 * What the proc suites on the real card stack share: a state dir made by
 * `madoguchi init --demo` with pcscd, the emulated demo card (窓口 花子's)
 * and cardd running; its store and proc context; an application saved
 * with the card checked as the screens save it; a run in a child process
 * killed at its Nth progress line.
 */
#ifndef MADOGUCHI_TESTS_PROC_TEST_H
#define MADOGUCHI_TESTS_PROC_TEST_H

#include <stdint.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"

/* Four eyes off for cancels and letter voids in state (these suites test
 * the procedures; tests/approve tests the approvals): 0, or -1. The
 * state dirs below are made so. */
int proc_test_direct(const char *state);
/* The state dir (tag names it) and the card stack: the dir, the
 * caller's (proc_test_stop), or NULL. */
char *proc_test_start(const char *tag);
void proc_test_stop(char *state);
/* A state dir made by `madoguchi init --demo` without the card stack
 * (the caller's: test_rmtree and free it), its store, a proc context on
 * the store alone (actor demo), 窓口 花子 and the demo clerk's id; NULL on
 * failure. */
/* The demo registry's one person of that kana into out; 0, or -1. */
int proc_test_person(struct store *, const char *kana,
    struct store_person *out);
char *proc_test_demo(const char *tag, struct store **st, struct proc_ctx *pc,
    struct store_person *hanako, int64_t *clerk);
/* The end of a proc_test_demo suite: the store closed, the state dir
 * removed and freed, a day the suite set (MADOGUCHI_TODAY) unset. */
void proc_test_demo_end(char *state, struct store *st);

/* What a suite on a demo state holds (proc_test_demo's): the state dir,
 * its store, a proc context on it (actor demo), 窓口 花子 and the demo
 * clerk's id. */
struct proc_test_env {
	char			*state;
	struct store		*st;
	struct proc_ctx		 pc;
	struct store_person	 hanako;
	int64_t			 clerk;
};
/* env opened on a fresh demo state dir (tag names it) with today
 * (YYYY-MM-DD) set as MADOGUCHI_TODAY (NULL: left as it is): 0, or -1
 * with env->state NULL. */
int proc_test_env_open(struct proc_test_env *, const char *tag,
    const char *today);
/* Its end, as proc_test_demo_end's; env zeroed (a no-op when it did not
 * open). */
void proc_test_env_end(struct proc_test_env *);
/* A suite's init and clean that open env and end it, named env_init
 * and env_clean, for TEST_SUITE_FULL. */
#define PROC_TEST_ENV_SUITE(env, tag, today)				\
	static int env##_init(void)					\
	{ return proc_test_env_open(&(env), (tag), (today)) == -1; }	\
	static int env##_clean(void)					\
	{ proc_test_env_end(&(env)); return 0; }
/* contrib/card-stack.sh cmd STATE arg (arg may be ""); its exit status. */
int proc_test_stack(const char *state, const char *cmd, const char *arg);
/* Wait until a card is in the reader (10 s at most); 0 when there is. */
int proc_test_card_present(const char *state);
/* The store and proc context of state, 窓口 花子 and the demo clerk. */
int proc_test_open(const char *state, struct store **st, struct proc_ctx *pc,
    int64_t *person, int64_t *clerk);

/* A resident's case of procedure proc filed today by 窓口 花子 herself at
 * the Citizens Division with a driving licence. */
void proc_test_case(struct rules_case *c, enum rules_procedure proc);
/* The card in the reader checked for person (R2.8: the input-support PIN
 * 1234, the card face confirmed by the clerk) into c, then c saved as
 * accepted, bound to that card; the application's id (fails the test
 * otherwise). */
int64_t proc_test_save(struct proc_ctx *pc, int64_t person, int64_t clerk,
    struct rules_case *c);

/* fn run in a child process with its own store and proc context of
 * state, whose progress line number at ends it (exit 9); the child's
 * exit status (9 when it was killed there), -1 when it could not run. */
int proc_test_killed(const char *state, int at,
    void (*fn)(struct proc_ctx *, void *), void *arg);

#endif

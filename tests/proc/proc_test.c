/*
 * The proc suites' shared fixture (proc_test.h): the card stack of a demo
 * state dir, a suite's demo state opened and ended (proc_test_env), the
 * application saved with its card check, the run killed in a child.
 * Every helper fails the current test where it cannot do its part.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "madoguchi/era.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_test.h"
#include "testlib.h"

int
proc_test_stack(const char *state, const char *cmd, const char *arg)
{
	return test_system("BUILD=%s sh %s/contrib/card-stack.sh %s %s %s "
	    ">>%s/stack.out 2>&1", test_build_dir(), test_top_dir(), cmd, state,
	    arg, state);
}

int
proc_test_direct(const char *state)
{
	static const char *const keys[] = { "approval.app_cancel",
	    "approval.letter_void" };
	char err[256];
	struct store *st = store_open(state, 0, err, sizeof(err));
	size_t i;
	int rc = 0;

	if (st == NULL)
		return -1;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (store_setting_set(st, keys[i], "0") == -1)
			rc = -1;
	store_close(st);
	return rc;
}

char *
proc_test_start(const char *tag)
{
	char *state = test_mkdtemp(tag);

	if (test_system("%s init --demo %s >/dev/null", test_prog("madoguchi"),
	    state) != 0 || proc_test_direct(state) != 0 ||
	    proc_test_stack(state, "start", "") != 0) {
		fprintf(stderr, "card stack did not start (see %s)\n", state);
		free(state);
		return NULL;
	}
	return state;
}

void
proc_test_stop(char *state)
{
	if (state == NULL)
		return;
	proc_test_stack(state, "stop", "");
	test_rmtree(state);
	free(state);
}

int
proc_test_card_present(const char *state)
{
	return test_system("%s card status --socket %s/run/cardd.sock --wait "
	    "present --timeout 10000 >/dev/null", test_prog("madoguchi"), state);
}

static int
first_cb(const struct store_person *p, void *arg)
{
	*(int64_t *)arg = p->id;
	return 1;
}

static int
person_cb(const struct store_person *p, void *arg)
{
	*(struct store_person *)arg = *p;
	return 1;
}

int
proc_test_person(struct store *st, const char *kana, struct store_person *out)
{
	struct store_person_query q = { .kana = kana };

	return store_person_search(st, &q, person_cb, out) == 1 ? 0 : -1;
}

char *
proc_test_demo(const char *tag, struct store **st, struct proc_ctx *pc,
    struct store_person *hanako, int64_t *clerk)
{
	struct store_clerk c;
	char *state = test_mkdtemp(tag), err[256];

	*st = NULL;
	if (test_system("%s init --demo %s >/dev/null", test_prog("madoguchi"),
	    state) != 0 || proc_test_direct(state) != 0 ||
	    (*st = store_open(state, 0, err, sizeof(err))) == NULL ||
	    proc_test_person(*st, "マドグチハナコ", hanako) == -1 ||
	    store_clerk_by_login(*st, "demo", &c) != 0) {
		if (*st != NULL)
			store_close(*st);
		test_rmtree(state);
		free(state);
		return NULL;
	}
	*clerk = c.id;
	memset(pc, 0, sizeof(*pc));
	pc->st = *st;
	pc->actor = "demo";
	return state;
}

void
proc_test_demo_end(char *state, struct store *st)
{
	store_close(st);
	test_rmtree(state);
	free(state);
	unsetenv("MADOGUCHI_TODAY");
}

int
proc_test_env_open(struct proc_test_env *env, const char *tag,
    const char *today)
{
	memset(env, 0, sizeof(*env));
	if (today != NULL)
		setenv("MADOGUCHI_TODAY", today, 1);
	env->state = proc_test_demo(tag, &env->st, &env->pc, &env->hanako,
	    &env->clerk);
	return env->state != NULL ? 0 : -1;
}

void
proc_test_env_end(struct proc_test_env *env)
{
	if (env->state != NULL)
		proc_test_demo_end(env->state, env->st);
	memset(env, 0, sizeof(*env));
}

int
proc_test_open(const char *state, struct store **st, struct proc_ctx *pc,
    int64_t *person, int64_t *clerk)
{
	struct store_person_query q = { .kana = "マドグチハナコ" };
	struct store_clerk c;
	char err[256], why[512];

	if ((*st = store_open(state, 0, err, sizeof(err))) == NULL ||
	    store_person_search(*st, &q, first_cb, person) != 1 ||
	    store_clerk_by_login(*st, "demo", &c) != 0)
		return -1;
	*clerk = c.id;
	if (proc_ctx_open_builtin(pc, *st, state, "demo", why, sizeof(why)) == -1) {
		fprintf(stderr, "proc_ctx_open: %s\n", why);
		return -1;
	}
	return 0;
}

void
proc_test_case(struct rules_case *c, enum rules_procedure proc)
{
	char today[11];

	rules_case_init(c);
	c->procedure = proc;
	c->reg = RULES_REG_RESIDENT;
	util_today(today);
	CU_ASSERT_EQUAL_FATAL(era_parse_iso(today, &c->date), 0);
	c->window = RULES_WIN_CITIZENS;
	c->birth_date = (struct era_date){ 1986, 2, 3 };
	c->n_documents = 1;
	c->documents[0] = (struct rules_document){ RULES_LIST_A, 1, true,
	    true };
}

int64_t
proc_test_save(struct proc_ctx *pc, int64_t person, int64_t clerk,
    struct rules_case *c)
{
	struct store_person me;
	struct proc_card_check chk;
	struct store_app *a = calloc(1, sizeof(*a));
	char msg[512];
	int64_t id;

	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL_FATAL(store_person_get(pc->st, person, &me), 0);
	CU_ASSERT_EQUAL_FATAL(proc_card_check(pc, &me, PROC_ROUTE_SUPPORT,
	    "1234", NULL, "2026-11-25", &chk, msg, sizeof(msg)), PROC_OK);
	c->has_card = chk.basic4_read;
	c->card.face_auth = chk.known_face_auth;
	c->card.registry_match = chk.registry_match;
	c->card.status_ok = chk.status_ok;
	c->card.face_data_matches = true;
	CU_ASSERT_EQUAL_FATAL(proc_app_save(pc, &me, clerk, c, &chk, NULL,
	    "accepted", a, msg, sizeof(msg)), 0);
	id = a->id;
	free(a);
	return id;
}

struct killer {
	int	at, seen;
};

static void
killer_cb(const char *line, void *arg)
{
	struct killer *k = arg;

	(void)line;
	if (++k->seen == k->at)
		_exit(9);
}

int
proc_test_killed(const char *state, int at,
    void (*fn)(struct proc_ctx *, void *), void *arg)
{
	pid_t pid = fork();
	int status;

	if (pid == -1)
		return -1;
	if (pid == 0) {
		struct killer k = { at, 0 };
		struct store *cst;
		struct proc_ctx cpc;
		int64_t person, clerk;

		if (proc_test_open(state, &cst, &cpc, &person, &clerk) == -1)
			_exit(2);
		cpc.progress = killer_cb;
		cpc.progress_arg = &k;
		fn(&cpc, arg);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

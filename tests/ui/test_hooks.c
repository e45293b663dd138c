/*
 * The runtime with a table of its own: this test program runs ui_run on a
 * pty (itself again, as a child that finds MADOGUCHI_TEST_UI_RUN set) with
 * two test screens, read through libvterm. A form's open hook fills its
 * fields from its data, on opening and after F8 消去; its changed hook
 * follows every key that changed a value and no other; its draw function
 * shows only the model. A screen that opens itself fills the stack to
 * UI_STACK_MAX and the next one is refused with a message, the session
 * going on, whatever MADOGUCHI_UI_MAX_SCREENS asks. The windows' names
 * of the session's hook show in the header and in a window choice, and
 * again after ui_windows_reload; a window the hook leaves empty keeps
 * the rules core's label. Lists without list_key jump by the numbers and
 * kana their rows start with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "madoguchi/rules.h"
#include "madoguchi/ui.h"
#include "madoguchi/util.h"
#include "testlib.h"
#include "vt.h"

#define WAIT_MS		10000
#define STACK_MAX	16	/* UI_STACK_MAX (src/ui/ui_int.h) */

/* ---- The child: ui_run over the test table ---------------------------- */

/* The form's model: what open fills in and changed updates. */
struct hooks_model {
	char	name[UI_FIELD_MAXCHARS * 4 + 1];
	int	kind;
	int	opened, changed;
};

static const char *const hooks_kinds[] = { "甲", "乙", "丙", NULL };

static const struct ui_field_spec hooks_fields[] = {
	{ .id = "name", .label = "氏名", .kind = UI_FIELD_TEXT, .width = 20 },
	{ .id = "kind", .label = "種別", .kind = UI_FIELD_CHOICE, .width = 6,
	  .choices = hooks_kinds },
};

static void
hooks_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct hooks_model *m = ui_data(ui);

	(void)n;
	ui_field_set(&f[0], m->name);
	f[1].choice = m->kind;
	m->opened++;
}

static void
hooks_changed_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct hooks_model *m = ui_data(ui);

	(void)n;
	ui_field_get(&f[0], m->name, sizeof(m->name));
	m->kind = f[1].choice;
	m->changed++;
}

static void
hooks_form_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct hooks_model *m = ui_data(ui);
	char buf[640];

	snprintf(buf, sizeof(buf), "model name=%s kind=%d opened=%d changed=%d.",
	    m->name, m->kind, m->opened, m->changed);
	ui_wrap(ui, top, bottom, 2, 76, buf, UI_ATTR_NORMAL);
}

static const struct screen_key hooks_form_keys[] = {
	{ 8, 0, "消去", SCREEN_ACT_CLEAR, NULL },
};

static const struct screen hooks_form = {
	.id = "form", .title = "フック", .help = "試験",
	.kind = SCREEN_FORM, .min_role = UI_ROLE_CLERK,
	.fields = hooks_fields, .nfields = nitems(hooks_fields),
	.keys = hooks_form_keys, .nkeys = nitems(hooks_form_keys),
	.draw = hooks_form_draw_cb, .open = hooks_open_cb,
	.changed = hooks_changed_cb, .free_data = free,
};

/* Another screen as deep as this one plus one; its data is its depth. */
static void
hooks_deeper(struct ui *ui, int depth)
{
	int *d = xcalloc(1, sizeof(*d));

	*d = depth;
	if (ui_open_with(ui, "deep", d) == -1)
		free(d);
}

static void
hooks_deep_cb(struct ui *ui)
{
	hooks_deeper(ui, *(int *)ui_data(ui) + 1);
}

static void
hooks_deep_draw_cb(struct ui *ui, int top, int bottom)
{
	char buf[64];

	(void)bottom;
	snprintf(buf, sizeof(buf), "depth=%d.", *(int *)ui_data(ui));
	ui_put(ui, top, 2, 40, buf, UI_ATTR_NORMAL);
}

static const struct screen_key hooks_deep_keys[] = {
	{ 2, 'n', "次", SCREEN_ACT_CALL, hooks_deep_cb },
};

static const struct screen hooks_deep = {
	.id = "deep", .title = "深さ", .help = "試験",
	.kind = SCREEN_INFO, .min_role = UI_ROLE_CLERK,
	.keys = hooks_deep_keys, .nkeys = nitems(hooks_deep_keys),
	.draw = hooks_deep_draw_cb, .free_data = free,
};

/* The session's names of the windows: citizens renamed (and renamed
 * again by F2 on the window form), the others left to the rules core. */
static int hooks_renamed;

static const char *
hooks_window_label(struct store *st, const char *window, char *buf,
    size_t size)
{
	(void)st;
	snprintf(buf, size, "%s", strcmp(window, "citizens") != 0 ? "" :
	    hooks_renamed ? "市民課 (本庁)" : "本庁舎");
	return buf;
}

static void
hooks_rename_cb(struct ui *ui)
{
	hooks_renamed = 1;
	ui_windows_reload(ui);
}

static const struct ui_field_spec hooks_win_fields[] = {
	{ .id = "window", .label = "受付窓口", .kind = UI_FIELD_CHOICE,
	  .width = 14, .choices = rules_window_label_table, .windows = 1 },
};

static void
hooks_win_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	(void)ui;
	(void)n;
	f[0].choice = 0;
}

static const struct screen_key hooks_win_keys[] = {
	{ 2, 0, "改名", SCREEN_ACT_CALL, hooks_rename_cb },
};

static const struct screen hooks_win = {
	.id = "win", .title = "窓口の選択", .help = "試験",
	.kind = SCREEN_FORM, .min_role = UI_ROLE_CLERK,
	.fields = hooks_win_fields, .nfields = nitems(hooks_win_fields),
	.keys = hooks_win_keys, .nkeys = nitems(hooks_win_keys),
	.open = hooks_win_open_cb,
};

/* A text longer than the screen: it scrolls, the page on the title row.
 * Its keys say something on the message line: for itself (F2), then
 * opening another screen (F3, the message not carried), or for the menu
 * it goes back to (F4). */
static void
hooks_long_draw_cb(struct ui *ui, int top, int bottom)
{
	char text[1024];
	size_t n = 0;
	int i;

	for (i = 1; i <= 40 && n < sizeof(text); i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s行 %d",
		    i > 1 ? "\n" : "", i);
	ui_scroll_text(ui, top, bottom, 2, 76, text, UI_ATTR_NORMAL);
}

static void
hooks_long_say_cb(struct ui *ui)
{
	ui_status(ui, 0, "長文の知らせ");
}

static void
hooks_long_deep_cb(struct ui *ui)
{
	hooks_deeper(ui, 3);
}

static void
hooks_long_done_cb(struct ui *ui)
{
	ui_status(ui, 0, "受付番号 1 で受け付けました");
	ui_close(ui);
}

static const struct screen_key hooks_long_keys[] = {
	{ 2, 's', "知らせ", SCREEN_ACT_CALL, hooks_long_say_cb },
	{ 3, 'n', "次", SCREEN_ACT_CALL, hooks_long_deep_cb },
	{ 4, 'e', "終わる", SCREEN_ACT_CALL, hooks_long_done_cb },
};

static const struct screen hooks_long = {
	.id = "long", .title = "長文", .help = "試験",
	.kind = SCREEN_INFO, .min_role = UI_ROLE_CLERK,
	.keys = hooks_long_keys, .nkeys = nitems(hooks_long_keys),
	.draw = hooks_long_draw_cb,
};

static void
hooks_start_long_cb(struct ui *ui)
{
	ui_open(ui, "long");
}

static void
hooks_start_win_cb(struct ui *ui)
{
	ui_open(ui, "win");
}

static void
hooks_start_form_cb(struct ui *ui)
{
	struct hooks_model *m = xcalloc(1, sizeof(*m));

	snprintf(m->name, sizeof(m->name), "山田");
	m->kind = 1;
	if (ui_open_with(ui, "form", m) == -1)
		free(m);
}

static void
hooks_start_deep_cb(struct ui *ui)
{
	hooks_deeper(ui, 2);	/* over the menu */
}

/* Two lists without list_key, their jump keys read from the rows: one
 * whose rows start with numbers (a job's, newest first), one of kana
 * names, kanji and a date. */
#define HOOKS_IDS	30
#define HOOKS_PLAIN	25

static int
hooks_ids_count_cb(struct ui *ui)
{
	(void)ui;
	return HOOKS_IDS;
}

static void
hooks_ids_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	(void)ui;
	snprintf(buf, size, " %3d  件名", 300 - 7 * i);
}

static void
hooks_x_cb(struct ui *ui)
{
	ui_status(ui, 0, "x のキーです");
}

static const struct screen_key hooks_ids_keys[] = {
	{ 5, 'x', "キー", SCREEN_ACT_CALL, hooks_x_cb },
};

static const struct screen hooks_ids = {
	.id = "ids", .title = "番号の一覧", .help = "試験",
	.kind = SCREEN_LIST, .min_role = UI_ROLE_CLERK,
	.keys = hooks_ids_keys, .nkeys = nitems(hooks_ids_keys),
	.list_count = hooks_ids_count_cb, .list_row = hooks_ids_row_cb,
};

static int
hooks_plain_count_cb(struct ui *ui)
{
	(void)ui;
	return HOOKS_PLAIN;
}

static void
hooks_plain_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	(void)ui;
	if (i == 0)
		snprintf(buf, size, "2026-11-25 記録");
	else if (i % 5 == 1)
		snprintf(buf, size, "  イトウ ショウ %d", i);
	else if (i % 5 == 2)
		snprintf(buf, size, "さとう はなこ %d", i);
	else
		snprintf(buf, size, "記録 %d", i);
}

static const struct screen hooks_plain = {
	.id = "plain", .title = "名前の一覧", .help = "試験",
	.kind = SCREEN_LIST, .min_role = UI_ROLE_CLERK,
	.list_count = hooks_plain_count_cb, .list_row = hooks_plain_row_cb,
};

static void
hooks_start_ids_cb(struct ui *ui)
{
	ui_open(ui, "ids");
}

static void
hooks_start_plain_cb(struct ui *ui)
{
	ui_open(ui, "plain");
}

static const struct screen_item hooks_menu_items[] = {
	{ '1', "未実装", NULL, "nothing", UI_ROLE_CLERK, NULL },
};

static const struct screen_key hooks_menu_keys[] = {
	{ 2, 'f', "フォーム", SCREEN_ACT_CALL, hooks_start_form_cb },
	{ 3, 'd', "深さ", SCREEN_ACT_CALL, hooks_start_deep_cb },
	{ 4, 'w', "窓口", SCREEN_ACT_CALL, hooks_start_win_cb },
	{ 5, 'l', "番号", SCREEN_ACT_CALL, hooks_start_ids_cb },
	{ 6, 'n', "名前", SCREEN_ACT_CALL, hooks_start_plain_cb },
	{ 7, 't', "長文", SCREEN_ACT_CALL, hooks_start_long_cb },
};

static const struct screen hooks_menu = {
	.id = "menu", .title = "試験のメニュー", .help = "試験",
	.kind = SCREEN_MENU, .min_role = UI_ROLE_CLERK,
	.items = hooks_menu_items, .nitems = nitems(hooks_menu_items),
	.keys = hooks_menu_keys, .nkeys = nitems(hooks_menu_keys),
};

static const struct screen *const hooks_table[] = {
	&hooks_menu, &hooks_form, &hooks_deep, &hooks_win, &hooks_ids,
	&hooks_plain, &hooks_long,
};

/* The child's life: the UI and nothing else (no CUnit run). */
__attribute__((constructor)) static void
hooks_child(void)
{
	struct ui_session s = {
		.login = "test", .name = "試験", .role = UI_ROLE_CLERK,
		.window = "citizens", .today = "2026-11-25",
		.window_label = hooks_window_label,
	};

	if (getenv("MADOGUCHI_TEST_UI_RUN") == NULL)
		return;
	log_open_file("/dev/null");	/* the pty is the screen */
	exit(ui_run(&s, hooks_table, nitems(hooks_table)));
}

/* ---- The tests ------------------------------------------------------- */

static int
wait_text(struct vt *v, const char *text)
{
	if (vt_wait_text(v, text, WAIT_MS))
		return 1;
	vt_dump(v, text);
	return 0;
}

/* 1 when the form's row of label shows text. */
static int
field_shows(struct vt *v, const char *label, const char *text)
{
	char row[512];
	int i;

	vt_pump(v, 0);
	for (i = 3; i < 21; i++) {
		vt_row(v, i, row, sizeof(row));
		if (strstr(row, label) != NULL)
			return strstr(row, text) != NULL;
	}
	return 0;
}

/* field_shows, polled until it holds or WAIT_MS pass. */
static int
field_wait(struct vt *v, const char *label, const char *text)
{
	int waited;

	for (waited = 0; waited < WAIT_MS; waited += 50) {
		if (field_shows(v, label, text))
			return 1;
		vt_pump(v, 50);
	}
	vt_dump(v, text);
	return 0;
}

static struct vt *
start(const char *max_screens)
{
	char *argv[] = { "/proc/self/exe", NULL };
	char limit[64];
	char *env[] = { "MADOGUCHI_TEST_UI_RUN=1", limit, NULL };
	struct vt *v;

	snprintf(limit, sizeof(limit), "MADOGUCHI_UI_MAX_SCREENS=%s",
	    max_screens);
	v = vt_spawn(24, 80, argv, env);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "試験のメニュー"));
	return v;
}

static void
logout(struct vt *v)
{
	int st = -1;

	vt_key(v, VT_KEY_F10);
	CU_ASSERT_TRUE(wait_text(v, "ログアウトしますか"));
	vt_type(v, "y");
	CU_ASSERT_TRUE(vt_wait_exit(v, WAIT_MS, &st));
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	vt_free(v);
}

static void
test_open_changed(void)
{
	struct vt *v = start("");

	/* The table given to ui_run is the one screens are found in. */
	vt_type(v, "1");
	CU_ASSERT_TRUE(wait_text(v, UI_TEXT_NOT_BUILT));
	vt_key(v, VT_KEY_ENTER);
	vt_type(v, "f");
	CU_ASSERT_TRUE_FATAL(wait_text(v,
	    "model name=山田 kind=1 opened=1 changed=0."));
	CU_ASSERT_TRUE(field_shows(v, "氏名", "山田"));
	CU_ASSERT_TRUE(field_shows(v, "種別", "乙"));
	/* Each character typed is a change. */
	vt_type(v, "太郎");
	CU_ASSERT_TRUE(wait_text(v, "model name=山田太郎 kind=1 opened=1 "
	    "changed=2."));
	/* Moving the cursor or the focus changes no value; a refused key
	 * neither. */
	vt_key(v, VT_KEY_LEFT);
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "x");
	vt_key(v, VT_KEY_RIGHT);
	CU_ASSERT_TRUE(wait_text(v, "model name=山田太郎 kind=2 opened=1 "
	    "changed=3."));
	vt_key(v, VT_KEY_TAB);
	vt_key(v, VT_KEY_END);
	vt_key(v, VT_KEY_BACKSPACE);
	CU_ASSERT_TRUE(wait_text(v, "model name=山田太 kind=2 opened=1 "
	    "changed=4."));
	/* F8: emptied, filled again by open from the data (which changed
	 * kept up to date), then changed once. */
	vt_key(v, VT_KEY_F8);
	CU_ASSERT_TRUE(wait_text(v, "model name=山田太 kind=2 opened=2 "
	    "changed=5."));
	CU_ASSERT_TRUE(field_shows(v, "氏名", "山田太"));
	CU_ASSERT_TRUE(field_shows(v, "種別", "丙"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(wait_text(v, "入力した内容を消して"));
	vt_type(v, "y");
	CU_ASSERT_TRUE(wait_text(v, "試験のメニュー"));
	logout(v);
}

/* The menu and STACK_MAX - 1 screens over it; the next is refused. */
static void
stack_fill(const char *max_screens)
{
	struct vt *v = start(max_screens);
	char want[32];
	int i, st;

	vt_type(v, "d");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "depth=2."));
	for (i = 3; i <= STACK_MAX; i++) {
		vt_type(v, "n");
		snprintf(want, sizeof(want), "depth=%d.", i);
		CU_ASSERT_TRUE_FATAL(wait_text(v, want));
	}
	vt_type(v, "n");
	CU_ASSERT_TRUE(wait_text(v, "開いている画面が多すぎるため"));
	CU_ASSERT_FALSE(vt_wait_exit(v, 0, &st));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_gone(v, "開いている画面が多すぎるため",
	    WAIT_MS));
	CU_ASSERT_TRUE(wait_text(v, want));
	vt_key(v, VT_KEY_ESC);
	snprintf(want, sizeof(want), "depth=%d.", STACK_MAX - 1);
	CU_ASSERT_TRUE(wait_text(v, want));
	vt_type(v, "n");
	snprintf(want, sizeof(want), "depth=%d.", STACK_MAX);
	CU_ASSERT_TRUE(wait_text(v, want));
	logout(v);
}

static void
test_stack_max(void)
{
	stack_fill("");
	stack_fill("99");	/* a higher limit asked is UI_STACK_MAX */
}

/* Row 0 (the header) holds text: the screen is read first. */
static int
header_has(struct vt *v, const char *text)
{
	char row[512];

	vt_pump(v, 0);
	vt_row(v, 0, row, sizeof(row));
	return strstr(row, text) != NULL;
}

static void
test_window_names(void)
{
	struct vt *v = start("");

	CU_ASSERT_TRUE(header_has(v, "試験  本庁舎  職員"));
	vt_type(v, "w");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "窓口の選択"));
	CU_ASSERT_TRUE(field_shows(v, "受付窓口", "本庁舎"));
	/* At 80 columns the choices do not fit beside the field: none is
	 * shown cut, the list box has them all. The others keep the rules
	 * core's labels. */
	CU_ASSERT_TRUE(field_shows(v, "受付窓口", "Enter で一覧"));
	CU_ASSERT_FALSE(vt_has_text(v, "4:在"));
	vt_type(v, " ");
	CU_ASSERT_TRUE(wait_text(v, "2: 庄内出張所"));
	CU_ASSERT_TRUE(vt_has_text(v, "1: 本庁舎"));
	CU_ASSERT_FALSE(vt_has_text(v, "市民課"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_gone(v, "2: 庄内出張所", 5000));
	CU_ASSERT_TRUE(field_shows(v, "受付窓口", "本庁舎"));
	/* Reloaded: the header and the choice say the new name. */
	vt_key(v, VT_KEY_F2);
	CU_ASSERT_TRUE(wait_text(v, "市民課 (本庁)"));
	vt_type(v, " ");
	CU_ASSERT_TRUE(wait_text(v, "1: 市民課 (本庁)"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_gone(v, "1: 市民課 (本庁)", 5000));
	CU_ASSERT_TRUE(header_has(v, "試験  市民課 (本庁)  職員"));
	CU_ASSERT_TRUE(field_shows(v, "受付窓口", "市民課 (本庁)"));
	vt_key(v, VT_KEY_RIGHT);
	CU_ASSERT_TRUE(wait_text(v, "庄内出張所 "));
	CU_ASSERT_TRUE(field_shows(v, "受付窓口", "庄内出張所"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(wait_text(v, "入力した内容を消して"));
	vt_type(v, "y");
	CU_ASSERT_TRUE(wait_text(v, "試験のメニュー"));
	logout(v);
}

/* The choice field's list box: Enter opens it where the choices do not
 * fit beside the field, a digit there chooses, arrows and Enter too,
 * Esc leaves the value as it was; a digit on the field still chooses. */
static void
test_choice_box(void)
{
	struct vt *v = start("");

	vt_type(v, "w");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "窓口の選択"));
	CU_ASSERT_TRUE(field_wait(v, "受付窓口", "数字で選ぶか、Enter で一覧"));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "1: 本庁舎"));
	CU_ASSERT_TRUE(vt_has_text(v, "3: 新千里出張所"));
	CU_ASSERT_TRUE(vt_has_text(v, "Esc 閉じる"));
	vt_type(v, "3");
	CU_ASSERT_TRUE(vt_wait_gone(v, "1: 本庁舎", WAIT_MS));
	CU_ASSERT_TRUE(field_wait(v, "受付窓口", "新千里出張所"));
	/* Arrows and Enter. */
	vt_type(v, " ");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "1: 本庁舎"));
	vt_key(v, VT_KEY_UP);
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_gone(v, "1: 本庁舎", WAIT_MS));
	CU_ASSERT_TRUE(field_wait(v, "受付窓口", "庄内出張所"));
	/* Esc: nothing chosen. */
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "1: 本庁舎"));
	vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_gone(v, "1: 本庁舎", WAIT_MS));
	CU_ASSERT_TRUE(field_wait(v, "受付窓口", "庄内出張所"));
	/* A digit on the field, no box. */
	vt_type(v, "3");
	CU_ASSERT_TRUE(field_wait(v, "受付窓口", "新千里出張所"));
	CU_ASSERT_FALSE(vt_has_text(v, "1: 本庁舎"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(wait_text(v, "入力した内容を消して"));
	vt_type(v, "y");
	CU_ASSERT_TRUE(wait_text(v, "試験のメニュー"));
	/* Choices that fit are shown beside the field, Enter moves on. */
	vt_type(v, "f");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "フック"));
	CU_ASSERT_TRUE(field_wait(v, "種別", "1:甲 2:乙 3:丙"));
	logout(v);
}

/* An info screen's text longer than 80x24: it scrolls, the title row
 * says the page. The message line is the screen's: gone on the screen
 * it opens and when coming back; said for the menu it returns to, it
 * shows there. */
static void
test_info_scroll_and_message(void)
{
	struct vt *v = start("");
	char row[512];

	vt_type(v, "t");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "行 18"));
	vt_row(v, 1, row, sizeof(row));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "(1/3)"));
	CU_ASSERT_FALSE(vt_has_text(v, "行 19"));
	vt_key(v, VT_KEY_PGDN);
	CU_ASSERT_TRUE(wait_text(v, "(2/3)"));
	CU_ASSERT_TRUE(vt_has_text(v, "行 19"));
	vt_key(v, VT_KEY_END);
	CU_ASSERT_TRUE(wait_text(v, "(3/3)"));
	CU_ASSERT_TRUE(vt_has_text(v, "行 40"));
	vt_key(v, VT_KEY_HOME);
	CU_ASSERT_TRUE(wait_text(v, "(1/3)"));
	/* Said here, shown here; not on the next screen, nor back here. */
	vt_key(v, VT_KEY_F2);
	CU_ASSERT_TRUE(wait_text(v, "長文の知らせ"));
	vt_key(v, VT_KEY_F3);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "depth=3."));
	CU_ASSERT_TRUE(vt_wait_gone(v, "長文の知らせ", WAIT_MS));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "行 1"));
	CU_ASSERT_TRUE(vt_wait_gone(v, "長文の知らせ", WAIT_MS));
	/* Said on closing: the menu shows it, then the next screen not. */
	vt_key(v, VT_KEY_F4);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "試験のメニュー"));
	CU_ASSERT_TRUE(wait_text(v, "受付番号 1 で受け付けました"));
	vt_type(v, "t");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "(1/3)"));
	CU_ASSERT_TRUE(vt_wait_gone(v, "受付番号 1 で受け付けました", WAIT_MS));
	logout(v);
}

/* Lists without list_key: a number a row starts with is its code, a date
 * is not; kana a row starts with is its reading; digits in a list without
 * codes are a row number. A lowercase letter that is a key does the key;
 * upper case jumps (here to nothing). Ctrl-L ends a type-ahead. */
static void
test_list_jump(void)
{
	struct vt *v = start("");

	vt_type(v, "l");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "番号の一覧"));
	vt_type(v, "97");
	CU_ASSERT_TRUE(wait_text(v, "移動: 97  (30/30)"));
	vt_write(v, "\x0c", 1);
	CU_ASSERT_TRUE(vt_wait_gone(v, "移動:", WAIT_MS));
	vt_type(v, "1");		/* the first number it begins: 195 */
	CU_ASSERT_TRUE(wait_text(v, "移動: 1  (16/30)"));
	vt_type(v, "x");
	CU_ASSERT_TRUE(wait_text(v, "x のキーです"));
	vt_type(v, "X");
	CU_ASSERT_TRUE(wait_text(v, "移動: X に当たる行はありません。"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "試験のメニュー"));
	vt_type(v, "n");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "名前の一覧"));
	vt_type(v, "12");
	CU_ASSERT_TRUE(wait_text(v, "移動: 12  (12/25)"));
	vt_key(v, VT_KEY_HOME);
	CU_ASSERT_TRUE(vt_wait_gone(v, "移動:", WAIT_MS));
	vt_type(v, "2026");
	CU_ASSERT_TRUE(wait_text(v, "移動: 2026 に当たる行はありません。"));
	vt_key(v, VT_KEY_HOME);
	vt_type(v, "さ");
	CU_ASSERT_TRUE(wait_text(v, "移動: さ  (3/25)"));
	vt_type(v, "サ");
	CU_ASSERT_TRUE(wait_text(v, "移動: サ  (8/25)"));
	vt_write(v, "\x0c", 1);	/* else サｲ: kana go on with kana */
	CU_ASSERT_TRUE(vt_wait_gone(v, "移動:", WAIT_MS));
	vt_type(v, "ｲ");
	CU_ASSERT_TRUE(wait_text(v, "移動: ｲ  (12/25)"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(wait_text(v, "試験のメニュー"));
	logout(v);
}

static CU_TestInfo hooks_tests[] = {
	{ "a choice field's list box: Enter, blank, digits, arrows, Esc",
	  test_choice_box },
	{ "an info screen's long text scrolls; the message line stays with "
	  "its screen", test_info_scroll_and_message },
	{ "open fills a form, changed follows each change, F8 refills",
	  test_open_changed },
	{ "the stack stops at UI_STACK_MAX, the session goes on",
	  test_stack_max },
	{ "the session's windows' names: header and choice, reloaded",
	  test_window_names },
	{ "lists jump by the numbers and kana their rows start with",
	  test_list_jump },
	CU_TEST_INFO_NULL
};
TEST_SUITE(hooks, "ui.hooks", hooks_tests)

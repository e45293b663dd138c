/*
 * Identity binding: the clerk a session was started for is read again from
 * the store while the session lasts. At most every two seconds while the UI
 * waits for keys (as the reader line is), a clerk whom an admin disabled,
 * removed, or gave another role or window ends the session with a message.
 * Every business action asks ui_clerk_recheck first, which refuses it (and
 * writes the refusal to the audit trail) unless the clerk is still enabled
 * and holds the role of the screen. The texts are one table.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "ui_int.h"

#define CLERK_EVERY_MS	2000

/* Per standing: what the clerk reads, the word for the log and the audit
 * trail, and whether the session ends over it. */
static const struct {
	const char	*text;
	const char	*word;
	int		 ends;
} clerk_standing_table[] = {
	[UI_CLERK_OK] = { "", "clerk ok", 0 },
	[UI_CLERK_DISABLED] = { "この職員は利用停止されました。",
	    "clerk disabled", 1 },
	[UI_CLERK_GONE] = { "この職員は登録されていません。", "clerk not registered",
	    1 },
	[UI_CLERK_NO_ROLE] = { "この操作をする役割がありません (職員の役割が"
	    "変わりました)。", "clerk role too low", 0 },
	[UI_CLERK_CHANGED] = { "職員の役割または窓口が変わりました。ログインし"
	    "直してください。", "clerk role or window changed", 1 },
	[UI_CLERK_UNREADABLE] = { "職員の登録を確かめられませんでした。少し待っ"
	    "てから、もう一度操作してください。", "clerk unreadable", 0 },
};

const char *
ui_clerk_text(enum ui_clerk_standing st)
{
	if ((size_t)st >= nitems(clerk_standing_table))
		fatalx("%s: standing %d", __func__, (int)st);
	return clerk_standing_table[st].text;
}

enum ui_clerk_standing
ui_clerk_check(struct store *st, const struct ui_session *s,
    enum ui_role need)
{
	struct store_clerk c;
	int role;

	switch (store_clerk_by_login(st, s->login, &c)) {
	case 0:
		break;
	case 1:
		return UI_CLERK_GONE;
	default:
		return UI_CLERK_UNREADABLE;
	}
	if (c.disabled)
		return UI_CLERK_DISABLED;
	if ((role = ui_role_parse(c.role)) < (int)need)
		return UI_CLERK_NO_ROLE;
	if (role != (int)s->role || s->window == NULL ||
	    strcmp(c.window, s->window) != 0)
		return UI_CLERK_CHANGED;
	return UI_CLERK_OK;
}

int
ui_clerk_authorize(struct store *st, const struct ui_session *s,
    enum ui_role need, const char *what, enum ui_clerk_standing *out)
{
	enum ui_clerk_standing cs = ui_clerk_check(st, s, need);

	if (out != NULL)
		*out = cs;
	if (cs == UI_CLERK_OK)
		return 0;
	log_info("%s: refused: %s", what, clerk_standing_table[cs].word);
	/* The refusal is refused whether or not the audit row is written;
	 * a store that cannot be read likely cannot take it either. */
	if (store_audit(st, s->login, "clerk.refused", what,
	    clerk_standing_table[cs].word) == -1)
		log_warnx("%s: refusal not audited: %s", what,
		    store_errmsg(st));
	return -1;
}

/* The run ends over standing cs: said in the log now, to the clerk after
 * curses ends. */
static void
clerk_end(struct ui *ui, enum ui_clerk_standing cs)
{
	log_info("%s: session ends", clerk_standing_table[cs].word);
	ui->quit = 1;
	ui->clerk_stopped = 1;
	ui->end_reason = clerk_standing_table[cs].word;
	ui->end_text = clerk_standing_table[cs].text;
}

void
ui_clerk_poll(struct ui *ui)
{
	const struct ui_session *s = ui->sess;
	enum ui_clerk_standing cs;
	int64_t now = util_now_ms();

	if (s->store == NULL || s->login == NULL || ui->quit ||
	    now < ui->clerk_next_ms)
		return;
	ui->clerk_next_ms = now + CLERK_EVERY_MS;
	cs = ui_clerk_check(s->store, s, UI_ROLE_CLERK);
	/* A busy or failing store is no reason to end a session: the next
	 * look, or the business action's own check, decides. */
	if (cs == UI_CLERK_UNREADABLE)
		log_warnx("clerk check: %s", store_errmsg(s->store));
	else if (cs != UI_CLERK_OK)
		clerk_end(ui, cs == UI_CLERK_NO_ROLE ? UI_CLERK_CHANGED : cs);
}

int
ui_clerk_wait_ms(const struct ui *ui)
{
	int64_t left;

	if (ui->sess->store == NULL || ui->sess->login == NULL)
		return -1;
	left = ui->clerk_next_ms - util_now_ms();
	return left < 0 ? 0 : (int)left;
}

int
ui_clerk_recheck(struct ui *ui)
{
	const struct ui_session *s = ui->sess;
	const struct screen *scr = ui_top(ui)->scr;
	enum ui_clerk_standing cs;

	if (s->store == NULL || s->login == NULL)
		return 0;
	if (ui_clerk_authorize(s->store, s, scr->min_role, scr->id, &cs) == 0)
		return 0;
	if (clerk_standing_table[cs].ends)
		clerk_end(ui, cs);
	else
		ui_message(ui, scr->title, ui_clerk_text(cs));
	return -1;
}

/*
 * The idle lock (issue 14 item 4): after session.idle_timeout_s without a
 * key the whole terminal is covered by the lock screen (nothing of the
 * work or of any person on it: the clerk's name and why it is locked), the
 * screen stack kept untouched under it. Only the session's own clerk's
 * unlock code opens it again (set on first use, typed twice); too many
 * wrong codes, or session.lock_timeout_s without unlocking, end the
 * session. The code is kept in this file's buffer only while typed and
 * wiped after; the hashing and the audit rows are proc's, reached through
 * the session's hooks (ui_session).
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/util.h"
#include "ui_int.h"

#define LOCK_CODE_MAX	16	/* characters of a code, as proc takes them */

/* What the clerk is asked for: the code, or a new one (twice). */
enum lock_ask { LOCK_ASK_CODE, LOCK_ASK_NEW, LOCK_ASK_AGAIN };

static const char *const lock_prompt_table[] = {
	[LOCK_ASK_CODE] = "解除コードを入力して Enter を押してください。",
	[LOCK_ASK_NEW] = "解除コードがまだありません。新しい解除コード (半角 4-16 "
	    "文字) を決めて入力し、Enter を押してください。",
	[LOCK_ASK_AGAIN] = "確認のため、同じ解除コードをもう一度入力してください。",
};

struct lock {
	enum lock_ask	ask;
	char		code[LOCK_CODE_MAX + 1];
	char		first[LOCK_CODE_MAX + 1];	/* LOCK_ASK_AGAIN */
	size_t		len;
	int		wrong;
	char		msg[256];
	int64_t		deadline_ms;
};

static void
lock_wipe(struct lock *lk)
{
	explicit_bzero(lk->code, sizeof(lk->code));
	explicit_bzero(lk->first, sizeof(lk->first));
	lk->len = 0;
}

/* The text centred on row. */
static void
lock_center(struct ui *ui, int row, const char *text, int attrs)
{
	int w = ui_text_width(text), col = (COLS - w) / 2;

	ui_put(ui, row, col < 0 ? 0 : col, COLS, text, attrs);
}

/* The lock screen: drawn over the whole terminal, nothing of the screens
 * under it. */
static void
lock_draw(struct ui *ui, const struct lock *lk)
{
	char line[160], stars[LOCK_CODE_MAX + 1];
	int row = LINES / 2 - 6, col;

	if (row < 1)
		row = 1;
	erase();
	curs_set(0);
	lock_center(ui, row, "画面ロック", UI_ATTR_BOLD);
	lock_center(ui, row + 2, "離席中のため画面をロックしました", UI_ATTR_NORMAL);
	snprintf(line, sizeof(line), "職員: %s", ui->sess->name != NULL ?
	    ui->sess->name : ui->sess->login);
	lock_center(ui, row + 4, line, UI_ATTR_NORMAL);
	ui_wrap(ui, row + 6, row + 8, 4, COLS - 8, lock_prompt_table[lk->ask],
	    UI_ATTR_NORMAL);
	memset(stars, '*', lk->len);
	stars[lk->len] = '\0';
	col = ui_put(ui, row + 9, 4, COLS - 8, "解除コード: ", UI_ATTR_BOLD);
	ui_put(ui, row + 9, 4 + col, LOCK_CODE_MAX, stars, UI_ATTR_UNDERLINE);
	ui_wrap(ui, row + 11, row + 13, 4, COLS - 8, lk->msg, UI_ATTR_BOLD);
	snprintf(line, sizeof(line), "解除しないまま %d 分たつと、この窓口の画面"
	    "は終了します。", (ui->sess->lock_timeout_s + 59) / 60);
	ui_wrap(ui, row + 14, row + 16, 4, COLS - 8, line, UI_ATTR_NORMAL);
	ui_put(ui, row + 16, 4, COLS - 8, "F10 でログアウトします (入力中の内容は"
	    "保存されません)。", UI_ATTR_NORMAL);
	move(row + 9, 4 + col + (int)lk->len);
	curs_set(1);
	refresh();
}

/* The session ends from the lock: said after curses ends. */
static void
lock_end(struct ui *ui, const char *reason, const char *text, int idle)
{
	log_info("locked screen: %s: session ends", reason);
	ui->quit = 1;
	ui->idle_out = idle;
	ui->idle_total_s = ui->sess->idle_timeout_s + ui->sess->lock_timeout_s;
	ui->end_reason = reason;
	ui->end_text = text;
}

/* A wrong code: said, counted; the last one ends the session (audited). */
static void
lock_wrong(struct ui *ui, struct lock *lk)
{
	const struct ui_session *s = ui->sess;

	lk->wrong++;
	log_info("locked screen: wrong unlock code (%d of %d)", lk->wrong,
	    UI_LOCK_TRIES);
	if (lk->wrong < UI_LOCK_TRIES) {
		snprintf(lk->msg, sizeof(lk->msg), "解除コードが違います "
		    "(あと %d 回間違えると終了します)。", UI_LOCK_TRIES - lk->wrong);
		return;
	}
	if (s->unlock_failed != NULL && s->store != NULL)
		s->unlock_failed(s->store, s->login, lk->wrong);
	lock_end(ui, "unlock failed", "解除コードを続けて間違えたため、", 0);
}

/* Enter: the code checked, or the new code taken; 1 when unlocked. */
static int
lock_enter(struct ui *ui, struct lock *lk)
{
	const struct ui_session *s = ui->sess;
	char why[256];
	int rc;

	lk->msg[0] = '\0';
	switch (lk->ask) {
	case LOCK_ASK_CODE:
		rc = s->unlock_verify(s->store, s->login, lk->code);
		lock_wipe(lk);
		if (rc == 1)
			return 1;
		if (rc == 0)
			lock_wrong(ui, lk);
		else
			snprintf(lk->msg, sizeof(lk->msg), "解除コードを確かめ"
			    "られませんでした。もう一度入力してください。");
		return 0;
	case LOCK_ASK_NEW:
		if (s->unlock_check(lk->code, why, sizeof(why)) == -1) {
			snprintf(lk->msg, sizeof(lk->msg), "%s", why);
			lock_wipe(lk);
			return 0;
		}
		memcpy(lk->first, lk->code, sizeof(lk->first));
		explicit_bzero(lk->code, sizeof(lk->code));
		lk->len = 0;
		lk->ask = LOCK_ASK_AGAIN;
		return 0;
	case LOCK_ASK_AGAIN:
		break;
	}
	if (strcmp(lk->first, lk->code) != 0) {
		snprintf(lk->msg, sizeof(lk->msg), "2 回の入力が一致しません。"
		    "はじめから入力してください。");
		rc = 0;
	} else if ((rc = s->unlock_set(s->store, s->login, lk->code, why,
	    sizeof(why))) == -1)
		snprintf(lk->msg, sizeof(lk->msg), "%s", why);
	lock_wipe(lk);
	if (rc == 0 && lk->msg[0] == '\0')
		return 1;
	lk->ask = LOCK_ASK_NEW;
	return 0;
}

/* One key at the lock; 1 when unlocked. */
static int
lock_key(struct ui *ui, struct lock *lk, const struct ui_event *ev)
{
	if (ev->kind == UI_EV_CHAR) {
		if (ev->ch <= 0x20 || ev->ch >= 0x7f)
			snprintf(lk->msg, sizeof(lk->msg), "解除コードは半角の"
			    "英数字・記号です。");
		else if (lk->len < LOCK_CODE_MAX)
			lk->code[lk->len++] = (char)ev->ch;
		return 0;
	}
	if (ev->kind != UI_EV_KEY)
		return 0;
	switch (ev->key) {
	case UI_K_ENTER:
		return lock_enter(ui, lk);
	case UI_K_BACKSPACE:
		if (lk->len > 0)
			lk->code[--lk->len] = '\0';
		break;
	case UI_K_CLEAR:
	case UI_K_ESC:
		lock_wipe(lk);
		break;
	case UI_K_REDRAW:
		clearok(curscr, TRUE);
		break;
	}
	return 0;
}

/* How long to wait for a key: the lock's deadline or the next look at
 * the clerk's row. */
static int
lock_wait_ms(const struct ui *ui, const struct lock *lk)
{
	int64_t left = lk->deadline_ms - util_now_ms();
	int kw = ui_clerk_wait_ms(ui);

	if (left < 0)
		left = 0;
	if (left > 60000)
		left = 60000;
	return kw >= 0 && kw < left ? kw : (int)left;
}

int
ui_lock(struct ui *ui)
{
	const struct ui_session *s = ui->sess;
	struct ui_event ev;
	struct lock lk;
	int has, unlocked = 0;

	if (s->store == NULL || s->unlock_verify == NULL) {
		lock_end(ui, "idle timeout", NULL, 1);
		ui->idle_total_s = s->idle_timeout_s;
		return -1;
	}
	memset(&lk, 0, sizeof(lk));
	lk.deadline_ms = util_now_ms() + (int64_t)s->lock_timeout_s * 1000;
	has = s->unlock_has(s->store, s->login);
	lk.ask = has == 0 ? LOCK_ASK_NEW : LOCK_ASK_CODE;
	log_info("idle for %d s: screen locked", s->idle_timeout_s);
	while (!unlocked && !ui->quit) {
		lock_draw(ui, &lk);
		if (util_now_ms() >= lk.deadline_ms) {
			lock_end(ui, "lock timeout", NULL, 1);
			break;
		}
		ui_clerk_poll(ui);
		if (ui->quit)
			break;
		ui_key_read(ui, lock_wait_ms(ui, &lk), &ev);
		if (ev.kind == UI_EV_EOF)
			lock_end(ui, "terminal closed or hangup", NULL, 0);
		else if (ev.kind == UI_EV_KEY && ev.key == UI_K_F(10))
			lock_end(ui, "logout from the lock", NULL, 0);
		else
			unlocked = lock_key(ui, &lk, &ev);
	}
	lock_wipe(&lk);
	if (!unlocked)
		return -1;
	log_info("screen unlocked");
	clearok(curscr, TRUE);
	ui->last_key_ms = util_now_ms();
	return 0;
}

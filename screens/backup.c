/*
 * バックアップ (admins): the last backup of this state (when, in Japan's
 * time, its size and place, whether the keys went with it), read when the
 * screen comes on top into the file's one view; F5 takes one now into
 * STATE/backup/<time>/ without keys, after asking, through proc
 * (proc_backup_make, audited backup.create). Keys and restores are the
 * server's: madoguchi backup --with-keys, madoguchi restore.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "madoguchi/era.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "screens.h"

struct backup_view {
	struct store_backup	last;
	int			rc;	/* store_backup_last: 0, 1 none, -1 */
};
static struct backup_view backup_model;

static void
backup_show_cb(struct ui *ui)
{
	struct store *st = ui_session(ui)->store;

	backup_model.rc = st == NULL ? -1 : store_backup_last(st,
	    &backup_model.last);
}

static void
backup_size(int64_t size, char *out, size_t n)
{
	if (size >= 1024 * 1024)
		snprintf(out, n, "%.1f MB", (double)size / (1024.0 * 1024.0));
	else
		snprintf(out, n, "%.1f KB", (double)size / 1024.0);
}

static void
backup_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct backup_view *v = &backup_model;
	struct ui_rows r = { top, bottom, 2, 20, 76 };
	char when[96], size[32];

	if (v->rc == -1)
		ui_row(ui, &r, "最後のバックアップ", "読み出せません (データ"
		    "ベースの誤り)", UI_ATTR_BOLD);
	else if (v->rc == 1)
		ui_row(ui, &r, "最後のバックアップ", "まだありません",
		    UI_ATTR_BOLD);
	else {
		era_format_time(v->last.at, 0, when, sizeof(when));
		backup_size(v->last.size, size, sizeof(size));
		ui_row(ui, &r, "最後のバックアップ", when, UI_ATTR_BOLD);
		ui_row(ui, &r, "大きさ", size, 0);
		ui_row(ui, &r, "場所", v->last.dir, 0);
		ui_row(ui, &r, "秘密鍵", v->last.with_keys ? "含む (暗号化)" :
		    "含まない", 0);
		ui_row(ui, &r, "実行した人", v->last.actor, 0);
	}
	r.row++;
	if (r.row < bottom)
		ui_wrap(ui, r.row, bottom, 2, 76, "F5: 今すぐバックアップします "
		    "(状態ディレクトリの backup/ に、\n秘密鍵は含めずに)。窓口の"
		    "仕事は止まりません。\n\n認証局と鍵を含めるバックアップと"
		    "復元はサーバーで行います:\n  madoguchi backup --out DIR "
		    "--with-keys\n  madoguchi restore DIR --state 新しいDIR",
		    UI_ATTR_NORMAL);
}

/* F5: a backup now, without keys. */
static void
backup_now_cb(struct ui *ui)
{
	const struct ui_session *s = ui_session(ui);
	struct proc_backup_result res;
	char msg[768], size[32], *dir;
	int rc;

	if (s->store == NULL || s->state_dir == NULL) {
		ui_message(ui, "バックアップ", "この端末ではバックアップできま"
		    "せん (状態ディレクトリがありません)。");
		return;
	}
	if (!ui_confirm(ui, "今すぐバックアップしますか (秘密鍵は含めません)?")
	    || ui_clerk_recheck(ui) == -1)
		return;
	dir = proc_backup_default_dir(s->state_dir);
	ui_busy(ui, "バックアップしています...");
	rc = proc_backup_make(s->store, s->state_dir, dir, s->login, NULL,
	    &res, msg, sizeof(msg));
	ui_busy_done(ui);
	free(dir);
	backup_show_cb(ui);
	if (rc == -1) {
		ui_message(ui, "バックアップ", msg);
		return;
	}
	backup_size(res.size, size, sizeof(size));
	if (res.ca_unreadable)
		ui_message(ui, "バックアップ", "窓口のデータベースと監査ログの先頭を"
		    "バックアップしました。\n認証局のデータベースと鍵は含みません "
		    "(この画面からは読めません)。\nサーバーで madoguchi backup "
		    "を使うと、認証局も同じ時点で写します。");
	else
		ui_status(ui, 0, "バックアップしました (%s)。", size);
}

static const struct screen_key backup_keys[] = {
	{ 5, 'b', "実行", SCREEN_ACT_CALL, backup_now_cb },
};

const struct screen screen_backup = {
	.id = "backup",
	.title = "バックアップ",
	.help =
	    "窓口を止めずに、データベース・認証局のデータベースと証明書・\n"
	    "監査ログの署名済み先頭を一つの時点で写します。\n"
	    "F5: 状態ディレクトリの backup/ に今すぐ (秘密鍵は含めません)。\n"
	    "鍵はサーバーで madoguchi backup --with-keys (パスフレーズで暗号化)。\n"
	    "復元: madoguchi restore DIR --state 新しいDIR。",
	.kind = SCREEN_INFO,
	.min_role = UI_ROLE_ADMIN,
	.keys = backup_keys,
	.nkeys = nitems(backup_keys),
	.draw = backup_draw_cb,
	.show = backup_show_cb,
};

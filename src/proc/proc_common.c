/*
 * What every procedure of src/proc shares: the JPKI cert kinds, progress
 * lines for the clerk, and the Japanese messages for a failed card,
 * issuer or database step (the English detail goes to the log).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

const struct proc_kind proc_kind_table[] = {
	{ "signature", ISSUER_KIND_SIGNATURE, CARD_KEY_SIGN, CARD_CERT_SIGN,
	  CARD_PIN_SIGN, "署名用電子証明書" },
	{ "user", ISSUER_KIND_USER, CARD_KEY_USER, CARD_CERT_USER,
	  CARD_PIN_USER, "利用者証明用電子証明書" },
};
const size_t proc_kind_count = nitems(proc_kind_table);

void
proc_say(struct proc_ctx *pc, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	if (pc->progress == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pc->progress(buf, pc->progress_arg);
}

enum proc_status
proc_card_fail(const struct card_error *ce, char *msg, size_t msglen)
{
	snprintf(msg, msglen, "%s カードと読み取り機を確認して、もう一度実行して"
	    "ください (途中まで済んだ手順は保存されています)。",
	    card_error_ja(ce->code));
	log_warnx("card step failed: %s (%s)", card_error_name(ce->code),
	    ce->detail);
	return PROC_CARD;
}

enum proc_status
proc_issuer_fail(struct proc_ctx *pc, enum issuer_status is, char *msg,
    size_t msglen)
{
	static const char *const text[] = {
		[ISSUER_E_INVALID] = "発行機関が依頼の内容を受け付けませんでした。"
		    "カードの有効期限と本人の記録 (氏名・住所・生年月日) を確かめて"
		    "ください。直らないときは管理者に連絡してください。",
		[ISSUER_E_CONFLICT] = "この申請の依頼は、前に別の内容で発行機関に"
		    "送られています。管理者に連絡してください。",
		[ISSUER_E_NOT_FOUND] = "発行機関にこの証明書の記録がありません。"
		    "管理者に連絡してください。",
		[ISSUER_E_STATE] = "発行機関の記録の状態では、この処理はできません。"
		    "管理者に連絡してください。",
		[ISSUER_E_FAILED] = "発行機関の処理に失敗しました。時間をおいて、"
		    "もう一度実行してください。",
	};

	snprintf(msg, msglen, "%s (途中まで済んだ手順は保存されています)",
	    is > ISSUER_OK && is <= ISSUER_E_FAILED ? text[is] :
	    text[ISSUER_E_FAILED]);
	log_warnx("issuer: %s: %s", issuer_status_name(is),
	    issuer_error(pc->iss));
	return PROC_FAILED;
}

enum proc_status
proc_store_fail(struct proc_ctx *pc, char *msg, size_t msglen)
{
	snprintf(msg, msglen, "データベースに保存できませんでした。もう一度"
	    "実行してください。");
	log_warnx("store: %s", store_errmsg(pc->st));
	return PROC_FAILED;
}

/* "signature user" contains kind? */
int
proc_has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}


/*
 * The inquiry/reply letter (照会書兼回答書) as an A4 PDF: the letter's 様式
 * picks its template (src/print/form_letter.c) and whether the guideline
 * mails it 転送不要; the fields come from proc_letter_parts. Never a PIN,
 * never the individual number: no field carries them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/print.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

/* The letters and how the guideline sends them. */
static const struct {
	enum rules_form			 form;
	const struct print_form		*print;
	int				 no_forward;
} proc_letter_form_table[] = {
	/* R2.9: 住民票の住所地へ転送不要郵便. Its proviso names 第23号 for
	 * the 国外継続利用 case in the same sentence: only the form changes. */
	{ RULES_FORM_2, &print_form_letter_2, 1 },
	{ RULES_FORM_CARD_23, &print_form_letter_card_23, 1 },
	/* R3.7: 転送不要郵送. */
	{ RULES_FORM_4, &print_form_letter_4, 1 },
	/* R6.5, R4.8: 郵送, not said 転送不要. */
	{ RULES_FORM_9, &print_form_letter_9, 0 },
	{ RULES_FORM_CARD_20, &print_form_letter_card_20, 0 },
};

/* What the addressee brings: the letter with its reply, the card the
 * application is about (a disclosure or correction needs none), and
 * documents that show who they are. */
static const char *
letter_bring(int request)
{
	if (request)
		return "・この照会書兼回答書 (回答書の欄に記入したもの)\n"
		    "・本人確認書類 (マイナンバーカード、運転免許証など)";
	return "・この照会書兼回答書 (回答書の欄に記入したもの)\n"
	    "・マイナンバーカード\n"
	    "・本人確認書類 (運転免許証、健康保険の資格確認書など)";
}

static int
letter_write(const struct print_form *form, int no_forward,
    const struct proc_letter_parts *lp, const char *path)
{
	int request = strcmp(lp->procedure, "disclose") == 0 ||
	    strcmp(lp->procedure, "correct") == 0;
	const char *noun = request ? "請求" : "申請";
	char *sender, *body, *deadline, *app_form, *lead, *reply, *note;
	int rc;

	sender = xasprintf("%s長\n%s %s", lp->city, lp->city, lp->window);
	body = xasprintf("あなた (又はあなたの代理人) から、次の%sがありました。"
	    "この%sがあなたの意思に基づくものであることを確かめるため、照会"
	    "します。下の回答書の欄に記入して、期限までに窓口へお持ちくださ"
	    "い。", noun, noun);
	deadline = xasprintf("%s (この日を過ぎると、改めて%sが要ります)",
	    lp->deadline, noun);
	app_form = xasprintf("%s (受付番号 %s)", lp->app_form, lp->app_no);
	lead = xasprintf("上記の%sについて、次のとおり回答します。", noun);
	reply = xasprintf("□ %sした　　　□ %sしていない", noun, noun);
	note = xasprintf("この照会書兼回答書は、%sがご本人の意思によるものか"
	    "確かめるためにお送りしています。お心当たりのない%sのときは、"
	    "「%sしていない」に印を付けて、お早めに%s %sへご連絡ください。%s",
	    noun, noun, noun, lp->city, lp->window, no_forward ?
	    "この照会書兼回答書は転送されません。" : "");
	{
		const struct print_field f[] = {
			{ "form", lp->form },
			{ "date", lp->date },
			{ "number", lp->ref_no },
			{ "sender", sender },
			{ "postcode", NULL },	/* not on record: written in */
			{ "address", lp->address },
			{ "name", lp->name },
			{ "no_forward", no_forward ? "1" : NULL },
			{ "body", body },
			{ "what", lp->what },
			{ "applied", lp->applied },
			{ "window", lp->window },
			{ "app_form", app_form },
			{ "deadline", deadline },
			{ "bring", letter_bring(request) },
			{ "reply_lead", lead },
			{ "reply", reply },
			{ "reply_date", "令和　　年　　月　　日" },
			{ "note", note },
		};

		rc = print_form_write(form, f, nitems(f), 0, path);
	}
	free(note);
	free(reply);
	free(lead);
	free(app_form);
	free(deadline);
	free(body);
	free(sender);
	return rc;
}

int
proc_letter_pdf(struct proc_ctx *pc, const struct store_letter *l,
    const char *path)
{
	struct proc_letter_parts lp;
	size_t i;

	for (i = 0; i < nitems(proc_letter_form_table); i++)
		if (strcmp(rules_form_name(proc_letter_form_table[i].form),
		    l->form) == 0)
			break;
	if (i == nitems(proc_letter_form_table)) {
		log_warnx("print: letter %s: no template for %s", l->ref_no,
		    l->form);
		return -1;
	}
	if (proc_letter_parts(pc, l, &lp) == -1) {
		log_warnx("print: letter %s: application %lld not found",
		    l->ref_no, (long long)l->application_id);
		return -1;
	}
	return letter_write(proc_letter_form_table[i].print,
	    proc_letter_form_table[i].no_forward, &lp, path);
}

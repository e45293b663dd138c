/*
 * The invented data every application form's specimen is filled with:
 * 𠮷 (U+20BB7) is beyond IPAex, and the agent's 葛󠄂 is U+845B U+E0102, a
 * variation sequence of the registry. The boxes marked are the first of
 * each kind of form, so that every specimen shows a ■.
 */
#include "form_app.h"

const struct print_field form_app_specimen[FORM_APP_NSPECIMEN] = {
	{ "addressee", "豊中市長 様" },
	{ "number", "1025" },
	{ "date", "令和8年12月2日" },
	{ "kana", "ヨシダ ハナコ" },
	{ "name", "𠮷田 花子" },
	{ "birth", "昭和61年2月3日" },
	{ "sex", "女" },
	{ "address", "大阪府豊中市中桜塚三丁目1番1号 見本ハイツ101号室" },
	{ "kind", "新規発行\t失効申請\t紛失\t返納\t暗証番号の変更\t開示\t訂正\t"
	    "顔認証マイナンバーカードとする" },
	{ "certs", "署名用電子証明書\t利用者証明用電子証明書" },
	{ "filer", "任意代理人" },
	{ "rep_name", "葛\xf3\xa0\x84\x82城 一郎" },
	{ "rep_kind", "委任状による代理人" },
	{ "request", "利用者証明用電子証明書の発行の記録のうち、申請日の記載" },
	{ "documents", "運転免許証" },
	{ "filer_documents", "個人番号カード、委任状" },
	{ "window", "豊中市 市民課" },
	{ "clerk", "窓口 次郎" },
};
_Static_assert(FORM_NITEMS(form_app_specimen) == FORM_APP_NSPECIMEN &&
    FORM_NITEMS(form_app_specimen) > 0, "every specimen field given");

/*
 * Reason codes rendered for the clerk: one Japanese line per code and its
 * severity (reject, partial refusal, note), as one const table. Screens and
 * the CLI both render decisions through these functions; the deciders only
 * ever store codes.
 */
#include <stdio.h>

#include "madoguchi/rules.h"
#include "rules_private.h"

struct reason_row {
	enum rules_severity	 sev;
	const char		*text;
};

#define REJ RULES_SEV_REJECT
#define REF RULES_SEV_REFUSE
#define NOTE RULES_SEV_NOTE

static const struct reason_row reason_table[RULES_RSN_COUNT] = {
	[RULES_RSN_WINDOW_NOT_ALLOWED] = { REJ, "この手続はこの窓口では受け付けられません" },
	[RULES_RSN_VIA_NOT_PROVIDED] = { REJ, "この手続は経由地市区町村を経由して提出できません" },
	[RULES_RSN_VIA_GROUND_NOT_ALLOWED] = { REJ, "この理由では経由地市区町村を経由して提出できません（法人のとりまとめ又はＤＶ等被害者に限ります）" },
	[RULES_RSN_VIA_INFANT_AGE] = { REJ, "申請日に1歳未満ではないため、特定年齢未満申請者として経由提出できません" },
	[RULES_RSN_LEGAL_REP_REQUIRED] = { REJ, "15歳未満の方又は成年被後見人の申請は法定代理人が行います" },
	[RULES_RSN_LEGAL_REP_NOT_APPLICABLE] = { REJ, "本人が15歳未満でも成年被後見人でもないため、法定代理人としては申請できません（本人又は任意代理人）" },
	[RULES_RSN_LEGAL_REP_KIND] = { REJ, "法定代理人の種別が本人の状況と合いません（15歳未満は親権者、成年被後見人は成年後見人）" },
	[RULES_RSN_AUTHORITY_PARENT] = { REJ, "親権者であることを戸籍謄本又は市の公簿で確認できていません" },
	[RULES_RSN_AUTHORITY_GUARDIAN] = { REJ, "成年後見人の代理権を登記事項証明書等で確認できていません" },
	[RULES_RSN_ID_MISSING] = { REJ, "本人確認書類が足りません（A欄の書類1点、又はB欄の書類2点と照会回答書）" },
	[RULES_RSN_ID_LIST_B_NEEDS_REPLY] = { REJ, "B欄の書類2点による本人確認には照会回答書が必要です" },
	[RULES_RSN_ID_OVERSEAS_LIST_A_ONLY] = { REJ, "国外転出者の本人確認は個人番号カード・旅券等のA欄の書類1点に限ります（B欄の書類は使えません）" },
	[RULES_RSN_REP_ID_MISSING] = { REJ, "法定代理人の本人確認書類が足りません" },
	[RULES_RSN_DOC_EXPIRED] = { REJ, "有効期間内でない書類は本人確認に使えません" },
	[RULES_RSN_DOC_PHOTO] = { REJ, "顔写真有のものに限るA欄の書類に顔写真がありません（顔写真無のものはB欄の書類です）" },
	[RULES_RSN_DOC_B26_ONCE] = { REJ, "B欄第26号の書類（預金通帳・診察券等）は合わせて1点としか数えません" },
	[RULES_RSN_DOC_B20_PIN] = { REJ, "顔写真無の住民基本台帳カードは暗証番号を照合できる場合に限ります" },
	[RULES_RSN_CARD_UNCHECKED] = { REJ, "提示されたカードの確認（暗証番号照合・券面事項確認）が済んでいないか、確認できませんでした" },
	[RULES_RSN_CARD_FACE_MISMATCH] = { REJ, "券面事項確認情報と券面記載事項が一致しません" },
	[RULES_RSN_CARD_REGISTRY_MISMATCH] = { REJ, "申請書の基本4情報で住民基本台帳の記録を確認できません" },
	[RULES_RSN_CARD_ANNEX_MISMATCH] = { REJ, "申請書の氏名・国外転出日・生年月日・性別で戸籍の附票の記録を確認できません" },
	[RULES_RSN_CARD_STATUS] = { REJ, "カードの運用状況に問題があります（一時停止・廃止等）" },
	[RULES_RSN_AGENT_NO_ROUTE] = { REJ, "この手続は任意代理人による申請を定めていません（本人又は法定代理人）" },
	[RULES_RSN_AGENT_DOC] = { REJ, "任意代理人の本人確認書類（A欄の書類1点）がありません" },
	[RULES_RSN_AGENT_POA] = { REJ, "本人の署名又は記名押印がある委任状がありません" },
	[RULES_RSN_AGENT_REPLY] = { REJ, "市又はJ-LISから送付された照会回答書がありません" },
	[RULES_RSN_AGENT_CARD_GUIDELINE_DOCS] = { REJ, "照会回答書に代えて個人番号カード要綱の定める書類が必要です" },
	[RULES_RSN_PIN_FORM_MISSING] = { REJ, "封入・封緘した暗証番号設定依頼書がありません" },
	[RULES_RSN_SERIAL_MISSING] = { REJ, "個人番号カード又は電子証明書のシリアル番号を確認できる資料がありません" },
	[RULES_RSN_NOTHING_TO_ISSUE] = { REJ, "この申請で受け付けられる電子証明書がありません" },
	[RULES_RSN_FACE_AUTH_INFANT] = { REJ, "1歳未満の方（特定年齢未満申請者）は顔認証カードにできません" },
	[RULES_RSN_FACE_AUTH_OVERSEAS] = { REJ, "国外転出者の顔認証カードは個人番号カード要綱第17条第6項・第7項の手続によります" },
	[RULES_RSN_PIN_CHANGE_FACE_AUTH] = { REJ, "顔認証カードの暗証番号は変更できません。再設定の申請により利用できる状態にします" },
	[RULES_RSN_SIGNATURE_MINOR] = { REF, "署名用電子証明書は発行しません（15歳未満・成年被後見人は、法定代理人が同行し両者の意思を確認できた場合に限ります）" },
	[RULES_RSN_SIGNATURE_INFANT_VIA] = { REF, "1歳未満を理由とする経由提出は利用者証明用電子証明書に限ります（署名用は対象外）" },
	[RULES_RSN_SIGNATURE_FACE_AUTH] = { REF, "顔認証カード希望のため署名用電子証明書は発行しません" },
	[RULES_RSN_STAFF_FILLS_FORM] = { NOTE, "経由して提出された申請書をもとに職員が申請書を記載します" },
	[RULES_RSN_RECORD_DOCUMENTS] = { NOTE, "提示を受けた書類の種類を申請書に記録します" },
	[RULES_RSN_PIN_EXISTING] = { NOTE, "更新のため従来の暗証番号を用います" },
	[RULES_RSN_PIN_OLD_NEEDED] = { NOTE, "暗証番号の変更には従来の暗証番号の入力も必要です" },
	[RULES_RSN_RENEWAL_NO_REVOKE_FORM] = { NOTE, "更新のため失効申請書（様式第3号）の提出は不要です" },
	[RULES_RSN_REPLY_NOT_NEEDED_MOVE] = { NOTE, "転入届等と併せた1か月以内の申請で代理人が同一世帯のため、照会回答書は不要です" },
	[RULES_RSN_SIGNATURE_REVOKED_FACE_AUTH] = { NOTE, "有効な署名用電子証明書は失効の申請があったものとして失効させます" },
	[RULES_RSN_FACE_AUTH_MARK] = { NOTE, "無作為の暗証番号を設定してロックし、表面の記載欄に「顔認証」と年月日を記載して職印を押し返却します" },
	[RULES_RSN_FACE_AUTH_RELEASE_MARK] = { NOTE, "追記欄の「顔認証」・年月日・職印に取り消し線を引き、重ねて職印を押します" },
	[RULES_RSN_REVOKE_ON_NOTICE] = { NOTE, "届出の受理をもって電子証明書を失効させます" },
	[RULES_RSN_ON_HOLD_BY_PHONE] = { NOTE, "紛失による一時保留はJ-LISへの電話で申請します" },
	[RULES_RSN_NEW_ISSUE_IF_NEEDED] = { NOTE, "一時保留の電子証明書を失効させます。必要に応じて新たな発行申請を求めます" },
	[RULES_RSN_SEND_TO_JLIS] = { NOTE, "請求書をJ-LISへ特定記録郵便で送付します" },
	[RULES_RSN_RETENTION_OTHER] = { NOTE, "この様式の保存期間は個人番号カード要綱等の定めによります（設定値）" },
	[RULES_RSN_CARD_GUIDELINE_DOCS] = { NOTE, "任意代理人は照会回答書等に代えて個人番号カード要綱の定める書類を提出します" },
};

const char *
rules_reason_text(enum rules_reason_code code)
{
	if ((unsigned)code >= RULES_RSN_COUNT)
		return NULL;
	return reason_table[code].text;
}

enum rules_severity
rules_reason_severity(enum rules_reason_code code)
{
	if ((unsigned)code >= RULES_RSN_COUNT)
		return RULES_SEV_NOTE;
	return reason_table[code].sev;
}

int
rules_reason_format(const struct rules_reason *r, char *buf, size_t size)
{
	const char *text = rules_reason_text(r->code);
	const char *id = rules_id_name(r->rule);

	if (text == NULL)
		text = "?";
	if (id == NULL)
		return snprintf(buf, size, "%s", text);
	return snprintf(buf, size, "%s（%s）", text, id);
}

/*
 * The guideline's behaviour as const data: the enum names of the JSON
 * contract, the forms as printed in the seed, the document lists A (R2.5)
 * and B (R2.6), the windows, one row per procedure and register saying which
 * paragraph brings in which check, and the combined forms.
 */
#include <stddef.h>
#include <string.h>

#include "madoguchi/rules.h"
#include "rules_private.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* The codes of the JSON contract and the store, and the labels a clerk
 * reads, in enum order. The window and register labels are public
 * NULL-terminated lists, so a choice field can take them as they are. */
static const char *const proc_names[RULES_PROC_COUNT] = {
	"issue", "revoke", "pin_change", "pin_reset", "face_auth",
	"disclose", "correct", "card_found",
};
const char *const rules_procedure_label_table[RULES_PROC_COUNT + 1] = {
	"発行・更新", "失効", "暗証番号の変更", "暗証番号の初期化",
	"顔認証への切替", "開示請求", "訂正請求", "紛失カードの発見", NULL,
};
static const char *const reg_names[RULES_REG_COUNT] = { "resident", "overseas" };
const char *const rules_register_label_table[RULES_REG_COUNT + 1] = {
	"住民", "国外転出者", NULL,
};
/* For list columns. */
static const char *const reg_short_labels[RULES_REG_COUNT] = { "住民", "国外" };
static const char *const window_names[RULES_WIN_COUNT] = {
	"citizens", "shonai", "shinsenri", "embassy", "via_municipality",
};
const char *const rules_window_label_table[RULES_WIN_COUNT + 1] = {
	"市民課", "庄内出張所", "新千里出張所", "在外公館", "経由地市区町村", NULL,
};
/* Certificate kinds, indexed by bit number (RULES_CERT_SIGNATURE is bit 0). */
static const char *const cert_names[] = { "signature", "user" };
static const char *const cert_labels[] = {
	"署名用電子証明書", "利用者証明用電子証明書",
};
static const char *const cert_short_labels[] = { "署名用", "利用者証明用" };

static const char *const via_names[RULES_VIA_COUNT] = {
	NULL, "corporate_batch", "dv_victim", "infant",
};
static const char *const filer_names[RULES_FILER_COUNT] = {
	"self", "legal_rep", "agent",
};
const char *const rules_filer_label_table[RULES_FILER_COUNT + 1] = {
	"本人", "法定代理人", "任意代理人", NULL,
};
static const char *const rep_labels[RULES_REP_COUNT] = { "親権者", "成年後見人" };
static const char *const rep_names[RULES_REP_COUNT] = { "parent", "guardian" };
static const char *const auth_names[RULES_AUTH_COUNT] = {
	"none", "koseki", "city_records", "registry_certificate",
};
static const char *const comb_names[RULES_COMB_COUNT] = {
	NULL, "card_face_change", "overseas_continued_use",
	"residence_period_change", "temporary_stop_release", "card_lost",
	"card_returned", "card_found",
};
static const char *const pin_names[RULES_PIN_COUNT] = {
	NULL, "applicant", "staff_from_request", "staff_random", "existing",
};

#define NAME_OF(tab, v) \
	((unsigned)(v) < NITEMS(tab) ? (tab)[(unsigned)(v)] : NULL)

/* Label tables end with NULL; their lookups stop before it. */
#define LABEL_OF(tab, v) \
	((unsigned)(v) < NITEMS(tab) - 1 ? (tab)[(unsigned)(v)] : NULL)

const char *rules_procedure_name(enum rules_procedure p) { return NAME_OF(proc_names, p); }
const char *rules_procedure_label(enum rules_procedure p) { return LABEL_OF(rules_procedure_label_table, p); }
const char *rules_register_name(enum rules_register r) { return NAME_OF(reg_names, r); }
const char *rules_register_label(enum rules_register r) { return LABEL_OF(rules_register_label_table, r); }
const char *rules_register_short_label(enum rules_register r) { return NAME_OF(reg_short_labels, r); }
const char *rules_window_name(enum rules_window w) { return NAME_OF(window_names, w); }
const char *rules_window_label(enum rules_window w) { return LABEL_OF(rules_window_label_table, w); }

static int
name_parse(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < n; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

int rules_procedure_parse(const char *s) { return name_parse(proc_names, NITEMS(proc_names), s); }
int rules_register_parse(const char *s) { return name_parse(reg_names, NITEMS(reg_names), s); }
int rules_window_parse(const char *s) { return name_parse(window_names, NITEMS(window_names), s); }

/* The bit number of one RULES_CERT_* bit, -1 for none or several. */
static int
cert_index(unsigned cert)
{
	return cert == RULES_CERT_SIGNATURE ? 0 : cert == RULES_CERT_USER ? 1 : -1;
}

const char *rules_cert_name(unsigned cert) { return NAME_OF(cert_names, cert_index(cert)); }
const char *rules_cert_label(unsigned cert) { return NAME_OF(cert_labels, cert_index(cert)); }
const char *rules_cert_short_label(unsigned cert) { return NAME_OF(cert_short_labels, cert_index(cert)); }

unsigned
rules_cert_parse(const char *s)
{
	int i = name_parse(cert_names, NITEMS(cert_names), s);

	return i < 0 ? 0 : 1u << i;
}

const char *rules_via_ground_name(enum rules_via_ground g) { return NAME_OF(via_names, g); }
const char *rules_filer_name(enum rules_filer f) { return NAME_OF(filer_names, f); }
const char *rules_rep_kind_name(enum rules_rep_kind k) { return NAME_OF(rep_names, k); }
const char *rules_filer_label(enum rules_filer f) { return LABEL_OF(rules_filer_label_table, f); }
const char *rules_rep_kind_label(enum rules_rep_kind k) { return NAME_OF(rep_labels, k); }
const char *rules_authority_name(enum rules_authority a) { return NAME_OF(auth_names, a); }
const char *rules_combined_name(enum rules_combined c) { return NAME_OF(comb_names, c); }
const char *rules_pin_setter_name(enum rules_pin_setter p) { return NAME_OF(pin_names, p); }

struct form_row {
	const char	*name;
	const char	*title;
};

static const struct form_row form_table[RULES_FORM_COUNT] = {
	[RULES_FORM_NONE] = { NULL, NULL },
	[RULES_FORM_1] = { "様式第1号", "署名用電子証明書／利用者証明用電子証明書 新規発行／更新申請書" },
	[RULES_FORM_2] = { "様式第2号", "署名用電子証明書／利用者証明用電子証明書 新規発行／更新照会書兼回答書" },
	[RULES_FORM_3] = { "様式第3号", "署名用電子証明書／利用者証明用電子証明書 失効申請／秘密鍵漏えい等届出書" },
	[RULES_FORM_4] = { "様式第4号", "署名用電子証明書 利用者証明用電子証明書 失効申請／秘密鍵漏えい等届出照会書兼回答書" },
	[RULES_FORM_7] = { "様式第7号", "認証業務情報開示請求書" },
	[RULES_FORM_8] = { "様式第8号", "認証業務情報訂正請求書" },
	[RULES_FORM_9] = { "様式第9号", "認証業務情報開示請求／訂正請求照会書兼回答書" },
	[RULES_FORM_10] = { "様式第10号", "【国外転出者用】署名用電子証明書／利用者証明用電子証明書 新規発行／更新申請書" },
	[RULES_FORM_11] = { "様式第11号", "【国外転出者用】署名用電子証明書／利用者証明用電子証明書 失効申請／秘密鍵漏えい等届出書" },
	[RULES_FORM_12] = { "様式第12号", "【国外転出者用】認証業務情報開示請求書" },
	[RULES_FORM_13] = { "様式第13号", "【国外転出者用】認証業務情報訂正請求書" },
	[RULES_FORM_CARD_3] = { "個人番号カード要綱様式第3号", "個人番号カード在留期間更新に伴う有効期間変更申請書 電子証明書新規発行／失効／更新申請書" },
	[RULES_FORM_CARD_4] = { "個人番号カード要綱様式第4号", "個人番号カード暗証番号変更・再設定 電子証明書暗証番号変更・再設定申請書" },
	[RULES_FORM_CARD_5] = { "個人番号カード要綱様式第5号", "個人番号カード一時停止解除届 電子証明書新規発行／失効／更新申請書" },
	[RULES_FORM_CARD_8] = { "個人番号カード要綱様式第8号", "個人番号カード券面記載事項変更届 電子証明書新規発行／失効／更新申請書" },
	[RULES_FORM_CARD_10] = { "個人番号カード要綱様式第10号", "暗証番号の設定を希望しない旨の申請書" },
	[RULES_FORM_CARD_13] = { "個人番号カード要綱様式第13号", "【国外転出者用】個人番号カード／電子証明書暗証番号変更・再設定申請書" },
	[RULES_FORM_CARD_14] = { "個人番号カード要綱様式第14号", "【国外転出者用】個人番号カード一時停止解除届兼電子証明書新規発行／失効申請書" },
	[RULES_FORM_CARD_16] = { "個人番号カード要綱様式第16号", "【国外転出者用】個人番号カード券面記載事項変更届兼電子証明書新規発行／失効申請書" },
	[RULES_FORM_CARD_17] = { "個人番号カード要綱様式第17号", "【国外転出者用】個人番号カード国外継続利用申請書兼電子証明書新規発行／失効申請書" },
	[RULES_FORM_CARD_18] = { "個人番号カード要綱様式第18号", "【国外転出者用】個人番号カード紛失・廃止届" },
	[RULES_FORM_CARD_19] = { "個人番号カード要綱様式第19号", "【国外転出者用】個人番号カード返納届" },
	[RULES_FORM_CARD_20] = { "個人番号カード要綱様式第20号", "個人番号カード暗証番号変更・再設定 電子証明書暗証番号変更・再設定申請照会書兼回答書" },
	[RULES_FORM_CARD_23] = { "個人番号カード要綱様式第23号", "【国外転出者用】個人番号カード国外継続利用申請及び電子証明書新規発行／失効申請照会書兼回答書" },
	[RULES_FORM_NOTICE_4] = { "個人番号通知書要綱様式第4号", "通知カード個人番号カード紛失・廃止届" },
	[RULES_FORM_NOTICE_6] = { "個人番号通知書要綱様式第6号", "通知カード個人番号カード返納届" },
};

const char *
rules_form_name(enum rules_form f)
{
	return (unsigned)f < RULES_FORM_COUNT ? form_table[f].name : NULL;
}

const char *
rules_form_title(enum rules_form f)
{
	return (unsigned)f < RULES_FORM_COUNT ? form_table[f].title : NULL;
}

/* R2.5: list A, index = item number. Photo-only items say so in the seed. */
const struct rules_doc_kind rules_list_a_table[RULES_LIST_A_ITEMS + 1] = {
	[1] = { "運転免許証", "ウンテンメンキョショウ", false, false, false, false },
	[2] = { "運転経歴証明書（平成24年4月1日以降交付）", "ウンテンケイレキショウメイショ", false, false, false, false },
	[3] = { "旅券", "リョケン", false, false, false, false },
	[4] = { "身体障害者手帳", "シンタイショウガイシャテチョウ", false, false, false, false },
	[5] = { "精神障害者保健福祉手帳（顔写真有）", "セイシンショウガイシャホケンフクシテチョウ", true, false, false, false },
	[6] = { "療育手帳", "リョウイクテチョウ", false, false, false, false },
	[7] = { "在留カード（顔写真有）", "ザイリュウカード", true, false, false, false },
	[8] = { "特別永住者証明書（顔写真有）", "トクベツエイジュウシャショウメイショ", true, false, false, false },
	[9] = { "一時庇護許可書", "イチジヒゴキョカショ", false, false, false, false },
	[10] = { "仮滞在許可書", "カリタイザイキョカショ", false, false, false, false },
	[11] = { "住民基本台帳カード（顔写真有）", "ジュウミンキホンダイチョウカード", true, false, false, true },
	[12] = { "個人番号カード（顔写真有）", "コジンバンゴウカード", true, false, false, true },
	[13] = { "電気工事士免状", "デンキコウジシメンジョウ", false, false, false, false },
	[14] = { "無線従事者免許証", "ムセンジュウジシャメンキョショウ", false, false, false, false },
	[15] = { "動力車操縦者運転免許証", "ドウリョクシャソウジュウシャウンテンメンキョショウ", false, false, false, false },
	[16] = { "運航管理者技能検定合格証明書", "ウンコウカンリシャギノウケンテイゴウカクショウメイショ", false, false, false, false },
	[17] = { "宅地建物取引士証", "タクチタテモノトリヒキシショウ", false, false, false, false },
	[18] = { "船員手帳", "センインテチョウ", false, false, false, false },
	[19] = { "戦傷病者手帳", "センショウビョウシャテチョウ", false, false, false, false },
	[20] = { "海技免状", "カイギメンジョウ", false, false, false, false },
	[21] = { "教習資格認定証", "キョウシュウシカクニンテイショウ", false, false, false, false },
	[22] = { "検定合格証（顔写真有）", "ケンテイゴウカクショウ", true, false, false, false },
	[23] = { "官公署が職員に発行した身分証明書（顔写真有）", "カンコウショガショクインニハッコウシタミブンショウメイショ", true, false, false, false },
	[24] = { "猟銃・空気銃所持許可証", "リョウジュウクウキジュウショジキョカショウ", false, false, false, false },
	[25] = { "特種電気工事資格者認定証", "トクシュデンキコウジシカクシャニンテイショウ", false, false, false, false },
	[26] = { "認定電気工事従事者認定証", "ニンテイデンキコウジジュウジシャニンテイショウ", false, false, false, false },
	[27] = { "耐空検査員の証", "タイクウケンサインノショウ", false, false, false, false },
	[28] = { "航空従事者技能証明書", "コウクウジュウジシャギノウショウメイショ", false, false, false, false },
	[29] = { "小型船舶操縦免許証", "コガタセンパクソウジュウメンキョショウ", false, false, false, false },
};

/* R2.6: list B. Item 26 is one group of which one document counts. */
const struct rules_doc_kind rules_list_b_table[RULES_LIST_B_ITEMS + 1] = {
	[1] = { "A欄書類の更新中に交付される仮証明書・引換証類", "エーランショルイノコウシンチュウニコウフサレルカリショウメイショヒキカエショウルイ", false, false, false, false },
	[2] = { "個人番号カード（顔写真無）", "コジンバンゴウカード", false, false, false, false },
	[3] = { "資格確認書", "シカクカクニンショ", false, false, false, false },
	[4] = { "国民健康保険被保険者証", "コクミンケンコウホケンヒホケンシャショウ", false, false, false, false },
	[5] = { "健康保険被保険者証", "ケンコウホケンヒホケンシャショウ", false, false, false, false },
	[6] = { "船員保険被保険者証", "センインホケンヒホケンシャショウ", false, false, false, false },
	[7] = { "介護保険被保険者証", "カイゴホケンヒホケンシャショウ", false, false, false, false },
	[8] = { "後期高齢者医療被保険者証", "コウキコウレイシャイリョウヒホケンシャショウ", false, false, false, false },
	[9] = { "共済組合員証", "キョウサイクミアイインショウ", false, false, false, false },
	[10] = { "年金手帳", "ネンキンテチョウ", false, false, false, false },
	[11] = { "各種年金証書", "カクシュネンキンショウショ", false, false, false, false },
	[12] = { "恩給証書", "オンキュウショウショ", false, false, false, false },
	[13] = { "学生証", "ガクセイショウ", false, false, false, false },
	[14] = { "法人が発行した身分証明書", "ホウジンガハッコウシタミブンショウメイショ", false, false, false, false },
	[15] = { "生活保護受給に係る証明書", "セイカツホゴジュキュウニカカルショウメイショ", false, false, false, false },
	[16] = { "基礎年金番号通知書", "キソネンキンバンゴウツウチショ", false, false, false, false },
	[17] = { "精神障害者保健福祉手帳（顔写真無）", "セイシンショウガイシャホケンフクシテチョウ", false, false, false, false },
	[18] = { "在留カード（顔写真無）", "ザイリュウカード", false, false, false, false },
	[19] = { "特別永住者証明書（顔写真無）", "トクベツエイジュウシャショウメイショ", false, false, false, false },
	[20] = { "住民基本台帳カード（顔写真無・暗証番号照合可）", "ジュウミンキホンダイチョウカード", false, true, false, false },
	[21] = { "警備業法の合格証明書", "ケイビギョウホウノゴウカクショウメイショ", false, false, false, false },
	[22] = { "医療費助成・手当等の受給者証", "イリョウヒジョセイテアテトウノジュキュウシャショウ", false, false, false, false },
	[23] = { "母子健康手帳", "ボシケンコウテチョウ", false, false, false, false },
	[24] = { "出生証明書", "シュッセイショウメイショ", false, false, false, false },
	[25] = { "出生届出済証明書", "シュッセイトドケデズミショウメイショ", false, false, false, false },
	[26] = { "預金通帳・図書館利用者カード・住民票コード通知票・診察券・キャッシュカード・クレジットカード・定期券・taspo・運転経歴証明書（平成24年3月31日以前交付）のうち1点", "ヨキンツウチョウ", false, false, true, false },
};

const char *
rules_document_name(enum rules_doc_list list, int item)
{
	if (list == RULES_LIST_A && item >= 1 && item <= RULES_LIST_A_ITEMS)
		return rules_list_a_table[item].name;
	if (list == RULES_LIST_B && item >= 1 && item <= RULES_LIST_B_ITEMS)
		return rules_list_b_table[item].name;
	return NULL;
}

const char *
rules_document_kana(enum rules_doc_list list, int item)
{
	if (list == RULES_LIST_A && item >= 1 && item <= RULES_LIST_A_ITEMS)
		return rules_list_a_table[item].kana;
	if (list == RULES_LIST_B && item >= 1 && item <= RULES_LIST_B_ITEMS)
		return rules_list_b_table[item].kana;
	return NULL;
}

#define N RULES_ID_NONE
#define AGENT_ALL (AGENT_ITEM_DOC | AGENT_ITEM_POA | AGENT_ITEM_REPLY | AGENT_ITEM_PIN_FORM)
#define AGENT_NO_PIN (AGENT_ITEM_DOC | AGENT_ITEM_POA | AGENT_ITEM_REPLY)

/*
 * One row per procedure and register. Columns: form, inquiry form, then the
 * paragraphs for form/windows, via route (+grounds), staff filling in,
 * minors, identity, legal rep, agent (+items), inquiry form, retention.
 * Readings: card_found revokes by Article 3 / 3-2 (R5.2, R5.3), so it takes
 * their rows; the overseas one files card guideline form 14 (R3-2.8).
 * Article 6 gives no via route and no minors' rule for residents.
 * Overseas revocation, PIN and disclosure apply R2-2.5-R2-2.8, whose R2-2.8
 * presupposes R2.3 through R2-2.4: we require the legal representative there
 * as for residents (R3.3, R4.4), citing the applying paragraph.
 */
static const struct rules_proc proc_table[] = {
	{ RULES_PROC_ISSUE, RULES_REG_RESIDENT, RULES_FORM_1, RULES_FORM_2,
	  RULE_A2_P1, RULE_A2_P2, VIA_ALL, RULE_A2_P2, RULE_A2_P3, RULE_A2_P4,
	  RULE_A2_P10, RULE_A2_P12, AGENT_ALL, RULE_A2_P9, RULE_A7_P1, 15 },
	{ RULES_PROC_ISSUE, RULES_REG_OVERSEAS, RULES_FORM_10, RULES_FORM_NONE,
	  RULE_A2_2_P1, RULE_A2_2_P2, VIA_ALL, RULE_A2_2_P3, RULE_A2_2_P4,
	  RULE_A2_2_P5, RULE_A2_2_P8, N, 0, N, RULE_A7_P1, 15 },
	{ RULES_PROC_REVOKE, RULES_REG_RESIDENT, RULES_FORM_3, RULES_FORM_4,
	  RULE_A3_P1, RULE_A3_P2, VIA_ALL, RULE_A3_P2, RULE_A3_P3, RULE_A3_P4,
	  RULE_A3_P5, RULE_A3_P6, AGENT_NO_PIN, RULE_A3_P7, RULE_A7_P2, 10 },
	{ RULES_PROC_REVOKE, RULES_REG_OVERSEAS, RULES_FORM_11, RULES_FORM_NONE,
	  RULE_A3_2_P1, RULE_A3_2_P2, VIA_ALL, RULE_A3_2_P3, RULE_A3_2_P4,
	  RULE_A3_2_P4, RULE_A3_2_P4, N, 0, N, RULE_A7_P2, 10 },
	{ RULES_PROC_CARD_FOUND, RULES_REG_RESIDENT, RULES_FORM_3, RULES_FORM_4,
	  RULE_A3_P1, RULE_A3_P2, VIA_ALL, RULE_A3_P2, RULE_A3_P3, RULE_A3_P4,
	  RULE_A3_P5, RULE_A3_P6, AGENT_NO_PIN, RULE_A3_P7, RULE_A7_P2, 10 },
	{ RULES_PROC_CARD_FOUND, RULES_REG_OVERSEAS, RULES_FORM_CARD_14,
	  RULES_FORM_NONE, RULE_A3_2_P8, RULE_A3_2_P2, VIA_ALL, RULE_A3_2_P3,
	  RULE_A3_2_P4, RULE_A3_2_P4, RULE_A3_2_P4, N, 0, N, N, 0 },
	{ RULES_PROC_PIN_CHANGE, RULES_REG_RESIDENT, RULES_FORM_CARD_4,
	  RULES_FORM_CARD_20, RULE_A4_P1, RULE_A4_P2, VIA_ALL, RULE_A4_P2,
	  RULE_A4_P4, RULE_A4_P5, RULE_A4_P6, RULE_A4_P7, AGENT_ALL, RULE_A4_P8,
	  N, 0 },
	{ RULES_PROC_PIN_RESET, RULES_REG_RESIDENT, RULES_FORM_CARD_4,
	  RULES_FORM_CARD_20, RULE_A4_P1, RULE_A4_P2, VIA_ALL, RULE_A4_P2,
	  RULE_A4_P4, RULE_A4_P5, RULE_A4_P6, RULE_A4_P7, AGENT_ALL, RULE_A4_P8,
	  N, 0 },
	{ RULES_PROC_PIN_CHANGE, RULES_REG_OVERSEAS, RULES_FORM_CARD_13,
	  RULES_FORM_NONE, RULE_A4_2_P1, RULE_A4_2_P2, VIA_ALL, RULE_A4_2_P3,
	  RULE_A4_2_P4, RULE_A4_2_P4, RULE_A4_2_P4, N, 0, N, RULE_A7_P2, 10 },
	{ RULES_PROC_PIN_RESET, RULES_REG_OVERSEAS, RULES_FORM_CARD_13,
	  RULES_FORM_NONE, RULE_A4_2_P1, RULE_A4_2_P2, VIA_ALL, RULE_A4_2_P3,
	  RULE_A4_2_P4, RULE_A4_2_P4, RULE_A4_2_P4, N, 0, N, RULE_A7_P2, 10 },
	{ RULES_PROC_FACE_AUTH, RULES_REG_RESIDENT, RULES_FORM_CARD_10,
	  RULES_FORM_NONE, RULE_A4_3_P1, RULE_A4_3_P2,
	  VIA_BIT(RULES_VIA_CORPORATE_BATCH) | VIA_BIT(RULES_VIA_DV_VICTIM),
	  RULE_A4_3_P2, RULE_A4_3_P3, RULE_A4_3_P4, RULE_A4_3_P5, RULE_A4_3_P6,
	  AGENT_ITEM_DOC | AGENT_ITEM_POA, N, N, 0 },
	{ RULES_PROC_FACE_AUTH, RULES_REG_OVERSEAS, RULES_FORM_NONE,
	  RULES_FORM_NONE, RULE_A4_3_P9, N, 0, N, N, N, N, N, 0, N, N, 0 },
	{ RULES_PROC_DISCLOSE, RULES_REG_RESIDENT, RULES_FORM_7, RULES_FORM_9,
	  RULE_A6_P1, N, 0, N, N, RULE_A6_P2, RULE_A6_P3, RULE_A6_P4,
	  AGENT_NO_PIN, RULE_A6_P5, RULE_A7_P2, 10 },
	{ RULES_PROC_CORRECT, RULES_REG_RESIDENT, RULES_FORM_8, RULES_FORM_9,
	  RULE_A6_P1, N, 0, N, N, RULE_A6_P2, RULE_A6_P3, RULE_A6_P4,
	  AGENT_NO_PIN, RULE_A6_P5, RULE_A7_P2, 10 },
	{ RULES_PROC_DISCLOSE, RULES_REG_OVERSEAS, RULES_FORM_12, RULES_FORM_NONE,
	  RULE_A6_2_P1, RULE_A6_2_P2, VIA_ALL, RULE_A6_2_P3, N, RULE_A6_2_P4,
	  RULE_A6_2_P4, N, 0, N, RULE_A7_P2, 10 },
	{ RULES_PROC_CORRECT, RULES_REG_OVERSEAS, RULES_FORM_13, RULES_FORM_NONE,
	  RULE_A6_2_P1, RULE_A6_2_P2, VIA_ALL, RULE_A6_2_P3, N, RULE_A6_2_P4,
	  RULE_A6_2_P4, N, 0, N, RULE_A7_P2, 10 },
};

const struct rules_proc *
rules_proc_find(enum rules_procedure p, enum rules_register r)
{
	size_t i;

	for (i = 0; i < NITEMS(proc_table); i++)
		if (proc_table[i].proc == p && proc_table[i].reg == r)
			return &proc_table[i];
	return NULL;
}

#define PB(p) (1u << (p))
#define REVOKING (PB(RULES_PROC_REVOKE) | PB(RULES_PROC_CARD_FOUND))

/*
 * Combined forms. Readings: R2.17's seed text says "第１２項の申請" where
 * every sibling says 第１項: we read it as the issuance application of
 * R2.1 like R2.18-R2.20. R3.9/R3.10 and R3-2.6/R3-2.7 apply "regardless of"
 * the preceding paragraphs: the cert is revoked when the notice is accepted
 * and this guideline's identity checks do not apply (the notice guideline's
 * do). R3-2.8 names the on-hold cert, so no serial-number paper is asked.
 * A resident's found card (R5.2) may go with the temporary-stop release of
 * R3.13; an overseas found card always files card guideline form 14.
 */
static const struct rules_combo combo_table[] = {
	{ PB(RULES_PROC_ISSUE), RULES_REG_RESIDENT, RULES_COMB_CARD_FACE_CHANGE,
	  RULES_FORM_CARD_8, RULE_A2_P17, RULES_FORM_NONE, false,
	  AGENT_ITEM_REPLY | AGENT_ITEM_PIN_FORM },
	{ PB(RULES_PROC_ISSUE), RULES_REG_RESIDENT,
	  RULES_COMB_OVERSEAS_CONTINUED_USE, RULES_FORM_CARD_17, RULE_A2_P18,
	  RULES_FORM_CARD_23, false, AGENT_ITEM_REPLY | AGENT_ITEM_PIN_FORM },
	{ PB(RULES_PROC_ISSUE), RULES_REG_RESIDENT,
	  RULES_COMB_RESIDENCE_PERIOD_CHANGE, RULES_FORM_CARD_3, RULE_A2_P19,
	  RULES_FORM_NONE, false, AGENT_ITEM_REPLY | AGENT_ITEM_PIN_FORM },
	{ PB(RULES_PROC_ISSUE), RULES_REG_RESIDENT,
	  RULES_COMB_TEMPORARY_STOP_RELEASE, RULES_FORM_CARD_5, RULE_A2_P20,
	  RULES_FORM_NONE, false, AGENT_ITEM_REPLY | AGENT_ITEM_PIN_FORM },
	{ PB(RULES_PROC_ISSUE), RULES_REG_OVERSEAS, RULES_COMB_CARD_FOUND,
	  RULES_FORM_CARD_14, RULE_A2_2_P12, RULES_FORM_NONE, false, 0 },
	{ PB(RULES_PROC_ISSUE), RULES_REG_OVERSEAS, RULES_COMB_CARD_FACE_CHANGE,
	  RULES_FORM_CARD_16, RULE_A2_2_P13, RULES_FORM_NONE, false, 0 },
	{ PB(RULES_PROC_REVOKE), RULES_REG_RESIDENT, RULES_COMB_CARD_LOST,
	  RULES_FORM_NOTICE_4, RULE_A3_P9, RULES_FORM_NONE, true, 0 },
	{ PB(RULES_PROC_REVOKE), RULES_REG_RESIDENT, RULES_COMB_CARD_RETURNED,
	  RULES_FORM_NOTICE_6, RULE_A3_P10, RULES_FORM_NONE, true, 0 },
	{ PB(RULES_PROC_REVOKE), RULES_REG_RESIDENT,
	  RULES_COMB_OVERSEAS_CONTINUED_USE, RULES_FORM_CARD_17, RULE_A3_P11,
	  RULES_FORM_NONE, false, 0 },
	{ PB(RULES_PROC_REVOKE), RULES_REG_RESIDENT,
	  RULES_COMB_RESIDENCE_PERIOD_CHANGE, RULES_FORM_CARD_3, RULE_A3_P12,
	  RULES_FORM_NONE, false, AGENT_ITEM_REPLY },
	{ REVOKING, RULES_REG_RESIDENT, RULES_COMB_TEMPORARY_STOP_RELEASE,
	  RULES_FORM_CARD_5, RULE_A3_P13, RULES_FORM_NONE, false,
	  AGENT_ITEM_REPLY },
	{ PB(RULES_PROC_REVOKE), RULES_REG_OVERSEAS, RULES_COMB_CARD_RETURNED,
	  RULES_FORM_CARD_19, RULE_A3_2_P6, RULES_FORM_NONE, true, 0 },
	{ PB(RULES_PROC_REVOKE), RULES_REG_OVERSEAS, RULES_COMB_CARD_LOST,
	  RULES_FORM_CARD_18, RULE_A3_2_P7, RULES_FORM_NONE, true, 0 },
	{ REVOKING, RULES_REG_OVERSEAS, RULES_COMB_CARD_FOUND,
	  RULES_FORM_CARD_14, RULE_A3_2_P8, RULES_FORM_NONE, false, 0 },
};

const struct rules_combo *
rules_combo_find(enum rules_procedure p, enum rules_register r,
    enum rules_combined with)
{
	size_t i;

	for (i = 0; i < NITEMS(combo_table); i++)
		if ((combo_table[i].procs & PB(p)) && combo_table[i].reg == r &&
		    combo_table[i].with == with)
			return &combo_table[i];
	return NULL;
}

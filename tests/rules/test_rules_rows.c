/*
 * Table-driven decisions: for every rule id of the digest at least one row
 * whose decision cites it and one whose decision does not, each row named
 * by its rule id, plus the boundary rows (15th birthday, 29 February, under
 * 1, expired documents, item 26 twice, list B without the reply form). The
 * coverage test fails naming any rule id that lacks an on or an off row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "madoguchi/rules.h"
#include "rules_test.h"
#include "testlib.h"

/* Case fragments (single-quoted JSON). */
#define LIC "'documents':[{'list':'A','item':1,'valid':true,'photo':true}]"
#define PASSPORT "'documents':[{'list':'A','item':3,'valid':true,'photo':true}]"
#define CARD_OK "'card':{'face_auth':false,'pin_verified':true," \
	"'face_data_matches':true,'registry_match':true,'status_ok':true}"
#define CARD12 "'documents':[{'list':'A','item':12,'valid':true,'photo':true}]," CARD_OK
#define FACECARD "'card':{'face_auth':true,'pin_verified':false," \
	"'face_data_matches':true,'registry_match':true,'status_ok':true}"
#define LISTB "'documents':[{'list':'B','item':5,'valid':true,'photo':false}," \
	"{'list':'B','item':13,'valid':true,'photo':true}]"
#define OVS "'register':'overseas'," PASSPORT
#define CHILD "'person':{'birth_date':'2016-01-10','adult_ward':false}"
#define WARD "'person':{'birth_date':'1960-01-01','adult_ward':true}"
#define REP_DOCS "'filer_documents':[{'list':'A','item':1,'valid':true,'photo':true}]"
#define PARENT "'filer':'legal_rep','legal_rep':{'kind':'parent'," \
	"'accompanies_person':false,'intent_confirmed':false," \
	"'authority':'city_records'}," REP_DOCS
#define PARENT_WITH "'filer':'legal_rep','legal_rep':{'kind':'parent'," \
	"'accompanies_person':true,'intent_confirmed':true," \
	"'authority':'koseki'}," REP_DOCS
#define GUARDIAN "'filer':'legal_rep','legal_rep':{'kind':'guardian'," \
	"'authority':'registry_certificate'}," REP_DOCS
#define AGENT_CORE "'filer':'agent','power_of_attorney':true," REP_DOCS
#define AGENT AGENT_CORE ",'inquiry_reply':true,'pin_request_form':true"
#define VIA(g) "'window':'via_municipality','via_ground':'" g "'"
#define EMBASSY "'window':'embassy'"
#define REVOKE "'procedure':'revoke','serial_document':true"
#define FOUND "'procedure':'card_found','serial_document':true"
#define PINR "'procedure':'pin_reset'"
#define PINC "'procedure':'pin_change'"
#define FACE "'procedure':'face_auth','certs':[]"
#define DISC "'procedure':'disclose','certs':[]"
#define CORR "'procedure':'correct','certs':[]"
#define COMB(w) "'combined_with':'" w "'"
/* P(a, b, ...) is the JSON object "{a,b,...}"; empty and doubled commas
 * are dropped when the row is loaded, so fragments may carry their own. */
#define J1(a) a
#define J2(a, b) a "," b
#define J3(a, b, c) a "," b "," c
#define J4(a, b, c, d) a "," b "," c "," d
#define J5(a, b, c, d, e) a "," b "," c "," d "," e
#define J6(a, b, c, d, e, f) a "," b "," c "," d "," e "," f
#define J7(a, b, c, d, e, f, g) a "," b "," c "," d "," e "," f "," g
#define J8(a, b, c, d, e, f, g, h) a "," b "," c "," d "," e "," f "," g "," h
#define PICK(_1, _2, _3, _4, _5, _6, _7, _8, name, ...) name
#define P(...) "{" PICK(__VA_ARGS__, J8, J7, J6, J5, J4, J3, J2, J1, J1)(__VA_ARGS__) "}"
#define ACC "'decision':'accept'"
#define REJ "'decision':'reject'"

static const struct rule_row art2_rows[] = {
	{ "R2.1", 1, P(), P(ACC, "'form':'様式第1号','issue':['signature','user']") },
	{ "R2.1", 0, P(REVOKE), P(ACC, "'form':'様式第3号'") },
	{ "R2.2", 1, P(VIA("corporate_batch"), ",'pin_request_form':true"),
	  P(ACC, "'pin_set_by':'staff_from_request','reason':'職員が申請書を記載'") },
	{ "R2.2", 1, P(VIA("dv_victim")), P(REJ, "'reason':'暗証番号設定依頼書'") },
	{ "R2.2", 0, P(), P(ACC) },
	{ "R2.3", 1, P(CHILD, ",", PARENT), P(ACC, "'issue':['user'],'pin_set_by':'applicant'") },
	{ "R2.3", 1, P(CHILD, ",", PARENT_WITH), P(ACC, "'issue':['signature','user']") },
	{ "R2.3", 1, P(CHILD), P(REJ, "'reason':'法定代理人が行います'") },
	{ "R2.3", 1, P(WARD, ",", GUARDIAN), P(ACC, "'issue':['user']") },
	{ "R2.3", 0, P(), P(ACC, "'issue':['signature','user']") },
	{ "R2.4", 1, P(), P(ACC) },
	{ "R2.4", 0, P(AGENT), P(ACC, "'pin_set_by':'staff_from_request'") },
	{ "R2.5", 1, P(), P(ACC) },
	{ "R2.5", 1, P("'documents':[{'list':'A','item':1,'valid':false,'photo':true}]"),
	  P(REJ, "'reason':'有効期間内でない'") },
	{ "R2.5", 1, P("'documents':[{'list':'A','item':7,'valid':true,'photo':false}]"),
	  P(REJ, "'reason':'顔写真'") },
	{ "R2.5", 0, P(LISTB, ",'inquiry_reply':true"), P(ACC) },
	{ "R2.6", 1, P(LISTB, ",'inquiry_reply':true"), P(ACC) },
	{ "R2.6", 1, P("'documents':[{'list':'B','item':26,'valid':true,'photo':false},"
	  "{'list':'B','item':26,'valid':true,'photo':false}],'inquiry_reply':true"),
	  P(REJ, "'reason':'第26号'") },
	{ "R2.6", 1, P("'documents':[{'list':'B','item':26,'valid':true,'photo':false},"
	  "{'list':'B','item':5,'valid':true,'photo':false}],'inquiry_reply':true"), P(ACC) },
	{ "R2.6", 1, P("'documents':[{'list':'B','item':20,'valid':true,'photo':false},"
	  "{'list':'B','item':5,'valid':true,'photo':false}],'inquiry_reply':true"),
	  P(REJ, "'reason':'暗証番号を照合できる'") },
	{ "R2.6", 0, P(), P(ACC) },
	{ "R2.7", 1, P(), P(ACC, "'reason':'書類の種類'") },
	{ "R2.7", 0, P(OVS), P(ACC) },
	{ "R2.8", 1, P(CARD12), P(ACC) },
	{ "R2.8", 1, P("'documents':[{'list':'A','item':12,'valid':true,'photo':true}]"),
	  P(REJ, "'reason':'カードの確認'") },
	{ "R2.8", 1, P("'documents':[{'list':'A','item':12,'valid':true,'photo':true}],"
	  "'card':{'pin_verified':false,'face_data_matches':true,'registry_match':true,'status_ok':true}"),
	  P(ACC) },
	{ "R2.8", 1, P("'documents':[{'list':'A','item':12,'valid':true,'photo':true}],"
	  "'card':{'pin_verified':false,'face_data_matches':false,'registry_match':true,'status_ok':true}"),
	  P(REJ, "'reason':'券面事項確認情報'") },
	{ "R2.8", 1, P("'documents':[{'list':'A','item':12,'valid':true,'photo':true}],"
	  "'card':{'pin_verified':true,'face_data_matches':true,'registry_match':false,'status_ok':true}"),
	  P(REJ, "'reason':'住民基本台帳の記録'") },
	{ "R2.8", 1, P("'documents':[{'list':'A','item':12,'valid':true,'photo':true}],"
	  "'card':{'pin_verified':true,'face_data_matches':true,'registry_match':true,'status_ok':false}"),
	  P(REJ, "'reason':'運用状況'") },
	/* Reading: a checked card that is not the person's rejects whatever
	 * the documents (a licence here); so does a card not in order. */
	{ "R2.8", 1, P(LIC, ",'card':{'pin_verified':true,'face_data_matches':true,"
	  "'registry_match':false,'status_ok':true}"),
	  P(REJ, "'reason':'住民基本台帳の記録'") },
	{ "R2.8", 1, P(LIC, ",'card':{'pin_verified':true,'face_data_matches':true,"
	  "'registry_match':true,'status_ok':false}"),
	  P(REJ, "'reason':'運用状況'") },
	{ "R2.8", 1, P(REVOKE, ",", LIC, ",'card':{'pin_verified':true,"
	  "'face_data_matches':true,'registry_match':false,'status_ok':true}"),
	  P(REJ, "'reason':'住民基本台帳の記録'") },
	{ "R2.8", 0, P(), P(ACC) },
	{ "R2.9", 1, P(LISTB, ",'inquiry_reply':true"), P(ACC, "'inquiry_form':'様式第2号'") },
	{ "R2.9", 0, P(), P(ACC) },
	{ "R2.10", 1, P(CHILD, ",", PARENT), P(ACC) },
	{ "R2.10", 1, P(CHILD, ",'filer':'legal_rep','legal_rep':{'kind':'parent','authority':'none'},", REP_DOCS),
	  P(REJ, "'reason':'親権者'") },
	{ "R2.10", 1, P(WARD, ",'filer':'legal_rep','legal_rep':{'kind':'guardian','authority':'koseki'},", REP_DOCS),
	  P(REJ, "'reason':'登記事項証明書'") },
	{ "R2.10", 1, P(WARD, ",'filer':'legal_rep','legal_rep':{'kind':'parent','authority':'koseki'},", REP_DOCS),
	  P(REJ, "'reason':'種別'") },
	{ "R2.10", 1, P(CHILD, ",'filer':'legal_rep','legal_rep':{'kind':'parent','authority':'koseki'}"),
	  P(REJ, "'reason':'法定代理人の本人確認書類'") },
	{ "R2.10", 1, P("'filer':'legal_rep','legal_rep':{'kind':'parent','authority':'koseki'},", REP_DOCS),
	  P(REJ, "'reason':'15歳未満でも成年被後見人でもない'") },
	{ "R2.10", 0, P(), P(ACC) },
	{ "R2.11", 1, P(), P(ACC, "'pin_set_by':'applicant'") },
	{ "R2.11", 0, P("'renewal':true"), P(ACC, "'pin_set_by':'existing'") },
	{ "R2.12", 1, P(AGENT), P(ACC, "'pin_set_by':'staff_from_request'") },
	{ "R2.12", 1, P(AGENT_CORE, ",'pin_request_form':true"), P(REJ, "'reason':'照会回答書がありません'") },
	{ "R2.12", 1, P(AGENT_CORE, ",'inquiry_reply':true"), P(REJ, "'reason':'暗証番号設定依頼書'") },
	{ "R2.12", 1, P(AGENT_CORE, ",'inquiry_reply':true,'renewal':true"), P(ACC, "'pin_set_by':'existing'") },
	{ "R2.12", 1, P(AGENT_CORE, ",'inquiry_reply':true,'face_auth_wanted':true"),
	  P(ACC, "'pin_set_by':'staff_random','issue':['user']") },
	{ "R2.12", 1, P("'filer':'agent','inquiry_reply':true,'pin_request_form':true,", REP_DOCS),
	  P(REJ, "'reason':'委任状'") },
	{ "R2.12", 1, P("'filer':'agent','power_of_attorney':true,'inquiry_reply':true,'pin_request_form':true,"
	  "'filer_documents':[{'list':'B','item':5,'valid':true,'photo':false}]"),
	  P(REJ, "'reason':'任意代理人の本人確認書類'") },
	{ "R2.12", 0, P(), P(ACC) },
	{ "R2.13", 1, P(AGENT_CORE, ",'pin_request_form':true,'moved_within_month':true,'agent_same_household':true"),
	  P(ACC, "'reason':'同一世帯'") },
	{ "R2.13", 0, P(AGENT_CORE, ",'pin_request_form':true,'moved_within_month':true"),
	  P(REJ, "'reason':'照会回答書がありません'") },
	{ "R2.13", 0, P(AGENT), P(ACC) },
	{ "R2.14", 1, P(AGENT), P(ACC, "'pin_set_by':'staff_from_request'") },
	{ "R2.14", 0, P(), P(ACC, "'pin_set_by':'applicant'") },
	{ "R2.15", 1, P("'face_auth_wanted':true"),
	  P(ACC, "'issue':['user'],'pin_set_by':'staff_random','face_auth_switch':true,'revoke':[]") },
	{ "R2.15", 1, P("'face_auth_wanted':true,'renewal':true,'has_valid_signature':true"),
	  P(ACC, "'issue':['user'],'revoke':['signature'],'pin_set_by':'staff_random'") },
	{ "R2.15", 1, P("'face_auth_wanted':true,'certs':['signature']"),
	  P(REJ, "'reason':'顔認証カード希望のため'") },
	{ "R2.15", 0, P(), P(ACC, "'face_auth_switch':false") },
	{ "R2.16", 1, P("'renewal':true"), P(ACC, "'pin_set_by':'existing','reason':'失効申請書'") },
	{ "R2.16", 0, P(), P(ACC) },
	{ "R2.17", 1, P(COMB("card_face_change")),
	  P(ACC, "'form':'個人番号カード要綱様式第8号','retention_years':null") },
	{ "R2.17", 1, P(AGENT_CORE, ",", COMB("card_face_change")), P(REJ, "'reason':'個人番号カード要綱の定める書類が必要'") },
	{ "R2.17", 1, P(AGENT_CORE, ",'inquiry_reply':true,", COMB("card_face_change")),
	  P(ACC, "'pin_set_by':'staff_from_request'") },
	{ "R2.17", 0, P(), P(ACC) },
	{ "R2.18", 1, P(COMB("overseas_continued_use")),
	  P(ACC, "'form':'個人番号カード要綱様式第17号','inquiry_form':'個人番号カード要綱様式第23号'") },
	{ "R2.18", 0, P(), P(ACC, "'inquiry_form':'様式第2号'") },
	{ "R2.19", 1, P(COMB("residence_period_change")), P(ACC, "'form':'個人番号カード要綱様式第3号'") },
	{ "R2.19", 0, P(), P(ACC) },
	{ "R2.20", 1, P(COMB("temporary_stop_release")), P(ACC, "'form':'個人番号カード要綱様式第5号'") },
	{ "R2.20", 0, P(), P(ACC) },
};

static const struct rule_row art2_2_rows[] = {
	{ "R2-2.1", 1, P(OVS), P(ACC, "'form':'様式第10号','retention_years':15,'inquiry_form':null") },
	{ "R2-2.1", 0, P(), P(ACC) },
	{ "R2-2.2", 1, P(OVS, ",", VIA("dv_victim"), ",'pin_request_form':true"),
	  P(ACC, "'pin_set_by':'staff_from_request'") },
	{ "R2-2.2", 0, P(OVS), P(ACC) },
	{ "R2-2.3", 1, P(OVS, ",", EMBASSY, ",'pin_request_form':true"), P(ACC, "'reason':'職員が申請書を記載'") },
	{ "R2-2.3", 0, P(OVS), P(ACC) },
	{ "R2-2.4", 1, P(OVS, ",", CHILD, ",", PARENT), P(ACC, "'issue':['user']") },
	{ "R2-2.4", 1, P(OVS, ",", CHILD), P(REJ, "'reason':'法定代理人が行います'") },
	{ "R2-2.4", 0, P(OVS), P(ACC, "'issue':['signature','user']") },
	{ "R2-2.5", 1, P(OVS), P(ACC) },
	{ "R2-2.5", 1, P("'register':'overseas',", LISTB, ",'inquiry_reply':true"),
	  P(REJ, "'reason':'国外転出者の本人確認'") },
	{ "R2-2.5", 1, P("'register':'overseas',", AGENT), P(REJ, "'reason':'任意代理人による申請を定めていません'") },
	{ "R2-2.5", 0, P(), P(ACC) },
	{ "R2-2.6", 1, P(OVS), P(ACC, "'reason':'書類の種類'") },
	{ "R2-2.6", 0, P(), P(ACC) },
	{ "R2-2.7", 1, P("'register':'overseas',", CARD12), P(ACC) },
	{ "R2-2.7", 1, P("'register':'overseas','documents':[{'list':'A','item':12,'valid':true,'photo':true}],"
	  "'card':{'pin_verified':true,'face_data_matches':true,'registry_match':false,'status_ok':true}"),
	  P(REJ, "'reason':'戸籍の附票'") },
	{ "R2-2.7", 1, P(OVS, ",'card':{'pin_verified':true,'face_data_matches':true,"
	  "'registry_match':false,'status_ok':true}"),
	  P(REJ, "'reason':'戸籍の附票'") },
	{ "R2-2.7", 0, P(OVS), P(ACC) },
	{ "R2-2.8", 1, P(OVS, ",", CHILD, ",", PARENT), P(ACC) },
	{ "R2-2.8", 1, P(OVS, ",", CHILD, ",", PARENT, ",'filer_documents':[{'list':'B','item':5,'valid':true,'photo':false}]"),
	  P(REJ) },
	{ "R2-2.8", 0, P(OVS), P(ACC) },
	{ "R2-2.9", 1, P(OVS), P(ACC, "'pin_set_by':'applicant'") },
	{ "R2-2.9", 1, P(OVS, ",'renewal':true"), P(ACC, "'pin_set_by':'applicant'") },
	{ "R2-2.9", 0, P(OVS, ",", EMBASSY, ",'pin_request_form':true"), P(ACC) },
	{ "R2-2.10", 1, P(OVS, ",'face_auth_wanted':true"),
	  P(ACC, "'issue':['user'],'face_auth_switch':true,'pin_set_by':'staff_random'") },
	{ "R2-2.10", 0, P(OVS), P(ACC) },
	{ "R2-2.11", 1, P(OVS, ",", EMBASSY, ",'pin_request_form':true"),
	  P(ACC, "'pin_set_by':'staff_from_request'") },
	{ "R2-2.11", 1, P(OVS, ",", EMBASSY), P(REJ, "'reason':'暗証番号設定依頼書'") },
	{ "R2-2.11", 0, P(OVS), P(ACC) },
	{ "R2-2.12", 1, P(OVS, ",", COMB("card_found")), P(ACC, "'form':'個人番号カード要綱様式第14号'") },
	{ "R2-2.12", 0, P(OVS), P(ACC) },
	{ "R2-2.13", 1, P(OVS, ",", COMB("card_face_change")), P(ACC, "'form':'個人番号カード要綱様式第16号'") },
	{ "R2-2.13", 0, P(OVS), P(ACC) },
};

static const struct rule_row art3_rows[] = {
	{ "R3.1", 1, P(REVOKE), P(ACC, "'form':'様式第3号','revoke':['signature','user'],'issue':[],"
	  "'retention_years':10,'pin_set_by':null,'inquiry_form':'様式第4号'") },
	{ "R3.1", 0, P(), P(ACC) },
	{ "R3.2", 1, P(REVOKE, ",", VIA("dv_victim")), P(ACC) },
	{ "R3.2", 1, P(REVOKE, ",", VIA("infant")), P(REJ, "'reason':'1歳未満ではない'") },
	{ "R3.2", 0, P(REVOKE), P(ACC) },
	{ "R3.3", 1, P(REVOKE, ",", CHILD, ",", PARENT), P(ACC, "'revoke':['signature','user']") },
	{ "R3.3", 1, P(REVOKE, ",", CHILD), P(REJ, "'reason':'法定代理人が行います'") },
	{ "R3.3", 0, P(REVOKE), P(ACC) },
	{ "R3.4", 1, P(REVOKE), P(ACC) },
	{ "R3.4", 0, P(REVOKE, ",", AGENT), P(ACC) },
	{ "R3.5", 1, P(REVOKE, ",", CHILD, ",", PARENT), P(ACC) },
	{ "R3.5", 0, P(REVOKE), P(ACC) },
	{ "R3.6", 1, P(REVOKE, ",", AGENT_CORE, ",'inquiry_reply':true"), P(ACC, "'pin_set_by':null") },
	{ "R3.6", 1, P(REVOKE, ",", AGENT_CORE), P(REJ, "'reason':'照会回答書がありません'") },
	{ "R3.6", 0, P(REVOKE), P(ACC) },
	{ "R3.7", 1, P(REVOKE, ",", LISTB, ",'inquiry_reply':true"), P(ACC, "'inquiry_form':'様式第4号'") },
	{ "R3.7", 0, P(REVOKE), P(ACC) },
	{ "R3.8", 1, P(REVOKE), P(ACC) },
	{ "R3.8", 1, P("'procedure':'revoke'"), P(REJ, "'reason':'シリアル番号'") },
	{ "R3.8", 0, P("'procedure':'revoke',", COMB("card_lost")), P(ACC) },
	{ "R3.9", 1, P("'procedure':'revoke',", COMB("card_lost"), ",'documents':[]"),
	  P(ACC, "'form':'個人番号通知書要綱様式第4号','revoke':['signature','user'],'retention_years':null,'inquiry_form':null,"
	  "'reason':'届出の受理をもって'") },
	{ "R3.9", 0, P(REVOKE), P(ACC) },
	{ "R3.10", 1, P("'procedure':'revoke',", COMB("card_returned")), P(ACC, "'form':'個人番号通知書要綱様式第6号'") },
	{ "R3.10", 0, P(REVOKE), P(ACC) },
	{ "R3.11", 1, P(REVOKE, ",", COMB("overseas_continued_use")), P(ACC, "'form':'個人番号カード要綱様式第17号'") },
	{ "R3.11", 0, P(REVOKE), P(ACC) },
	{ "R3.12", 1, P(REVOKE, ",", COMB("residence_period_change")), P(ACC, "'form':'個人番号カード要綱様式第3号'") },
	{ "R3.12", 0, P(REVOKE), P(ACC) },
	{ "R3.13", 1, P(REVOKE, ",", COMB("temporary_stop_release")), P(ACC, "'form':'個人番号カード要綱様式第5号'") },
	{ "R3.13", 1, P(FOUND, ",", COMB("temporary_stop_release")), P(ACC, "'form':'個人番号カード要綱様式第5号'") },
	{ "R3.13", 0, P(REVOKE), P(ACC) },
};

static const struct rule_row art3_2_rows[] = {
	{ "R3-2.1", 1, P(REVOKE, ",", OVS), P(ACC, "'form':'様式第11号','retention_years':10") },
	{ "R3-2.1", 0, P(REVOKE), P(ACC) },
	{ "R3-2.2", 1, P(REVOKE, ",", OVS, ",", VIA("corporate_batch")), P(ACC) },
	{ "R3-2.2", 0, P(REVOKE, ",", OVS), P(ACC) },
	{ "R3-2.3", 1, P(REVOKE, ",", OVS, ",", EMBASSY), P(ACC, "'reason':'職員が申請書を記載'") },
	{ "R3-2.3", 0, P(REVOKE, ",", OVS), P(ACC) },
	{ "R3-2.4", 1, P(REVOKE, ",", OVS), P(ACC) },
	{ "R3-2.4", 1, P(REVOKE, ",", OVS, ",", AGENT), P(REJ, "'reason':'任意代理人'") },
	{ "R3-2.4", 0, P(REVOKE), P(ACC) },
	{ "R3-2.5", 1, P(REVOKE, ",", OVS), P(ACC) },
	{ "R3-2.5", 1, P("'procedure':'revoke',", OVS), P(REJ, "'reason':'シリアル番号'") },
	{ "R3-2.5", 0, P("'procedure':'revoke',", OVS, ",", COMB("card_found")), P(ACC) },
	{ "R3-2.6", 1, P("'procedure':'revoke',", OVS, ",", COMB("card_returned")),
	  P(ACC, "'form':'個人番号カード要綱様式第19号'") },
	{ "R3-2.6", 0, P(REVOKE, ",", OVS), P(ACC) },
	{ "R3-2.7", 1, P("'procedure':'revoke',", OVS, ",", COMB("card_lost")),
	  P(ACC, "'form':'個人番号カード要綱様式第18号'") },
	{ "R3-2.7", 0, P(REVOKE, ",", OVS), P(ACC) },
	{ "R3-2.8", 1, P("'procedure':'card_found',", OVS), P(ACC, "'form':'個人番号カード要綱様式第14号',"
	  "'revoke':['signature','user'],'retention_years':null") },
	{ "R3-2.8", 0, P(REVOKE, ",", OVS), P(ACC) },
};

static const struct rule_row art4_rows[] = {
	{ "R4.1", 1, P(PINR), P(ACC, "'form':'個人番号カード要綱様式第4号','inquiry_form':'個人番号カード要綱様式第20号',"
	  "'retention_years':null,'pin_set_by':'applicant','issue':[]") },
	{ "R4.1", 0, P(), P(ACC) },
	{ "R4.2", 1, P(PINR, ",", VIA("dv_victim"), ",'pin_request_form':true"),
	  P(ACC, "'pin_set_by':'staff_from_request'") },
	{ "R4.2", 0, P(PINR), P(ACC) },
	{ "R4.3", 1, P(PINR, ",", FACECARD), P(ACC, "'face_auth_release':true") },
	{ "R4.3", 1, P(PINC, ",", FACECARD), P(REJ, "'reason':'再設定'") },
	{ "R4.3", 0, P(PINR, ",", CARD_OK), P(ACC, "'face_auth_release':false") },
	/* A signature-PIN-only reset leaves a face-auth card face-auth. */
	{ "R4.3", 0, P(PINR, ",", FACECARD, ",'certs':['signature']"),
	  P(ACC, "'face_auth_release':false") },
	{ "R4.3", 1, P(PINR, ",", FACECARD, ",'certs':['user']"),
	  P(ACC, "'face_auth_release':true") },
	{ "R4.4", 1, P(PINR, ",", CHILD, ",", PARENT), P(ACC) },
	{ "R4.4", 1, P(PINR, ",", WARD), P(REJ) },
	{ "R4.4", 0, P(PINR), P(ACC) },
	{ "R4.5", 1, P(PINR), P(ACC) },
	{ "R4.5", 0, P(PINR, ",", AGENT), P(ACC) },
	{ "R4.6", 1, P(PINR, ",", CHILD, ",", PARENT), P(ACC, "'pin_set_by':'applicant'") },
	{ "R4.6", 0, P(PINR), P(ACC) },
	{ "R4.7", 1, P(PINR, ",", AGENT), P(ACC) },
	{ "R4.7", 1, P(PINR, ",", AGENT_CORE, ",'inquiry_reply':true"), P(REJ, "'reason':'暗証番号設定依頼書'") },
	{ "R4.7", 0, P(PINR), P(ACC) },
	{ "R4.8", 1, P(PINR, ",", LISTB, ",'inquiry_reply':true"), P(ACC) },
	{ "R4.8", 0, P(PINR), P(ACC) },
	{ "R4.9", 1, P(PINC), P(ACC, "'pin_set_by':'applicant','reason':'従来の暗証番号'") },
	{ "R4.9", 0, P(PINC, ",", AGENT), P(ACC) },
	{ "R4.10", 1, P(PINC, ",", AGENT), P(ACC, "'pin_set_by':'staff_from_request'") },
	{ "R4.10", 0, P(PINC), P(ACC) },
	{ "R4.11", 1, P(PINR, ",", FACECARD), P(ACC, "'reason':'取り消し線'") },
	{ "R4.11", 0, P(PINR), P(ACC) },
	{ "R4.11", 0, P(PINR, ",", FACECARD, ",'certs':['signature']"), P(ACC) },
};

static const struct rule_row art4_2_rows[] = {
	{ "R4-2.1", 1, P(PINC, ",", OVS), P(ACC, "'form':'個人番号カード要綱様式第13号','retention_years':10") },
	{ "R4-2.1", 0, P(PINC), P(ACC) },
	{ "R4-2.2", 1, P(PINC, ",", OVS, ",", VIA("dv_victim"), ",'pin_request_form':true"), P(ACC) },
	{ "R4-2.2", 0, P(PINC, ",", OVS), P(ACC) },
	{ "R4-2.3", 1, P(PINR, ",", OVS, ",", EMBASSY, ",'pin_request_form':true"), P(ACC) },
	{ "R4-2.3", 0, P(PINR, ",", OVS), P(ACC) },
	{ "R4-2.4", 1, P(PINR, ",", OVS), P(ACC) },
	{ "R4-2.4", 1, P(PINR, ",", OVS, ",", AGENT), P(REJ) },
	{ "R4-2.4", 0, P(PINR), P(ACC) },
	{ "R4-2.5", 1, P(PINR, ",", OVS), P(ACC, "'pin_set_by':'applicant'") },
	{ "R4-2.5", 0, P(PINR, ",", OVS, ",", EMBASSY, ",'pin_request_form':true"), P(ACC) },
	{ "R4-2.6", 1, P(PINR, ",", OVS, ",", EMBASSY, ",'pin_request_form':true"),
	  P(ACC, "'pin_set_by':'staff_from_request'") },
	{ "R4-2.6", 0, P(PINR, ",", OVS), P(ACC) },
};

static const struct rule_row art4_3_rows[] = {
	{ "R4-3.1", 1, P(FACE), P(ACC, "'form':'個人番号カード要綱様式第10号','face_auth_switch':true,"
	  "'pin_set_by':'staff_random','retention_years':null,'issue':[],'revoke':[]") },
	{ "R4-3.1", 1, P(FACE, ",'person':{'birth_date':'2025-12-01'},", PARENT),
	  P(REJ, "'reason':'顔認証カードにできません'") },
	{ "R4-3.1", 1, P("'face_auth_wanted':true,'person':{'birth_date':'2025-12-01'},", PARENT),
	  P(REJ, "'reason':'顔認証カードにできません'") },
	{ "R4-3.1", 0, P(), P(ACC) },
	{ "R4-3.2", 1, P(FACE, ",", VIA("corporate_batch")), P(ACC) },
	{ "R4-3.2", 1, P(FACE, ",", VIA("infant")), P(REJ, "'reason':'この理由では'") },
	{ "R4-3.2", 0, P(FACE), P(ACC) },
	{ "R4-3.3", 1, P(FACE, ",", CHILD, ",", PARENT), P(ACC) },
	{ "R4-3.3", 1, P(FACE, ",", WARD), P(REJ) },
	{ "R4-3.3", 0, P(FACE), P(ACC) },
	{ "R4-3.4", 1, P(FACE), P(ACC) },
	{ "R4-3.4", 1, P(FACE, ",", LISTB), P(REJ, "'reason':'照会回答書が必要'") },
	{ "R4-3.4", 0, P(FACE, ",", AGENT_CORE), P(ACC) },
	{ "R4-3.5", 1, P(FACE, ",", CHILD, ",", PARENT), P(ACC) },
	{ "R4-3.5", 0, P(FACE), P(ACC) },
	{ "R4-3.6", 1, P(FACE, ",", AGENT_CORE), P(ACC, "'pin_set_by':'staff_random'") },
	{ "R4-3.6", 1, P(FACE, ",'filer':'agent',", REP_DOCS), P(REJ, "'reason':'委任状'") },
	{ "R4-3.6", 0, P(FACE), P(ACC) },
	{ "R4-3.7", 1, P(FACE, ",'has_valid_signature':true"), P(ACC, "'revoke':['signature'],'reason':'顔認証'") },
	{ "R4-3.7", 0, P(), P(ACC) },
	{ "R4-3.8", 1, P("'face_auth_wanted':true"), P(ACC, "'face_auth_switch':true") },
	{ "R4-3.8", 0, P(FACE), P(ACC) },
	{ "R4-3.9", 1, P(FACE, ",", OVS), P(REJ, "'reason':'第17条第6項'") },
	{ "R4-3.9", 1, P(OVS, ",'face_auth_wanted':true,'person':{'birth_date':'2026-01-01'},", PARENT),
	  P(REJ, "'reason':'顔認証カードにできません'") },
	{ "R4-3.9", 0, P(FACE), P(ACC) },
};

static const struct rule_row art5_rows[] = {
	{ "R5.1", 1, P(FOUND), P(ACC, "'form':'様式第3号','revoke':['signature','user']") },
	{ "R5.1", 1, P("'procedure':'revoke',", COMB("card_lost")), P(ACC, "'reason':'電話'") },
	{ "R5.1", 0, P(REVOKE), P(ACC) },
	{ "R5.2", 1, P(FOUND), P(ACC, "'reason':'新たな発行申請'") },
	{ "R5.2", 0, P(FOUND, ",", OVS), P(ACC) },
	{ "R5.3", 1, P(FOUND, ",", OVS), P(ACC, "'form':'個人番号カード要綱様式第14号'") },
	{ "R5.3", 0, P(FOUND), P(ACC) },
};

static const struct rule_row art6_rows[] = {
	{ "R6.1", 1, P(DISC), P(ACC, "'form':'様式第7号','inquiry_form':'様式第9号','retention_years':10,"
	  "'issue':[],'pin_set_by':null") },
	{ "R6.1", 1, P(CORR), P(ACC, "'form':'様式第8号'") },
	{ "R6.1", 1, P(DISC, ",", VIA("dv_victim")), P(REJ, "'reason':'経由して提出できません'") },
	{ "R6.1", 0, P(), P(ACC) },
	{ "R6.2", 1, P(DISC), P(ACC) },
	{ "R6.2", 1, P(DISC, ",", CHILD), P(ACC) },
	{ "R6.2", 0, P(DISC, ",", AGENT_CORE, ",'inquiry_reply':true"), P(ACC) },
	{ "R6.3", 1, P(DISC, ",", CHILD, ",", PARENT), P(ACC) },
	{ "R6.3", 0, P(DISC), P(ACC) },
	{ "R6.4", 1, P(DISC, ",", AGENT_CORE, ",'inquiry_reply':true"), P(ACC) },
	{ "R6.4", 0, P(DISC), P(ACC) },
	{ "R6.5", 1, P(DISC, ",", LISTB, ",'inquiry_reply':true"), P(ACC) },
	{ "R6.5", 0, P(DISC), P(ACC) },
	{ "R6.6", 1, P(DISC), P(ACC, "'send_to_jlis':'特定記録郵便'") },
	{ "R6.6", 0, P(DISC, ",'documents':[]"), P(REJ, "'send_to_jlis':null") },
	{ "R6.6", 0, P(), P(ACC, "'send_to_jlis':null") },
};

static const struct rule_row art6_2_rows[] = {
	{ "R6-2.1", 1, P(DISC, ",", OVS), P(ACC, "'form':'様式第12号','inquiry_form':null,'retention_years':10") },
	{ "R6-2.1", 1, P(CORR, ",", OVS), P(ACC, "'form':'様式第13号'") },
	{ "R6-2.1", 0, P(DISC), P(ACC) },
	{ "R6-2.2", 1, P(DISC, ",", OVS, ",", VIA("dv_victim")), P(ACC) },
	{ "R6-2.2", 0, P(DISC, ",", OVS), P(ACC) },
	{ "R6-2.3", 1, P(DISC, ",", OVS, ",", EMBASSY), P(ACC) },
	{ "R6-2.3", 0, P(DISC, ",", OVS), P(ACC) },
	{ "R6-2.4", 1, P(DISC, ",", OVS), P(ACC) },
	{ "R6-2.4", 0, P(DISC), P(ACC) },
	{ "R6-2.5", 1, P(DISC, ",", OVS), P(ACC, "'send_to_jlis':'特定記録郵便'") },
	{ "R6-2.5", 0, P(DISC), P(ACC) },
};

static const struct rule_row art7_rows[] = {
	{ "R7.1", 1, P(), P(ACC, "'retention_years':15") },
	{ "R7.1", 0, P("'documents':[]"), P(REJ, "'retention_years':null") },
	{ "R7.1", 0, P(REVOKE), P(ACC) },
	{ "R7.2", 1, P(REVOKE), P(ACC, "'retention_years':10") },
	{ "R7.2", 0, P(), P(ACC) },
};

/* Boundaries of age and documents; each row still names its rule. */
static const struct rule_row boundary_rows[] = {
	/* The day before the 15th birthday: still a child (R2.3). */
	{ "R2.3", 1, P("'person':{'birth_date':'2011-05-02'}"), P(REJ, "'reason':'法定代理人が行います'") },
	/* The 15th birthday itself: the person files and gets both certs. */
	{ "R2.3", 0, P("'person':{'birth_date':'2011-05-01'}"), P(ACC, "'issue':['signature','user']") },
	/* 29 February: 15 on 1 March of a common year, not on 28 February. */
	{ "R2.3", 1, P("'date':'2027-02-28','person':{'birth_date':'2012-02-29'}"), P(REJ) },
	{ "R2.3", 0, P("'date':'2027-03-01','person':{'birth_date':'2012-02-29'}"), P(ACC) },
	{ "R2.3", 0, P("'date':'2028-02-29','person':{'birth_date':'2012-02-29'}"), P(ACC) },
	/* Under 1 on the application date: the infant ground, user cert only. */
	{ "R2.2", 1, P(VIA("infant"), ",'person':{'birth_date':'2025-05-02'},'pin_request_form':true,", PARENT),
	  P(ACC, "'issue':['user'],'pin_set_by':'staff_from_request','reason':'1歳未満を理由'") },
	{ "R2.2", 1, P(VIA("infant"), ",'person':{'birth_date':'2025-05-01'},'pin_request_form':true,", PARENT),
	  P(REJ, "'reason':'1歳未満ではない'") },
	/* Expired list-A document next to a valid one: the valid one counts. */
	{ "R2.5", 1, P("'documents':[{'list':'A','item':3,'valid':false,'photo':true},"
	  "{'list':'A','item':1,'valid':true,'photo':false}]"), P(ACC) },
	/* Two item-26 documents are one; without the reply form B fails too. */
	{ "R2.6", 1, P("'documents':[{'list':'B','item':26,'valid':true,'photo':false},"
	  "{'list':'B','item':26,'valid':true,'photo':false},{'list':'B','item':4,'valid':true,'photo':false}],"
	  "'inquiry_reply':true"), P(ACC) },
	{ "R2.4", 1, P(LISTB), P(REJ, "'reason':'照会回答書が必要'") },
	{ "R2.4", 1, P("'documents':[{'list':'B','item':5,'valid':true,'photo':false}],'inquiry_reply':true"),
	  P(REJ, "'reason':'本人確認書類が足りません'") },
	{ "R2.4", 1, P("'documents':[{'list':'B','item':5,'valid':false,'photo':false},"
	  "{'list':'B','item':13,'valid':true,'photo':false}],'inquiry_reply':true"),
	  P(REJ, "'reason':'有効期間内でない'") },
};

#define TABLE(name, rows) { name, rows, sizeof(rows) / sizeof(rows[0]) }

const struct rule_table rules_test_tables[] = {
	TABLE("Article 2", art2_rows),
	TABLE("Article 2-2", art2_2_rows),
	TABLE("Article 3", art3_rows),
	TABLE("Article 3-2", art3_2_rows),
	TABLE("Article 4", art4_rows),
	TABLE("Article 4-2", art4_2_rows),
	TABLE("Article 4-3", art4_3_rows),
	TABLE("Article 5", art5_rows),
	TABLE("Article 6", art6_rows),
	TABLE("Article 6-2", art6_2_rows),
	TABLE("Article 7", art7_rows),
	TABLE("boundaries", boundary_rows),
};
const size_t rules_test_ntables =
    sizeof(rules_test_tables) / sizeof(rules_test_tables[0]);

#define ROWS_TEST(fn, idx) \
	static void fn(void) { CU_ASSERT_EQUAL(rules_test_run(&rules_test_tables[idx]), 0); }
ROWS_TEST(test_art2, 0)
ROWS_TEST(test_art2_2, 1)
ROWS_TEST(test_art3, 2)
ROWS_TEST(test_art3_2, 3)
ROWS_TEST(test_art4, 4)
ROWS_TEST(test_art4_2, 5)
ROWS_TEST(test_art4_3, 6)
ROWS_TEST(test_art5, 7)
ROWS_TEST(test_art6, 8)
ROWS_TEST(test_art6_2, 9)
ROWS_TEST(test_art7, 10)
ROWS_TEST(test_boundaries, 11)

/*
 * Every rule id of the digest (the committed table generated from RULES.md)
 * has a row that turns it on and one that turns it off. Lists the ids that
 * lack either, and fails if there is one.
 */
static void
test_every_rule_on_and_off(void)
{
	int i, missing = 0;
	size_t t, r;

	for (i = 0; i < RULES_ID_COUNT; i++) {
		const char *id = rules_id_name((enum rules_id)i);
		int on = 0, off = 0;

		for (t = 0; t < rules_test_ntables; t++)
			for (r = 0; r < rules_test_tables[t].n; r++) {
				const struct rule_row *row = &rules_test_tables[t].rows[r];
				if (strcmp(row->rule, id) != 0)
					continue;
				if (row->on)
					on++;
				else
					off++;
			}
		if (on == 0 || off == 0) {
			printf("rule %s: no row turns it %s\n", id,
			    on == 0 ? "on" : "off");
			missing++;
		}
	}
	CU_ASSERT_EQUAL(missing, 0);
}

/* Rows may only name rule ids that exist. */
static void
test_rows_name_real_rules(void)
{
	enum rules_id id;
	size_t t, r;
	int bad = 0;

	for (t = 0; t < rules_test_ntables; t++)
		for (r = 0; r < rules_test_tables[t].n; r++)
			if (rules_id_parse(rules_test_tables[t].rows[r].rule,
			    &id) == -1) {
				printf("row names unknown rule %s\n",
				    rules_test_tables[t].rows[r].rule);
				bad++;
			}
	CU_ASSERT_EQUAL(bad, 0);
}

static CU_TestInfo rows_tests[] = {
	{ "Article 2 rows (R2.1-R2.20)", test_art2 },
	{ "Article 2-2 rows", test_art2_2 },
	{ "Article 3 rows", test_art3 },
	{ "Article 3-2 rows", test_art3_2 },
	{ "Article 4 rows", test_art4 },
	{ "Article 4-2 rows", test_art4_2 },
	{ "Article 4-3 rows", test_art4_3 },
	{ "Article 5 rows", test_art5 },
	{ "Article 6 rows", test_art6 },
	{ "Article 6-2 rows", test_art6_2 },
	{ "Article 7 rows", test_art7 },
	{ "boundary rows (15th birthday, 29 Feb, under 1, documents)", test_boundaries },
	{ "every rule id has an on and an off row", test_every_rule_on_and_off },
	{ "rows name only real rule ids", test_rows_name_real_rules },
	CU_TEST_INFO_NULL
};
TEST_SUITE(rules_rows, "rules.rows", rows_tests)

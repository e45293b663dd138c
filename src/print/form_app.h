/*
 * What the application forms (form_app_*.c) share: the head (title,
 * addressee, number and date, the applicant), who came to the window, the
 * applicant's signature and the city's part, as item lists spliced into
 * each form's own list; and the invented data of their specimens. W is
 * what the form does as a word of the seed: 申請, 請求 or 届出.
 *
 * Fields: addressee (豊中市長 様), number, date (和暦), kana (カナ), name, birth
 * (和暦), sex, address, kind and certs (the chosen boxes, '\t'-separated),
 * filer (本人 | 法定代理人 | 任意代理人), rep_name, rep_kind, request (a
 * correction's text), documents and filer_documents (本人確認書類),
 * window, clerk. Never a PIN, never the individual number.
 */
#ifndef MADOGUCHI_FORM_APP_H
#define MADOGUCHI_FORM_APP_H

#include "madoguchi/print.h"

#define FORM_APP_HEAD(W, LEAD)						\
	{ PRINT_ITEM_TITLE, NULL, NULL, 0 },				\
	{ PRINT_ITEM_PARA, NULL, "addressee", 0 },			\
	{ PRINT_ITEM_PARA, LEAD, NULL, 0 },				\
	{ PRINT_ITEM_GAP, NULL, NULL, 1 },				\
	{ PRINT_ITEM_ROW2, "受付番号\t" W "日", "number\tdate", 0 },	\
	{ PRINT_ITEM_GAP, NULL, NULL, 3 },				\
	{ PRINT_ITEM_HEADING, W "者", NULL, 0 },			\
	{ PRINT_ITEM_ROW, "フリガナ", "kana", 0 },			\
	{ PRINT_ITEM_ROW, "氏名", "name", 0 },				\
	{ PRINT_ITEM_ROW2, "生年月日\t性別", "birth\tsex", 0 },		\
	{ PRINT_ITEM_ROW, "住所", "address", 0 },			\
	{ PRINT_ITEM_GAP, NULL, NULL, 3 },				\
	{ PRINT_ITEM_HEADING, W "の内容", NULL, 0 }

#define FORM_APP_FILER(W)						\
	{ PRINT_ITEM_GAP, NULL, NULL, 3 },				\
	{ PRINT_ITEM_HEADING, "窓口に来られた方", NULL, 0 },		\
	{ PRINT_ITEM_CHECKS, W "した方\t本人\t法定代理人\t任意代理人",	\
	    "filer", 0 },						\
	{ PRINT_ITEM_ROW2, "代理人の氏名\t資格", "rep_name\trep_kind", 0 }

#define FORM_APP_TAIL(W)						\
	{ PRINT_ITEM_GAP, NULL, NULL, 4 },				\
	{ PRINT_ITEM_SIGN, "上記の内容に誤りがないことを確かめ、" W	\
	    "します。代理人が" W "するときは、代理人が署名してください。\t"	\
	    W "者署名", NULL, 0 },					\
	{ PRINT_ITEM_CAPTION, "暗証番号と個人番号は、この用紙に書かないで"	\
	    "ください。", NULL, 0 },					\
	{ PRINT_ITEM_GAP, NULL, NULL, 3 },				\
	{ PRINT_ITEM_HEADING, "市区町村記入欄", NULL, 0 },		\
	{ PRINT_ITEM_ROW, "本人確認書類", "documents", 0 },		\
	{ PRINT_ITEM_ROW, "代理人の確認書類", "filer_documents", 0 },	\
	{ PRINT_ITEM_ROW2, "受付窓口\t担当", "window\tclerk", 0 },	\
	{ PRINT_ITEM_GAP, NULL, NULL, 2 },				\
	{ PRINT_ITEM_STAMPS, "受付\t本人確認\t入力\t交付\t決裁", NULL, 0 }

#define FORM_APP_CERTS(LABEL)						\
	{ PRINT_ITEM_CHECKS, LABEL "\t署名用電子証明書\t"		\
	    "利用者証明用電子証明書", "certs", 0 }

#define FORM_NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* Invented: nobody's record (form_app_specimen.c). */
#define FORM_APP_NSPECIMEN	18
extern const struct print_field form_app_specimen[FORM_APP_NSPECIMEN];

#endif

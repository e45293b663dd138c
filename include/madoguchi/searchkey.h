/*
 * Search keys: what a clerk types and what the registry holds, folded the
 * same way so that one compares with the other (store_person_search).
 * Every function writes a NUL-terminated UTF-8 key into out (size bytes),
 * never cuts a character in two, skips bytes that are not UTF-8, control
 * characters, invisible and bidi characters and spaces, and returns out.
 */
#ifndef MADOGUCHI_SEARCHKEY_H
#define MADOGUCHI_SEARCHKEY_H

#include <stddef.h>
#include <stdint.h>

/* Names (氏名, 旧氏, 通称): full-width ASCII to ASCII upper case,
 * half-width katakana to full-width (ﾞ ﾟ joined to the kana before). */
char *searchkey_name(const char *s, char *out, size_t size);
/* Kana names: as searchkey_name, then hiragana to katakana, small kana to
 * large (ッ ツ, ャ ヤ, ヶ ケ), dashes to ー, ・ dropped. */
char *searchkey_kana(const char *s, char *out, size_t size);
/* Addresses: as searchkey_name, then kanji numerals before 丁目・番・号
 * to digits, 丁目・番地・番・号, の between digits and every dash after a
 * digit to one "-", a "-" not followed by a digit dropped, ヶ ヵ to ケ:
 * 3丁目1番1号, 3-1-1, ３－１－１ and 三丁目1-1 all give 3-1-1. */
char *searchkey_address(const char *s, char *out, size_t size);

/* One character as the fold reads it: half-width katakana in full width,
 * ﾞ and ゛ as U+3099, ﾟ and ゜ as U+309A; any other cp unchanged. */
uint32_t searchkey_fullwidth(uint32_t cp);
/* Kana k (katakana or hiragana) with mark U+3099 (voiced) or U+309A
 * (semi-voiced): カ+ﾞ ガ, ハ+ﾟ パ, ウ+ﾞ ヴ; 0 when k takes no such mark. */
uint32_t searchkey_voiced(uint32_t k, uint32_t mark);
/* The character after the one s points at in a key (UTF-8); s itself at
 * its end. */
const char *searchkey_next(const char *s);
/* How many characters key holds. */
size_t searchkey_chars(const char *key);

#endif

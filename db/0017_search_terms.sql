-- Names and addresses are searched on B-trees of their lines, in place of
-- the trigram index of 0016, so that a name or an address costs a lookup
-- for ten million residents as for ten thousand: a trigram index reads
-- every row holding the trigrams typed, and 丁目 numbers, town names and
-- common surnames are held by a row in a thousand.
--   name_key  every name (氏名, 通称, 旧氏 with the given name) and every
--             end of it two characters long or more, one a line
--             (\n山田太郎\n田太郎\n太郎): a part of a name is the start
--             of a line.
--   addr_key  the address and what follows each prefecture, city, ward
--             and town name in it, one a line: an address typed from its
--             start or from one of those is the start of a line.
-- person_names and person_addrs hold each line with its person, so that
-- a prefix of a line is a range of one of them. Triggers keep them in
-- step with every insert, update and delete of a row, with SQL alone (the
-- lines are split as a JSON array), so that a row written by hand from
-- the sqlite3 shell is indexed too; a row written without keys gets them
-- when the counter next opens the database (store_person_keys_fill).
DROP TRIGGER persons_fts_insert;
DROP TRIGGER persons_fts_delete;
DROP TRIGGER persons_fts_update;
DROP TABLE persons_fts;
DROP TABLE persons_fts_defer;
UPDATE persons SET name_key = search_name_key(name, former_surname, alias),
	addr_key = search_addr_key(address);
CREATE TABLE person_names (
	term		TEXT NOT NULL,
	person_id	INTEGER NOT NULL,
	PRIMARY KEY (term, person_id)
) WITHOUT ROWID, STRICT;
CREATE TABLE person_addrs (
	term		TEXT NOT NULL,
	person_id	INTEGER NOT NULL,
	PRIMARY KEY (term, person_id)
) WITHOUT ROWID, STRICT;
-- The lines of a key: "\nA\nB" as the JSON array ["A","B"].
INSERT INTO person_names (term, person_id)
	SELECT DISTINCT j.value, p.id FROM persons p, json_each('["' ||
	replace(replace(replace(substr(p.name_key, 2), '\', '\\'), '"', '\"'),
	char(10), '","') || '"]') j WHERE j.value <> '' ORDER BY 1, 2;
INSERT INTO person_addrs (term, person_id)
	SELECT DISTINCT j.value, p.id FROM persons p, json_each('["' ||
	replace(replace(replace(substr(p.addr_key, 2), '\', '\\'), '"', '\"'),
	char(10), '","') || '"]') j WHERE j.value <> '' ORDER BY 1, 2;
-- A registry import indexes its new rows at its end, all at once and in
-- order (row by row through the triggers costs more than the rest of the
-- import): inside its transaction persons_terms_defer holds the largest
-- id before it, and no other connection ever sees that row.
CREATE TABLE persons_terms_defer (since INTEGER NOT NULL) STRICT;
CREATE TRIGGER persons_terms_insert AFTER INSERT ON persons
	WHEN NOT EXISTS (SELECT 1 FROM persons_terms_defer) BEGIN
	INSERT OR IGNORE INTO person_names (term, person_id)
		SELECT value, new.id FROM json_each('["' || replace(replace(
		replace(substr(new.name_key, 2), '\', '\\'), '"', '\"'),
		char(10), '","') || '"]') WHERE value <> '';
	INSERT OR IGNORE INTO person_addrs (term, person_id)
		SELECT value, new.id FROM json_each('["' || replace(replace(
		replace(substr(new.addr_key, 2), '\', '\\'), '"', '\"'),
		char(10), '","') || '"]') WHERE value <> '';
END;
CREATE TRIGGER persons_terms_delete AFTER DELETE ON persons BEGIN
	DELETE FROM person_names WHERE person_id = old.id AND term IN
		(SELECT value FROM json_each('["' || replace(replace(replace(
		substr(old.name_key, 2), '\', '\\'), '"', '\"'), char(10),
		'","') || '"]'));
	DELETE FROM person_addrs WHERE person_id = old.id AND term IN
		(SELECT value FROM json_each('["' || replace(replace(replace(
		substr(old.addr_key, 2), '\', '\\'), '"', '\"'), char(10),
		'","') || '"]'));
END;
CREATE TRIGGER persons_names_update AFTER UPDATE OF name_key ON persons
	WHEN old.name_key IS NOT new.name_key BEGIN
	DELETE FROM person_names WHERE person_id = old.id AND term IN
		(SELECT value FROM json_each('["' || replace(replace(replace(
		substr(old.name_key, 2), '\', '\\'), '"', '\"'), char(10),
		'","') || '"]'));
	INSERT OR IGNORE INTO person_names (term, person_id)
		SELECT value, new.id FROM json_each('["' || replace(replace(
		replace(substr(new.name_key, 2), '\', '\\'), '"', '\"'),
		char(10), '","') || '"]') WHERE value <> '';
END;
CREATE TRIGGER persons_addrs_update AFTER UPDATE OF addr_key ON persons
	WHEN old.addr_key IS NOT new.addr_key BEGIN
	DELETE FROM person_addrs WHERE person_id = old.id AND term IN
		(SELECT value FROM json_each('["' || replace(replace(replace(
		substr(old.addr_key, 2), '\', '\\'), '"', '\"'), char(10),
		'","') || '"]'));
	INSERT OR IGNORE INTO person_addrs (term, person_id)
		SELECT value, new.id FROM json_each('["' || replace(replace(
		replace(substr(new.addr_key, 2), '\', '\\'), '"', '\"'),
		char(10), '","') || '"]') WHERE value <> '';
END;

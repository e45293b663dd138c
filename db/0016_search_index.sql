-- Search from indexes, not scans, so that a search costs about the same
-- for 10,000 residents as for 10,000,000 (store_person.c plans each query
-- over these):
--   kana_key   B-tree, for a prefix (ヤマダ finds ヤマダタロウ), in the order
--              the results are listed (kana, birth date, id);
--   birth_date B-tree (persons_birth), with the kana after it;
--   name_key, addr_key  an FTS5 trigram index (persons_fts) for a part
--              of a name (氏名, 通称, 旧氏) or of an address.
-- name_key now starts every name with a newline and holds the given name
-- as a name of its own ("\n山田太郎\n太郎\n鈴木太郎"), so that two
-- characters typed (a trigram with the newline) find a name beginning
-- with them; search_name_key makes that form, and the UPDATE below
-- rewrites the keys there are.
-- The index reads the keys from persons (external content) and triggers
-- keep it in step with every insert, update and delete of a row. A row
-- written without keys (by hand) gets them when the counter next opens
-- the database (store_person_keys_fill), found by persons_keyless.
DROP INDEX persons_kana;
UPDATE persons SET name_key = search_name_key(name, former_surname, alias),
	kana_key = search_kana_key(name_kana),
	addr_key = search_addr_key(address);
CREATE INDEX persons_kana_key ON persons(kana_key, birth_date);
-- A birth date's persons in kana order: a search by birth date lists its
-- first page without reading the others, and checks a kana typed with it
-- on the index before reading a row.
DROP INDEX persons_birth;
CREATE INDEX persons_birth ON persons(birth_date, kana_key);
CREATE INDEX persons_keyless ON persons(id)
	WHERE (name_key IS NULL OR kana_key IS NULL OR addr_key IS NULL);
CREATE VIRTUAL TABLE persons_fts USING fts5(name_key, addr_key,
	content='persons', content_rowid='id',
	tokenize='trigram case_sensitive 1');
-- A registry import indexes its new rows at its end, all at once (row by
-- row through the trigger costs more than the rest of the import): inside
-- its transaction persons_fts_defer holds the largest id before it, and
-- no other connection ever sees that row.
CREATE TABLE persons_fts_defer (since INTEGER NOT NULL) STRICT;
CREATE TRIGGER persons_fts_insert AFTER INSERT ON persons
	WHEN NOT EXISTS (SELECT 1 FROM persons_fts_defer) BEGIN
	INSERT INTO persons_fts (rowid, name_key, addr_key)
		VALUES (new.id, new.name_key, new.addr_key);
END;
CREATE TRIGGER persons_fts_delete AFTER DELETE ON persons BEGIN
	INSERT INTO persons_fts (persons_fts, rowid, name_key, addr_key)
		VALUES ('delete', old.id, old.name_key, old.addr_key);
END;
CREATE TRIGGER persons_fts_update AFTER UPDATE OF name_key, addr_key
	ON persons BEGIN
	INSERT INTO persons_fts (persons_fts, rowid, name_key, addr_key)
		VALUES ('delete', old.id, old.name_key, old.addr_key);
	INSERT INTO persons_fts (rowid, name_key, addr_key)
		VALUES (new.id, new.name_key, new.addr_key);
END;
INSERT INTO persons_fts (persons_fts) VALUES ('rebuild');

-- Search keys of the registry: the name, kana and address each folded as
-- the search folds what a clerk types (src/util/searchkey.c), so that a
-- search compares columns and a later index (FTS5 trigram at prefecture
-- scale) can be built on them. name_key holds every name the person is
-- known by, one a line (氏名, 通称, 旧氏 with the given name). The import
-- and the demo load fill them; this fills the rows already there with the
-- functions every connection has (store_registry_functions). A change to
-- the folding needs a migration that runs this UPDATE again.
ALTER TABLE persons ADD COLUMN name_key TEXT;
ALTER TABLE persons ADD COLUMN kana_key TEXT;
ALTER TABLE persons ADD COLUMN addr_key TEXT;
UPDATE persons SET name_key = search_name_key(name, former_surname, alias),
	kana_key = search_kana_key(name_kana),
	addr_key = search_addr_key(address);

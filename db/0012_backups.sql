-- The backups taken of this state (madoguchi backup, the バックアップ
-- screen): when, where, how big, whether the keys went with it and who
-- took it, so the screen can show the last one. The row is written after
-- the copy is whole, with its audit row (backup.create); a backup holds
-- the rows of the backups before it, not its own.
CREATE TABLE backups (
	id		INTEGER PRIMARY KEY,
	at		TEXT NOT NULL,		-- ISO-8601 UTC, when the copy was taken
	dir		TEXT NOT NULL,		-- the backup directory (absolute)
	size		INTEGER NOT NULL CHECK (size >= 0),	-- bytes of every file in it
	with_keys	INTEGER NOT NULL CHECK (with_keys IN (0, 1)),
	actor		TEXT NOT NULL
) STRICT;

-- The clerks' own unlock codes for an idle-locked screen (issue 14): set
-- by the clerk on first use, kept only as a salted slow hash. kdf names
-- the function and its cost (scrypt with N, r, p); salt and hash are
-- lowercase hex. One row per clerk; setting a new code replaces it.
CREATE TABLE clerk_unlock (
	clerk_id	INTEGER PRIMARY KEY REFERENCES clerks(id),
	kdf		TEXT NOT NULL CHECK (kdf = 'scrypt'),
	cost_n		INTEGER NOT NULL CHECK (cost_n >= 1024),
	cost_r		INTEGER NOT NULL CHECK (cost_r >= 1),
	cost_p		INTEGER NOT NULL CHECK (cost_p >= 1),
	salt		TEXT NOT NULL CHECK (length(salt) >= 32),
	hash		TEXT NOT NULL CHECK (length(hash) = 64),
	set_at		TEXT NOT NULL
) STRICT;

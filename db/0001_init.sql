-- The counter database: who the clerks are, the registry extract the
-- counter searches, the cards and certificates it knows of, the
-- applications it accepted, inquiry letters, settings and the audit trail.
-- The 12-digit individual number is never stored.

CREATE TABLE settings (
	key	TEXT PRIMARY KEY,
	value	TEXT NOT NULL
) STRICT;

CREATE TABLE clerks (
	id		INTEGER PRIMARY KEY,
	login		TEXT NOT NULL UNIQUE
			CHECK (length(login) BETWEEN 1 AND 32 AND login NOT GLOB '*[^a-z0-9_.-]*'),
	name		TEXT NOT NULL,
	role		TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
	window		TEXT NOT NULL CHECK (window IN ('citizens', 'shonai', 'shinsenri', 'embassy', 'via_municipality')),
	disabled	INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at	TEXT NOT NULL
) STRICT;

CREATE TABLE clerk_keys (
	id		INTEGER PRIMARY KEY,
	clerk_id	INTEGER NOT NULL REFERENCES clerks(id),
	keytype		TEXT NOT NULL,
	key_b64		TEXT NOT NULL,
	fingerprint	TEXT NOT NULL,
	comment		TEXT,
	added_at	TEXT NOT NULL,
	UNIQUE (keytype, key_b64)
) STRICT;

-- Residents (住民基本台帳) and overseas persons (戸籍の附票) in one table.
CREATE TABLE persons (
	id		INTEGER PRIMARY KEY,
	atena_no	TEXT NOT NULL UNIQUE,	-- the registry's own record number (宛名番号)
	register	TEXT NOT NULL CHECK (register IN ('resident', 'overseas')),
	name		TEXT NOT NULL,		-- 氏名, kanji
	name_kana	TEXT NOT NULL,		-- 氏名 in katakana
	former_surname	TEXT,			-- 旧氏
	alias		TEXT,			-- 通称
	birth_date	TEXT NOT NULL,		-- YYYY-MM-DD
	sex		INTEGER NOT NULL CHECK (sex IN (1, 2, 9)),
	address		TEXT NOT NULL,		-- registered address (overseas: last one in Japan / 附票 address)
	emigrated_on	TEXT,			-- overseas: emigration (planned) date
	household	TEXT,			-- household key, for R2.13
	adult_ward	INTEGER NOT NULL DEFAULT 0 CHECK (adult_ward IN (0, 1)),
	foreign_national INTEGER NOT NULL DEFAULT 0 CHECK (foreign_national IN (0, 1))
) STRICT;
CREATE INDEX persons_kana ON persons(name_kana);
CREATE INDEX persons_birth ON persons(birth_date);

CREATE TABLE cards (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES persons(id),
	card_no		TEXT NOT NULL UNIQUE,	-- the card's own number, not the individual number
	face_auth	INTEGER NOT NULL DEFAULT 0 CHECK (face_auth IN (0, 1)),
	expires_on	TEXT NOT NULL,
	state		TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'lost', 'returned', 'abolished'))
) STRICT;

CREATE TABLE certificates (
	id		INTEGER PRIMARY KEY,
	card_id		INTEGER REFERENCES cards(id),
	person_id	INTEGER NOT NULL REFERENCES persons(id),
	kind		TEXT NOT NULL CHECK (kind IN ('signature', 'user')),
	serial		TEXT NOT NULL UNIQUE,	-- hex, as the issuer gives it
	state		TEXT NOT NULL CHECK (state IN ('valid', 'on_hold', 'revoked', 'expired')),
	not_before	TEXT NOT NULL,
	not_after	TEXT NOT NULL,
	application_id	INTEGER REFERENCES applications(id),
	revoked_reason	TEXT
) STRICT;

CREATE TABLE applications (
	id		INTEGER PRIMARY KEY,
	request_id	TEXT NOT NULL UNIQUE,	-- idempotency key for the issuer
	person_id	INTEGER NOT NULL REFERENCES persons(id),
	procedure	TEXT NOT NULL,
	register	TEXT NOT NULL,
	form		TEXT NOT NULL,
	window		TEXT NOT NULL,
	via_ground	TEXT,
	filer		TEXT NOT NULL,
	case_json	TEXT NOT NULL,		-- the case as asked of the rules core
	decision	TEXT NOT NULL,
	rules		TEXT NOT NULL,		-- cited rule ids, space separated
	pin_set_by	TEXT,
	state		TEXT NOT NULL CHECK (state IN ('draft', 'waiting_reply', 'accepted', 'in_progress', 'done', 'rejected', 'cancelled')),
	clerk_id	INTEGER NOT NULL REFERENCES clerks(id),
	accepted_at	TEXT,
	keep_until	TEXT,
	created_at	TEXT NOT NULL
) STRICT;

CREATE TABLE inquiry_letters (
	id		INTEGER PRIMARY KEY,
	ref_no		TEXT NOT NULL UNIQUE,
	application_id	INTEGER NOT NULL REFERENCES applications(id),
	form		TEXT NOT NULL,
	state		TEXT NOT NULL CHECK (state IN ('created', 'sent', 'returned', 'used', 'void')),
	created_at	TEXT NOT NULL,
	sent_at		TEXT,
	returned_at	TEXT,
	used_at		TEXT
) STRICT;

-- Hash-chained: hash = SHA-256(prev_hash || the row's fields).
CREATE TABLE audit_events (
	id		INTEGER PRIMARY KEY,
	at		TEXT NOT NULL,
	actor		TEXT NOT NULL,
	kind		TEXT NOT NULL,
	object		TEXT,
	detail		TEXT,
	prev_hash	TEXT NOT NULL,
	hash		TEXT NOT NULL
) STRICT;

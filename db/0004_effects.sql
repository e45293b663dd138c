-- What a decision does, kept with its application as rows of recorded
-- steps shared by every procedure (src/proc/proc_effect.c): issue a cert
-- kind, revoke one cert, switch a card to face-auth, give a face-auth
-- card its PIN use back, change a card's state, send a request to J-LIS.
-- Each row is planned when the application is accepted and moves
-- pending -> done once; a row is never done twice, so an interrupted
-- procedure is resumed by running what is still pending. target names
-- what the step acts on (a cert kind, a serial, a card state); detail
-- carries its parameter (a revocation reason) and never a PIN.
CREATE TABLE app_effects (
	application_id	INTEGER NOT NULL REFERENCES applications(id),
	seq		INTEGER NOT NULL,
	effect		TEXT NOT NULL CHECK (effect IN ('issue', 'revoke',
			    'face_auth_switch', 'face_auth_release',
			    'card_state', 'send_to_jlis')),
	target		TEXT NOT NULL DEFAULT '',
	detail		TEXT NOT NULL DEFAULT '',
	state		TEXT NOT NULL DEFAULT 'pending'
			    CHECK (state IN ('pending', 'done')),
	done_at		TEXT,
	PRIMARY KEY (application_id, seq)
) STRICT;

-- Holds applied by J-LIS on a phone call (R5.1), as the counter records
-- them: who called and when, the card and the certificates held.
CREATE TABLE holds (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES persons(id),
	card_id		INTEGER REFERENCES cards(id),
	caller		TEXT NOT NULL CHECK (length(caller) BETWEEN 1 AND 200),
	called_at	TEXT NOT NULL,		-- YYYY-MM-DD HH:MM (JST), as told
	serials		TEXT NOT NULL,		-- held certs, space separated
	clerk_id	INTEGER NOT NULL REFERENCES clerks(id),
	created_at	TEXT NOT NULL
) STRICT;
CREATE INDEX holds_person ON holds(person_id);

-- Applications accepted before this version: their steps as their
-- decision said (issuance's cert kinds, then the face-auth switch).
INSERT INTO app_effects (application_id, seq, effect, target)
	SELECT id, 1, 'issue', 'signature' FROM applications
	WHERE state IN ('accepted', 'in_progress')
	AND (' ' || issue_certs || ' ') LIKE '% signature %';
INSERT INTO app_effects (application_id, seq, effect, target)
	SELECT id, 2, 'issue', 'user' FROM applications
	WHERE state IN ('accepted', 'in_progress')
	AND (' ' || issue_certs || ' ') LIKE '% user %';
INSERT INTO app_effects (application_id, seq, effect)
	SELECT id, 3, 'face_auth_switch' FROM applications
	WHERE state IN ('accepted', 'in_progress') AND face_auth_switch = 1;

-- What a correction request (R6.1 様式第8号, R6-2.1 様式第13号) asks to
-- be corrected, as the clerk typed it from the form: one row per such
-- application, gone with it.
CREATE TABLE app_request_texts (
	application_id	INTEGER PRIMARY KEY
			    REFERENCES applications(id) ON DELETE CASCADE,
	text		TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 120)
) STRICT;

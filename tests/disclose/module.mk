# End-to-end tests of disclosure and correction requests (R6, R6-2) and
# their mailing to J-LIS: a clerk through OpenSSH takes a person's
# disclosure, an agent's correction after the inquiry letter 様式第9号
# came back, an overseas person's disclosure via another municipality;
# then the mailing of the three by 特定記録郵便 is made, printed, posted
# and delivered. The database, the person's record and the printed list
# say what became of each request.
TESTS += disclose
SRCS_disclose := $(wildcard tests/disclose/*.c) tests/server/harness.c \
	tests/lib/counter.c
LIBS_disclose := testlib testvt store util card issuer proc audit rules vocab
PKGS_disclose := cunit vterm sqlite3 libcrypto jansson

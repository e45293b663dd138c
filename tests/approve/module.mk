# Four eyes (issue 13): the approvals below the screens on a real counter
# database and the built-in CA (each default action asked, refused to its
# requester, a plain clerk, a disabled or unknown login, done by another
# supervisor's approval, used once; the gate of a procedure), and end to
# end a clerk's cancel approved by a supervisor on 承認待ち through
# OpenSSH.
TESTS += approve
SRCS_approve := $(wildcard tests/approve/*.c) tests/server/harness.c
LIBS_approve := testlib testvt store util card issuer proc rules vocab
PKGS_approve := cunit vterm sqlite3 libcrypto jansson

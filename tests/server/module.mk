# End-to-end tests of madoguchi-sshd: real OpenSSH and libssh clients
# against the server on a free loopback port, screens read through libvterm.
TESTS += server
SRCS_server := $(filter-out tests/server/fake_ui.c,$(wildcard tests/server/*.c))
LIBS_server := testlib testvt store util
PKGS_server := cunit vterm libssh sqlite3 libcrypto

# A stand-in UI for the tests (not installed).
$(BUILD)/test-bin/fake-ui: tests/server/fake_ui.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<
$(BUILD)/tests/server: $(BUILD)/test-bin/fake-ui

# Madoguchi: GNU make + pkg-config. Objects and programs go to $(BUILD).
# Each module has a module.mk beside its sources that declares its library
# sources, its programs and its tests; this file only holds the machinery.
#
#   make            build everything into build/
#   make test       install missing packages, build, run every test
#   make check      the same tests under ASan+UBSan (build/asan), plus fuzz corpora
#   make run        install, build, make ./var with demo state, start the product
#   make bench      benchmarks (printed figures, not tests)
#   make lint       cppcheck over every source
#   make golden     rewrite the golden screens tests/golden/NAME.txt

BUILD     ?= build
CC        ?= cc
PREFIX    ?= /usr/local
DESTDIR   ?=
SAN       ?=
PKG_CONFIG ?= pkg-config

ALL_PKGS  := libssh ncursesw sqlite3 libcrypto jansson libpcsclite vterm cunit
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(ALL_PKGS) 2>/dev/null)

WARN      := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Werror
CFLAGS    ?= -g -O2
CFLAGS    += -std=c11 -D_GNU_SOURCE $(WARN) -Iinclude -Itests/lib -I$(BUILD)/gen $(PKG_CFLAGS) -MMD -MP
LDFLAGS   ?=
ifeq ($(SAN),1)
CFLAGS    += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS   += -fsanitize=address,undefined
endif

.DEFAULT_GOAL := all

# Filled in by the module.mk files.
LIBS      :=
BINS      :=
TESTS     :=
GENERATED :=

include $(sort $(wildcard src/*/module.mk screens/module.mk contrib/*/module.mk tests/*/module.mk bench/module.mk))

# proc writes the printed forms as PDFs (src/print: cairo, pango; the
# daily close names the audit head, src/audit) and sends them to CUPS
# (libcups, which has no pkg-config file on Debian): every program linking
# proc links print, audit, their packages and libcups too.
$(foreach p,$(BINS) $(TESTS),$(if $(filter proc,$(LIBS_$(p))),$(eval \
	LIBS_$(p) += print audit)$(eval PKGS_$(p) += pangocairo cairo fontconfig \
	libcrypto)$(eval LDLIBS_$(p) += -lm -lcups)))

# lib<name>.a from LIBSRCS_<name>, which a module.mk sets.
define lib_rule
$(BUILD)/lib/lib$(1).a: $$(patsubst %.c,$(BUILD)/obj/%.o,$$(LIBSRCS_$(1)))
	@mkdir -p $$(@D)
	$$(AR) rcs $$@ $$^
endef
$(foreach l,$(LIBS),$(eval $(call lib_rule,$(l))))

# A program: SRCS_<bin>, LIBS_<bin> (our libraries, any order: they are
# linked as a group), PKGS_<bin> (pkg-config names). Other modules may add to
# a program with += from their own module.mk (e.g. LIBS_madoguchi += rules). Programs land in $(BUILD)/, tests in $(BUILD)/tests/.
define prog_rule
$(2)/$(1): $$(patsubst %.c,$(BUILD)/obj/%.o,$$(SRCS_$(1))) $$(foreach l,$$(sort $$(LIBS_$(1))),$(BUILD)/lib/lib$$(l).a)
	@mkdir -p $$(@D)
	$$(CC) $$(LDFLAGS) -o $$@ $$(patsubst %.c,$(BUILD)/obj/%.o,$$(SRCS_$(1))) \
		-Wl,--start-group $$(foreach l,$$(sort $$(LIBS_$(1))),$(BUILD)/lib/lib$$(l).a) -Wl,--end-group \
		$$(shell $(PKG_CONFIG) --libs $$(sort $$(PKGS_$(1)))) $$(LDLIBS_$(1))
endef
$(foreach b,$(BINS),$(eval $(call prog_rule,$(b),$(BUILD))))
$(foreach t,$(TESTS),$(eval $(call prog_rule,$(t),$(BUILD)/tests)))

$(BUILD)/obj/%.o: %.c | $(GENERATED)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

ALL_TARGETS := $(addprefix $(BUILD)/,$(BINS)) $(addprefix $(BUILD)/tests/,$(TESTS))

.PHONY: all deps build test test-only check lint run bench install clean
all: $(ALL_TARGETS)
build: all

deps:
	@sh mk/deps.sh

test: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) sh tests/run.sh

# Run the tests without the package check (for a tree that is already set up).
test-only: all
	@BUILD=$(BUILD) sh tests/run.sh

check: deps
	@$(MAKE) --no-print-directory BUILD=build/asan SAN=1 all
	@BUILD=build/asan SAN=1 sh tests/run.sh

# cppcheck over every source (STYLE.md: cppcheck clean).
lint:
	cppcheck -q --error-exitcode=1 --enable=warning,performance,portability \
		--std=c11 -Iinclude -Isrc/store -Isrc/card -Isrc/proc -Isrc/ui \
		-Icontrib/vcard -Iscreens --suppress=missingIncludeSystem \
		src screens contrib

run: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) sh contrib/run.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) sh bench/run.sh

# make install [PREFIX=/usr/local] [DESTDIR=]: the programs, helpers, the
# config (kept when present), the systemd units, the man pages and the
# state dir; as root without DESTDIR also the system users (mk/users.sh).
BINDIR     ?= $(PREFIX)/bin
SBINDIR    ?= $(PREFIX)/sbin
LIBEXECDIR ?= $(PREFIX)/libexec/madoguchi
MANDIR     ?= $(PREFIX)/share/man
UNITDIR    ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= /etc
STATEDIR   ?= /var/lib/madoguchi
HELPERS    := $(filter madoguchi-cardd madoguchi-auditd madoguchi-issuerd madoguchi-vcard,$(BINS))
SUBST      := sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SBINDIR@|$(SBINDIR)|g' \
              -e 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
              -e 's|@STATEDIR@|$(STATEDIR)|g'
UNITS      := madoguchi-sshd madoguchi-cardd madoguchi-auditd \
              $(if $(filter madoguchi-issuerd,$(BINS)),madoguchi-issuerd)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(LIBEXECDIR) \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/madoguchi \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 755 $(BUILD)/madoguchi $(DESTDIR)$(BINDIR)/
	install -m 755 $(BUILD)/madoguchi-sshd $(DESTDIR)$(SBINDIR)/
	install -m 755 $(addprefix $(BUILD)/,$(HELPERS)) $(DESTDIR)$(LIBEXECDIR)/
	for u in $(UNITS); do $(SUBST) contrib/systemd/$$u.service.in \
		>$(DESTDIR)$(UNITDIR)/$$u.service && chmod 644 $(DESTDIR)$(UNITDIR)/$$u.service; done
	[ -e $(DESTDIR)$(SYSCONFDIR)/madoguchi/madoguchi.conf ] || \
		{ $(SUBST) contrib/madoguchi.conf.in >$(DESTDIR)$(SYSCONFDIR)/madoguchi/madoguchi.conf && \
		chmod 644 $(DESTDIR)$(SYSCONFDIR)/madoguchi/madoguchi.conf; }
	install -m 644 man/madoguchi.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/madoguchi.conf.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 $(wildcard man/*.8) $(DESTDIR)$(MANDIR)/man8/
	install -d -m 711 $(DESTDIR)$(STATEDIR)
	if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" -eq 0 ]; then sh mk/users.sh; fi

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# print: printed forms as A4 PDFs (cairo + pango, IPAex/IPAmj fonts); the
# layout module and one template file per form. Only programs that link it
# take pangocairo.
LIBS += print
LIBSRCS_print := $(wildcard src/print/*.c)
$(BUILD)/obj/src/print/%.o: CFLAGS += $(shell $(PKG_CONFIG) --cflags pangocairo cairo fontconfig)
LIBS_madoguchi += print
PKGS_madoguchi += pangocairo cairo fontconfig
LDLIBS_madoguchi += -lm

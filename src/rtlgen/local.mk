# rtlgen subsystem: spec model, ports, prompt templates, code extraction,
# feedback rendering.  Pure text processing; depends on base only.
noinst_LIBRARIES += src/rtlgen/librtlgen.a
src_rtlgen_librtlgen_a_SOURCES = src/rtlgen/rtlgen.h src/rtlgen/rtlgen-int.h \
	src/rtlgen/extract.c src/rtlgen/extract-props.c src/rtlgen/ports.c src/rtlgen/spec.c \
	src/rtlgen/prompt.c src/rtlgen/feedback.c
HWFORGE_LIBS += src/rtlgen/librtlgen.a

# Prompt templates: installed under $(pkgdatadir)/templates; the source
# tree copy is the fallback for uninstalled builds and tests.
templatesdir = $(pkgdatadir)/templates
dist_templates_DATA = share/templates/system.txt \
	share/templates/initial.txt share/templates/repair.txt \
	share/templates/rules.txt share/templates/tb-initial.txt \
	share/templates/tb-repair.txt \
	share/templates/repair-system.txt \
	share/templates/repair-initial.txt share/templates/repair-retry.txt
# `hwforge assert` and the bench assertion kind: the same loader, its own
# directory (templates/assert)
assert_templatesdir = $(pkgdatadir)/templates/assert
dist_assert_templates_DATA = share/templates/assert/system.txt \
	share/templates/assert/initial.txt share/templates/assert/repair.txt \
	share/templates/assert/rules.txt

UNIT_TESTS += tests/unit/t-rtlgen-extract tests/unit/t-rtlgen-spec \
	tests/unit/t-rtlgen-feedback tests/unit/t-rtlgen-props
EXTRA_DIST += tests/fixtures/rtlgen
E2E_TESTS += tests/e2e/t1000-gen-verilogeval-prompt.sh

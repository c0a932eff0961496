# dataset subsystem: `hwforge mine`, git history into bug-fix records.
# libgit2 is used here and nowhere else.
noinst_LIBRARIES += src/dataset/libdataset.a
src_dataset_libdataset_a_SOURCES = \
	src/dataset/dataset.h src/dataset/dataset-int.h src/dataset/miner.h \
	src/dataset/classify.c \
	src/dataset/hdl.c \
	src/dataset/walk.c \
	src/dataset/record.c \
	src/dataset/context.c \
	src/dataset/resume.c \
	src/dataset/repo.c \
	src/dataset/dedup.c \
	src/dataset/contam.c \
	src/dataset/filter.c \
	src/dataset/tosuite.c \
	src/dataset/manifest.c \
	src/dataset/mine.c
src_dataset_libdataset_a_CFLAGS = $(AM_CFLAGS) $(GIT2_CFLAGS)
HWFORGE_LIBS += src/dataset/libdataset.a

UNIT_TESTS += tests/unit/t-dataset-classify
E2E_TESTS += tests/e2e/t6500-mine-fixture.sh tests/e2e/t6510-mine-resume.sh \
	tests/e2e/t6520-mine-filter.sh
EXTRA_DIST += tests/e2e/mine-fixture.sh src/dataset/README.md
dist_man_MANS += doc/hwforge-mine.1
PERF_BENCHES += benches/perf/mine-vs-git

# make bench: the benchmark (bench/run.py, see its header).  Long and
# machine-dependent, so never part of `make check` or CI.
EXTRA_PROGRAMS = bench/echopeer bench/barelws bench/measure
bench_measure_SOURCES = bench/measure.c
bench_echopeer_SOURCES = bench/echopeer.c
bench_echopeer_LDADD = src/libwscpure.a
bench_barelws_SOURCES = bench/barelws.c
bench_barelws_CPPFLAGS = $(AM_CPPFLAGS) $(LWS_CFLAGS)
bench_barelws_LDADD = $(LWS_LIBS)
EXTRA_DIST += bench/run.py bench/wsclient.py
CLEANFILES += $(EXTRA_PROGRAMS)

bench: src/wsc bench/echopeer bench/barelws bench/measure
	@case '$(WSC_SANITIZERS)' in ?*) echo "bench: this build has" \
	    "sanitizers ($(WSC_SANITIZERS)): its figures mean little" >&2;; \
	esac
	$(PYTHON3) $(srcdir)/bench/run.py --wsc src/wsc \
	    --echopeer bench/echopeer --barelws bench/barelws \
	    --measure bench/measure $(BENCH_FLAGS)
.PHONY: bench

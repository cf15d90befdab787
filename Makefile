# LossLab: `make test` runs the test suite, `make experiments` writes the precision tables.
SWIFT ?= swift
RELEASE_FLAGS := -c release

.PHONY: all build release test experiments bench deps clean

all: build

# GNU MPFR comes from Debian's libmpfr-dev (never vendored). Installed here when missing and we
# are root; otherwise one line says what to run.
deps:
	@if [ ! -f /usr/include/mpfr.h ] || ! command -v pkg-config >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing libmpfr-dev and pkg-config"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libmpfr-dev pkg-config) >/dev/null; \
	  else \
	    echo "LossLab needs GNU MPFR: run 'sudo apt-get install -y libmpfr-dev pkg-config'" >&2; exit 2; \
	  fi; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

test: deps
	$(SWIFT) test

# Every spec in Experiments/ at full size, tables into Results/ (THREADS=N to choose; the tables
# do not depend on it). QUICK=1 runs the shrunken sweeps CI uses.
experiments: release
	"$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/losslab" run $(if $(THREADS),--threads $(THREADS)) $(if $(QUICK),--quick)

clean:
	rm -rf .build

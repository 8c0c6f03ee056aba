# spdesk — the Safety Pass support center console.
# `make demo` runs the console on demo data; `make test` runs every test CI
# runs. Both install what they need on a fresh Debian machine (run as root).

GO       ?= go
BIN      := bin/spdesk
VERSION  := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
# PC/SC support needs cgo and pcsc-lite; without them the nopcsc tag builds
# the console with only the virtual reader.
PCSC_OK  := $(shell pkg-config --exists libpcsclite 2>/dev/null && echo yes)
TAGS     := $(if $(PCSC_OK),,nopcsc)
# Debian packages the card tests need: a real pcscd with the vpcd virtual
# reader driver, and the headers ebfe/scard builds against.
# pkg-config and gcc are what cgo needs to find and build against pcsc-lite:
# without them the build would quietly fall back to nopcsc. unicode-data and
# kanjidic-xml are the data the variant-kanji table is checked against
# (internal/kanjivar).
CARD_PKGS := pcscd libpcsclite-dev vsmartcard-vpcd pcsc-tools opensc pkg-config gcc unicode-data kanjidic-xml
# Debian packages the letter tests need: the IPA fonts letters are set in,
# poppler's tools to read PDFs back, and a CUPS scheduler with its clients
# and the cups-pdf printer the print tests send jobs to.
LETTER_PKGS := fonts-ipafont-mincho fonts-ipafont-gothic poppler-utils cups cups-client cups-bsd printer-driver-cups-pdf
# The PostgreSQL the store and workflows suites run against a second time
# (store/pgtest starts it in a temp folder; pg_trgm is in contrib).
PG_PKGS   := postgresql-15 postgresql-contrib

.PHONY: all build demo test test-pg test-deps bench install lint clean

all: build

build:
	$(GO) build -tags '$(TAGS)' -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/spdesk

demo: build
	./$(BIN) demo

# test-deps installs the card-test, letter-test and PostgreSQL packages
# when any is missing (needs root and apt; CI machines are fresh Debian).
test-deps:
	@missing=""; for p in $(CARD_PKGS) $(LETTER_PKGS) $(PG_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Packages run one at a time (-p 1): the console tests drive real programs
# with real timings, and the card tests share the machine's one pcscd, so
# on a two-core CI machine running them side by side only adds contention.
# make test never builds without PC/SC, and SPDESK_REQUIRE_REAL=1 turns a
# skipped real-stack test (pcscd, vpcd, opensc, tmpfs, cupsd) into a failure: CI
# cannot pass without the card tests. -count=1: a cached pass is not a run.
test: test-deps lint
	@pkg-config --exists libpcsclite || { echo "pkg-config cannot find libpcsclite: run make test-deps as root"; exit 1; }
	SPDESK_REQUIRE_REAL=1 $(GO) test -count=1 -p 1 -timeout 9m ./...
	$(MAKE) --no-print-directory test-pg

# test-pg runs the store and workflows suites again on PostgreSQL
# (SPDESK_TEST_BACKEND=postgres: store/pgtest starts a server in a temp
# folder and gives each test a database of its own); make test runs it
# after the first pass. About two and a half minutes on two cores.
PG_SUITES := ./store ./workflows
test-pg: test-deps
	SPDESK_REQUIRE_REAL=1 SPDESK_TEST_BACKEND=postgres $(GO) test -count=1 -p 1 -timeout 9m $(PG_SUITES)

# bench seeds a million members once (cached under the system temp folder)
# and prints the search, seed, open and card-test figures.
bench:
	$(GO) test -tags '$(TAGS)' -run '^$$' -bench . -benchtime 1x -timeout 60m ./...

install:
	$(GO) install -tags '$(TAGS)' -ldflags '$(LDFLAGS)' ./cmd/spdesk

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet -tags '$(TAGS)' ./...
	@$(GO) mod tidy -diff >/dev/null 2>&1 || { echo "go.mod/go.sum are not tidy: run go mod tidy"; $(GO) mod tidy -diff; exit 1; }
	@# The console asks the workflows.Desk; no package under tui imports the store.
	@out=$$($(GO) list -tags '$(TAGS)' -f '{{.ImportPath}}: {{join .Imports " "}}' ./tui/... | grep -E '( |^)spdesk/store( |$$)'); \
	if [ -n "$$out" ]; then echo "tui must not import spdesk/store (ask the workflows.Desk):"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin

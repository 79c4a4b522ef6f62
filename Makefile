# reckon: two commands. `make run` builds and runs the demo; `make test` builds and runs every test.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DRECKON_WERROR=ON

.PHONY: all setup configure build run test lint bench fuzz format clean

all: build

setup:
	@scripts/setup.sh

configure: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@scripts/demo.sh $(BUILD)/apps/cli/reckon demo $(BUILD)/apps/verify/reckon-verify

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@bench/run.sh $(BUILD)

# libFuzzer with AddressSanitizer and UBSan (clang): each target runs FUZZ_SECONDS from the seeds
# in fuzz/corpus/, on a copy in $(BUILD)-fuzz/corpus/; findings are written to $(BUILD)-fuzz/.
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/setup.sh clang libclang-rt-dev
	@CXX=clang++ cmake -S . -B $(BUILD)-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRECKON_FUZZ=ON \
	  -DRECKON_BUILD_TESTS=OFF -DRECKON_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(BUILD)-fuzz -j $(JOBS)
	@for t in parsers import; do \
	  mkdir -p $(BUILD)-fuzz/corpus/$$t && cp -n fuzz/corpus/$$t/* $(BUILD)-fuzz/corpus/$$t/; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  (cd $(BUILD)-fuzz && fuzz/reckon_$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
	    -rss_limit_mb=4096 -print_final_stats=1 corpus/$$t 2>fuzz-$$t.log) \
	    || { tail -40 $(BUILD)-fuzz/fuzz-$$t.log; exit 1; }; \
	  grep -E "stat::number_of_executed_units|cov:" $(BUILD)-fuzz/fuzz-$$t.log | tail -2; \
	done

# Fails on format drift or any clang-tidy warning in src/ (see .clang-format, .clang-tidy).
lint: configure
	@git ls-files 'src/*.h' 'src/*.cc' 'apps/*.cc' 'bench/*.cc' 'tests/*.cc' 'fuzz/*.cc' | xargs clang-format --dry-run --Werror
	@git ls-files 'src/*.cc' | grep -v '_test.cc$$' | xargs -P $(JOBS) -n 4 clang-tidy -p $(BUILD) --quiet 2>/dev/null
	@echo "lint: format and clang-tidy clean"

format:
	@clang-format -i $$(git ls-files 'src/*.h' 'src/*.cc' 'apps/*.cc' 'bench/*.cc' 'tests/*.cc' 'fuzz/*.cc')

clean:
	@rm -rf $(BUILD) $(BUILD)-fuzz demo demo.reckon demo.reckon-wal demo.reckon-shm

# reckon: two commands. `make run` builds and runs the demo; `make test` builds and runs every test.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DRECKON_WERROR=ON

.PHONY: all setup configure build run test lint bench format clean

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

# Fails on format drift or any clang-tidy warning in src/ (see .clang-format, .clang-tidy).
lint: configure
	@git ls-files 'src/*.h' 'src/*.cc' 'apps/*.cc' 'bench/*.cc' 'tests/*.cc' | xargs clang-format --dry-run --Werror
	@git ls-files 'src/*.cc' | grep -v '_test.cc$$' | xargs -P $(JOBS) -n 4 clang-tidy -p $(BUILD) --quiet 2>/dev/null
	@echo "lint: format and clang-tidy clean"

format:
	@clang-format -i $$(git ls-files 'src/*.h' 'src/*.cc' 'apps/*.cc' 'bench/*.cc' 'tests/*.cc')

clean:
	@rm -rf $(BUILD) demo demo.reckon demo.reckon-wal demo.reckon-shm

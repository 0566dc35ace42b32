#!/usr/bin/env bash
# Assembles every cartridge source cart/<name>.asm into cart/<name>.bin with
# dasm (Debian package "dasm"). The binaries are committed, so only someone
# who changes a source needs to run this.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v dasm >/dev/null; then
  echo "build-cart: dasm not found; install it (apt-get install dasm)" >&2
  exit 1
fi

# Listings and symbol tables go to build/cart/, which git ignores.
mkdir -p "$root/build/cart"
for source in "$root"/cart/*.asm; do
  name="$(basename "$source" .asm)"
  output="$root/cart/$name.bin"
  temporary="$output.tmp"
  # -f3: raw binary, -S: strict syntax, -R: no output file on errors.
  dasm "$source" -f3 -S -R -E2 -o"$temporary" \
    -l"$root/build/cart/$name.lst" -s"$root/build/cart/$name.sym" >/dev/null
  mv "$temporary" "$output"
  echo "cart/$name.bin: $(wc -c <"$output") bytes, md5 $(md5sum "$output" | cut -d' ' -f1)"
done

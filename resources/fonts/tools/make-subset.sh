#!/usr/bin/env bash
# Regenerates the report fonts (NotoSansSC-*.subset.ttf) from Noto Sans SC as the npm package
# @expo-google-fonts/noto-sans-sc ships it, subset to tools/charset.py's characters. Needs npm (the registry)
# and Debian's fonttools (`apt-get install -y fonttools`, which gives pyftsubset). Run from anywhere:
#
#   bash resources/fonts/tools/make-subset.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fonts="$(dirname "$here")"
root="$(cd "$fonts/../.." && pwd)"
version=0.4.3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "@expo-google-fonts/noto-sans-sc@$version" >/dev/null && tar xzf ./*.tgz)
/usr/bin/python3 "$here/charset.py" "$root" > "$work/chars.txt"

for weight in 400Regular:Regular 700Bold:Bold; do
  source="$work/package/${weight%%:*}/NotoSansSC_${weight%%:*}.ttf"
  pyftsubset "$source" --text-file="$work/chars.txt" --output-file="$fonts/NotoSansSC-${weight##*:}.subset.ttf" \
    --layout-features='' --no-hinting --name-IDs='*' --name-languages='*' --notdef-outline
done
cp "$work/package/LICENSE_FONT" "$fonts/OFL.txt"
ls -l "$fonts"/*.ttf

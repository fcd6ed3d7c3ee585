#!/bin/sh
# Regenerates the PNG app icons in static/icons/ from static/icon.svg.
# Run by hand after changing the logo, then commit the PNGs: this script is deliberately
# not part of `npm run build` or the tests, so neither needs librsvg.
#
#   apt-get install -y librsvg2-bin    # provides rsvg-convert
#   sh scripts/make-icons.sh
#
# Outputs:
#   icon-192.png, icon-512.png      "any" icons: the logo as drawn (rounded square, transparent corners)
#   maskable-512.png                "maskable": full-bleed background, glyph scaled to 80 % so it
#                                   stays inside the central safe-zone circle (radius 40 % of the size)
#                                   whatever mask shape the platform applies
#   apple-touch-icon.png (180)      iOS fills transparency with black and rounds the corners itself,
#                                   so it gets the full-bleed (maskable) artwork
set -eu

cd "$(dirname "$0")/.."
command -v rsvg-convert >/dev/null || { echo "make-icons: rsvg-convert not found (apt-get install librsvg2-bin)" >&2; exit 1; }

src=static/icon.svg
out=static/icons
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Same glyph as static/icon.svg: square corners, glyph centred on its bounding box
# (x 152..390, y 120..392, centre 271,256) and scaled to 0.8 around the canvas centre.
cat >"$tmp/maskable.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" fill="#0f766e"/><g transform="translate(256 256) scale(0.8) translate(-271 -256)"><path d="M152 120h130c64 0 108 40 108 100s-44 100-108 100h-62v72h-68z" fill="#fff"/><path d="M220 180h58c26 0 44 14 44 40s-18 40-44 40h-58z" fill="#0f766e"/></g></svg>
SVG

rsvg-convert -w 192 -h 192 "$src" -o "$out/icon-192.png"
rsvg-convert -w 512 -h 512 "$src" -o "$out/icon-512.png"
rsvg-convert -w 512 -h 512 "$tmp/maskable.svg" -o "$out/maskable-512.png"
rsvg-convert -w 180 -h 180 "$tmp/maskable.svg" -o "$out/apple-touch-icon.png"
echo "make-icons: wrote $(ls "$out" | tr '\n' ' ')"

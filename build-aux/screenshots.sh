#!/bin/sh
# Takes the screenshots the AppStream metadata shows (data/screenshots/):
# the real flotilla, built in BUILD_DIR, with the Food Trucks example open,
# once in English and once in Russian, on a private X server, with default
# settings.  Look at both before committing them: nothing cut off, nothing
# left in English in the Russian one.
#
# usage: build-aux/screenshots.sh [BUILD_DIR [OUT_DIR]]
# needs: xvfb, xdotool, dbus, python3-gi with GdkPixbuf (Debian: xvfb
#        xdotool dbus python3-gi gir1.2-gdkpixbuf-2.0), and ru_RU.UTF-8
set -eu

source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(cd "${1:-$source_dir/_build}" && pwd)
out_dir=${2:-$source_dir/data/screenshots}
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)

if [ -z "${FLOTILLA_SCREENSHOTS_INNER:-}" ]; then
  # Again, inside a private X server and session bus.
  FLOTILLA_SCREENSHOTS_INNER=1 exec dbus-run-session -- \
    xvfb-run -a -s '-screen 0 1280x900x24' "$0" "$build_dir" "$out_dir"
fi

# Copies a rectangle of the X screen into a PNG (GTK 4 cannot read the
# screen, so Xlib through ctypes, and GdkPixbuf to write the file).
grab() {
  /usr/bin/python3 - "$@" <<'EOF'
import ctypes, sys
import gi
gi.require_version('GdkPixbuf', '2.0')
from gi.repository import GdkPixbuf, GLib

x, y, w, h = map(int, sys.argv[1:5])
xlib = ctypes.CDLL('libX11.so.6')
xlib.XOpenDisplay.restype = ctypes.c_void_p
xlib.XDefaultRootWindow.restype = ctypes.c_ulong
xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]

class XImage(ctypes.Structure):
    _fields_ = [('width', ctypes.c_int), ('height', ctypes.c_int), ('xoffset', ctypes.c_int),
                ('format', ctypes.c_int), ('data', ctypes.POINTER(ctypes.c_ubyte)),
                ('byte_order', ctypes.c_int), ('bitmap_unit', ctypes.c_int),
                ('bitmap_bit_order', ctypes.c_int), ('bitmap_pad', ctypes.c_int),
                ('depth', ctypes.c_int), ('bytes_per_line', ctypes.c_int),
                ('bits_per_pixel', ctypes.c_int)]

xlib.XGetImage.restype = ctypes.POINTER(XImage)
xlib.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                           ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
display = xlib.XOpenDisplay(None)
ZPIXMAP = 2
image = xlib.XGetImage(display, xlib.XDefaultRootWindow(display), x, y, w, h, 0xffffffff, ZPIXMAP).contents
if image.bits_per_pixel != 32:
    sys.exit('screenshots: the X server must run at 24 bits (got %d bits per pixel)' % image.bits_per_pixel)
raw = ctypes.string_at(image.data, image.bytes_per_line * h)
rgb = bytearray(w * h * 3)
for row in range(h):
    line = raw[row * image.bytes_per_line:row * image.bytes_per_line + w * 4]
    start = row * w * 3
    rgb[start + 0:start + w * 3:3] = line[2::4]   # BGRX on a little-endian server
    rgb[start + 1:start + w * 3:3] = line[1::4]
    rgb[start + 2:start + w * 3:3] = line[0::4]
pixbuf = GdkPixbuf.Pixbuf.new_from_bytes(GLib.Bytes.new(bytes(rgb)), GdkPixbuf.Colorspace.RGB,
                                         False, 8, w, h, w * 3)
pixbuf.savev(sys.argv[5], 'png', [], [])
EOF
}

shoot() {
  language=$1
  (
    export GSETTINGS_SCHEMA_DIR="$build_dir/data" GSETTINGS_BACKEND=memory
    export FLOTILLA_LOCALEDIR="$build_dir/po" GTK_A11Y=none NO_AT_BRIDGE=1
    if [ "$language" = ru ]; then
      export LC_ALL=ru_RU.UTF-8 LANGUAGE=ru
    else
      export LC_ALL=C.UTF-8 LANGUAGE=en
    fi
    exec "$build_dir/app/flotilla" "$source_dir/data/examples/foodtrucks/docker-compose.yml"
  ) &
  pid=$!

  # The biggest window of the process is the project window (tooltips and
  # popovers are windows of their own on X11).
  window=
  tries=0
  while [ -z "$window" ] && [ $tries -lt 60 ]; do
    sleep 0.5
    tries=$((tries + 1))
    best=0
    for w in $(xdotool search --pid $pid --onlyvisible 2>/dev/null || true); do
      eval "$(xdotool getwindowgeometry --shell "$w")"
      if [ $((WIDTH * HEIGHT)) -gt $best ]; then
        best=$((WIDTH * HEIGHT))
        window=$w
      fi
    done
  done
  if [ -z "$window" ]; then
    kill $pid
    echo "screenshots: no window appeared in 30 s" >&2
    exit 1
  fi

  # Out of the way, so that no tooltip or hover shows; then let the project
  # load and the engine state arrive.
  xdotool mousemove 1279 899
  sleep 5
  eval "$(xdotool getwindowgeometry --shell "$window")"
  grab "$X" "$Y" "$WIDTH" "$HEIGHT" "$out_dir/flotilla-$language.png"
  kill $pid
  wait $pid 2>/dev/null || true
  echo "screenshots: $out_dir/flotilla-$language.png (${WIDTH}x$HEIGHT)"
}

shoot en
shoot ru

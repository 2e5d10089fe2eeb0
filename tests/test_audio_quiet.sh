#!/bin/sh
# With no sound card, alsa-lib writes its own complaints on stderr ("ALSA lib
# confmisc.c:855:(parse_card) cannot find card '0'", eight lines) when SDL
# opens its audio. The kiosk, drawing on SDL's dummy video driver with ALSA
# as SDL's audio driver, must show none of them and say once, in its own
# words, that the cues stay silent. The oracle is alsa-lib's own prefix.
# Skipped where a sound card exists (alsa-lib has nothing to complain of)
# or alsa-lib is missing (SDL cannot even try).
set -u
prog=${STRETCHREP:-build/stretchrep}
if ls /dev/snd/pcmC*D*p >/dev/null 2>&1; then
	echo "test_audio_quiet: this machine has a sound card: skipped"
	exit 0
fi
if ! ldconfig -p 2>/dev/null | grep -q 'libasound\.so\.2'; then
	echo "test_audio_quiet: no alsa-lib here: skipped"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=alsa STATE_DIRECTORY="$tmp/state" \
	"$prog" run --simulate --seconds 2 --speed 50 >/dev/null 2>"$tmp/err"
rc=$?
fail=0
[ "$rc" = 0 ] || { echo "FAIL: run exited $rc"; fail=1; }
if grep -q '^ALSA lib' "$tmp/err"; then
	echo "FAIL: alsa-lib's own lines on stderr:"
	grep '^ALSA lib' "$tmp/err"
	fail=1
fi
n=$(grep -c '^stretchrep run: sound: no sound device' "$tmp/err")
[ "$n" = 1 ] || { echo "FAIL: $n lines of our own about the sound device (want 1):"; cat "$tmp/err"; fail=1; }
[ "$fail" = 0 ] && echo "test_audio_quiet: no ALSA lines, one of ours: $(grep '^stretchrep run: sound:' "$tmp/err")"
exit "$fail"

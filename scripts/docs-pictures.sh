#!/usr/bin/env bash
# Takes the README's pictures from a running suite: `supportctl status --watch` as the terminal
# shows it (tmux → aha → headless Chromium), and a Prometheus graph page.
#
#   scripts/docs-pictures.sh status DATA_DIR OUT.png
#   scripts/docs-pictures.sh prometheus 'http://127.0.0.1:9090/graph?...' OUT.png
#
# Needs tmux, aha and chromium (Debian packages of the same names).
set -euo pipefail

shot() { # url out.png width height
    chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
        --window-size="$3,$4" --virtual-time-budget=8000 --screenshot="$2" "$1" >/dev/null 2>&1
}

case "${1:-}" in
status)
    data=$2 out=$3
    ctl=${SUPPORTCTL:-$(dirname "$0")/../.build/release/supportctl}
    session=docs-status-$$
    tmux new-session -d -s "$session" -x 118 -y 24 "$ctl status --watch --interval 2 --data-dir $data"
    sleep "${STATUS_WAIT:-5}" # two samples, so the rates show
    html=$(mktemp --suffix=.html)
    {
        echo '<html><body style="margin:0;background:#1e1e1e"><pre style="margin:0;padding:14px;color:#ddd;font:15px/1.35 DejaVu Sans Mono,monospace">'
        tmux capture-pane -e -p -t "$session" | aha --no-header --black
        echo '</pre></body></html>'
    } >"$html"
    tmux kill-session -t "$session"
    shot "file://$html" "$out" 1000 470
    rm -f "$html"
    ;;
prometheus)
    shot "$2" "$3" 1400 900
    ;;
*)
    sed -n '2,8p' "$0"
    exit 64
    ;;
esac
echo "wrote ${*: -1}"

#!/bin/sh
# Prints what `deno task start` puts before `deno run`: `env --block-signal=SIGUSR1,SIGUSR2` where env
# can block signals (GNU coreutils 8.31 and later, as on Linux), so the app starts with both blocked
# and Deno's SIGUSR1 inspector can never open. Where env cannot (macOS, BusyBox) it prints nothing, so
# the app still starts, and warns on stderr. See docs/running.md, "SIGUSR1 and the V8 inspector".
if env --block-signal=SIGUSR1 true 2>/dev/null; then
  echo "env --block-signal=SIGUSR1,SIGUSR2"
else
  echo "warning: env cannot block SIGUSR1 here: under deno run, SIGUSR1 opens a V8 inspector on 127.0.0.1:9229 (docs/running.md)" >&2
fi

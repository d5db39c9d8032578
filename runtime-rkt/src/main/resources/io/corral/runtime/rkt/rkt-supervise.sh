#!/bin/bash
# Corral's supervisor of one rkt pod process (`rkt run-prepared <uuid>`).
# Usage: rkt-supervise.sh <log file> <exit file> <command> [args...]
# Appends every line the command prints to the log file as
#   "<seconds since the epoch>.<microseconds> <stdout|stderr> <line>"
# and writes the command's exit status to the exit file when it ends.
export LC_ALL=C
log=$1
exitfile=$2
shift 2
stamp() {
  local stream=$1 line ts
  while IFS= read -r line || [[ -n $line ]]; do
    ts=${EPOCHREALTIME:-}
    if [[ -z $ts ]]; then printf -v ts '%(%s)T.000000' -1; fi
    printf '%s %s %s\n' "$ts" "$stream" "$line" >> "$log"
  done
}
{ { "$@"; echo $? > "$exitfile.tmp"; mv -f "$exitfile.tmp" "$exitfile"; } 2>&1 1>&3 3>&- | stamp stderr; } 3>&1 | stamp stdout

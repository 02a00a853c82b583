# Sourced by the bench scripts (bench-pcsc, bench-signing), not run.
#
# thread_counters PID: for each kind of thread of PID, its name without a trailing number ("slot-3"
# and "slot-7" are "slot", "GC Thread#1" is "GC Thread"), the summed user and system clock ticks and
# voluntary and involuntary context switches, tab-separated, sorted by kind. Two snapshots joined
# (join -t$'\t' before after) give what each kind of thread did in between.
thread_counters() {
  for t in /proc/"$1"/task/*; do
    awk -v name="$(cat "$t/comm" 2>/dev/null)" '
      FNR == 1 && FILENAME ~ /stat$/ { s = $0; sub(/.*\) /, "", s); split(s, f, " "); user = f[12]; sys = f[13] }
      /^voluntary_ctxt_switches/ { v = $2 } /^nonvoluntary_ctxt_switches/ { nv = $2 }
      END { sub(/[#0-9-]+$/, "", name); print name "\t" user "\t" sys "\t" v "\t" nv }' "$t/stat" "$t/status" 2>/dev/null
  done | awk -F'\t' '{ u[$1] += $2; s[$1] += $3; v[$1] += $4; n[$1] += $5 }
    END { for (k in u) print k "\t" u[k] "\t" s[k] "\t" v[k] "\t" n[k] }' | sort
}

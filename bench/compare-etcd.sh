#!/usr/bin/env bash
# bench/compare-etcd.sh - akka-raft against etcd on this machine, in one run, under the same wrk load.
#
# Starts a 3-node akka-raft cluster (bin/akka-raft-node: LevelDB journal with fsync on, default settings) and
# a 3-member etcd cluster (default durability: WAL fsync on) on 127.0.0.1, preloads the same NKEYS keys with
# VALUE_BYTES-byte values into both, then drives each system's leader with wrk: writes (akka-raft
# PUT /kv/{key}; etcd POST /v3/kv/put) and linearizable reads (akka-raft GET /kv/{key}; etcd
# POST /v3/kv/range) of random keys, at each connection count, each measured run preceded by an unrecorded
# warm-up of the same load, the two systems taking turns run by run. Prints machine facts and settings, a
# per-run table, a summary (medians over the repetitions, akka-raft/etcd ratios, CPU used by each system)
# and PASS/FAIL per target. Everything it starts is stopped when it ends, however it ends.
#
#   bench/compare-etcd.sh                      # the full run (~17 min with the defaults)
#   REPS=1 DURATION=10 bench/compare-etcd.sh   # a quick one
#   bench/compare-etcd.sh --rebuild            # rebuild target/akka-raft.jar first
#   bench/compare-etcd.sh --keep-logs          # keep the temp dir: node and member logs, raw wrk output
#
# Knobs (environment): REPS (3), DURATION seconds per measured run (20), WARMUP seconds before each (5),
# CONCURRENCY connection counts ("1 16 64"), READ_CONCURRENCY (same as CONCURRENCY), WORKLOADS
# ("put get"), SYSTEMS ("akka-raft etcd"), NKEYS (10000), VALUE_BYTES (100), WRK_THREADS (1; never more
# than the connections), RAFT_PORT_BASE (25690), HTTP_PORT_BASE (18190), ETCD_CLIENT_PORT_BASE (24790),
# ETCD_PEER_PORT_BASE (24800) (member i listens on base+i), BENCH_TMP (TMPDIR or /tmp: where the data
# dirs go; must be a real disk for fsync to mean anything), KEEP_LOGS (0), JAVA_OPTS (more JVM flags for
# the nodes, see bin/akka-raft-node).
#
# Exit status: 0 when every run completed (targets are informative), 1 when something broke (a tool, a
# cluster, a run), 3 when runs completed but some requests failed (socket errors or non-2xx answers).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WRK_DIR="$ROOT/bench/wrk"
NODE_LAUNCHER="$ROOT/bin/akka-raft-node"
JAR="$ROOT/target/akka-raft.jar"

REPS=${REPS:-3}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
CONCURRENCY=${CONCURRENCY:-"1 16 64"}
READ_CONCURRENCY=${READ_CONCURRENCY:-$CONCURRENCY}
WORKLOADS=${WORKLOADS:-"put get"}
SYSTEMS=${SYSTEMS:-"akka-raft etcd"}
NKEYS=${NKEYS:-10000}
VALUE_BYTES=${VALUE_BYTES:-100}
WRK_THREADS=${WRK_THREADS:-1}
RAFT_PORT_BASE=${RAFT_PORT_BASE:-25690}
HTTP_PORT_BASE=${HTTP_PORT_BASE:-18190}
ETCD_CLIENT_PORT_BASE=${ETCD_CLIENT_PORT_BASE:-24790}
ETCD_PEER_PORT_BASE=${ETCD_PEER_PORT_BASE:-24800}
BENCH_TMP=${BENCH_TMP:-${TMPDIR:-/tmp}}
KEEP_LOGS=${KEEP_LOGS:-0}
REBUILD=0
export NKEYS VALUE_BYTES ETCDCTL_API=3

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for arg in "$@"; do
  case $arg in
    --rebuild) REBUILD=1 ;;
    --keep-logs) KEEP_LOGS=1 ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "compare-etcd.sh: unknown argument '$arg' (try --help)" >&2; exit 1 ;;
  esac
done
is_count() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }
for knob in REPS DURATION NKEYS VALUE_BYTES WRK_THREADS RAFT_PORT_BASE HTTP_PORT_BASE ETCD_CLIENT_PORT_BASE \
  ETCD_PEER_PORT_BASE; do
  is_count "${!knob}" || die "$knob must be a positive integer, not '${!knob}'"
done
[[ $WARMUP =~ ^[0-9]+$ ]] || die "WARMUP must be a whole number of seconds, not '$WARMUP'"
for c in $CONCURRENCY $READ_CONCURRENCY; do is_count "$c" || die "connection counts must be positive integers, not '$c'"; done
for w in $WORKLOADS; do [[ $w = put || $w = get ]] || die "WORKLOADS may hold put and get, not '$w'"; done
for s in $SYSTEMS; do [[ $s = akka-raft || $s = etcd ]] || die "SYSTEMS may hold akka-raft and etcd, not '$s'"; done
((NKEYS <= 100000)) || die "NKEYS is at most 100000 (keys are key-00000 .. key-99999)"
[ -d "$BENCH_TMP" ] || die "BENCH_TMP $BENCH_TMP is not a directory"
has() { [[ " $SYSTEMS " = *" $1 "* ]]; }

# ---------------------------------------------------------------- tools
need=()
for pair in etcd:etcd-server etcdctl:etcd-client wrk:wrk curl:curl jq:jq column:bsdextrautils unzip:unzip; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
if ((${#need[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing ${need[*]}"
  $SUDO apt-get update -q >/dev/null || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}" >/dev/null || die "apt-get install ${need[*]} failed"
fi
# Debian's etcd-server enables a system etcd on 2379/2380 where systemd runs: it would compete for the CPU.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet etcd 2>/dev/null; then
  log "stopping the system etcd service (it competes for the CPU)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO systemctl stop etcd || die "cannot stop the system etcd service"
fi
if [ "$REBUILD" = 1 ] || [ ! -f "$JAR" ]; then
  log "building $JAR"
  (cd "$ROOT" && mvn -q -B package -DskipTests) || die "the build failed"
fi

# ---------------------------------------------------------------- temp dir, processes, cleanup
WORK=$(mktemp -d "$BENCH_TMP/compare-etcd.XXXXXX")
mkdir -p "$WORK/raw"
AKKA_PIDS=()
ETCD_PIDS=()
LOAD_PID=""
cleanup() {
  local rc=$? pid
  set +e # stop everything, whatever fails on the way
  trap - EXIT INT TERM
  # A load run is a subshell around timeout around wrk: timeout passes the signal on to wrk.
  [ -n "$LOAD_PID" ] && pkill -TERM -P "$LOAD_PID" 2>/dev/null
  for pid in "${AKKA_PIDS[@]}" "${ETCD_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${AKKA_PIDS[@]}" "${ETCD_PIDS[@]}" $LOAD_PID; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null
  done
  wait 2>/dev/null
  if [ "$KEEP_LOGS" = 1 ]; then log "kept logs and raw output in $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- settings and machine facts
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
raft_port() { echo $((RAFT_PORT_BASE + $1)); }
http_port() { echo $((HTTP_PORT_BASE + $1)); }
etcd_client_port() { echo $((ETCD_CLIENT_PORT_BASE + $1)); }
etcd_peer_port() { echo $((ETCD_PEER_PORT_BASE + $1)); }
for i in 1 2 3; do
  for p in "$(raft_port $i)" "$(http_port $i)" "$(etcd_client_port $i)" "$(etcd_peer_port $i)"; do
    port_free "$p" || die "port $p is already in use (move the *_PORT_BASE knobs)"
  done
done

JVM_FLAGS=$("$NODE_LAUNCHER" --print-jvm-options)
# Durability is not negotiable: the jar's node configuration must fsync, and nothing may turn it off.
journal_conf=$(unzip -p "$JAR" application.conf | sed -n '/leveldb {/,/}/p')
grep -Eq '^\s*fsync\s*=\s*on' <<<"$journal_conf" || die "the jar's application.conf does not set LevelDB fsync = on"
[[ $JVM_FLAGS != *fsync* ]] || die "JAVA_OPTS must not touch fsync: $JVM_FLAGS"
ETCD_FLAGS_COMMON="--initial-cluster-state new --initial-cluster-token compare-etcd"

echo "== machine"
echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cpu:         $(nproc) x $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
echo "memory:      $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "kernel:      $(uname -r)"
echo "data dirs:   $WORK on $(df -T "$WORK" | awk 'NR==2{print $1" ("$2")"}')"
[ "$(df -T "$WORK" | awk 'NR==2{print $2}')" != tmpfs ] ||
  echo "WARNING: the data dirs are on tmpfs, where fsync costs nothing: set BENCH_TMP to a directory on disk"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
echo
echo "== settings"
echo "akka-raft:   $(unzip -p "$JAR" META-INF/MANIFEST.MF | awk -F': ' '/Implementation-Version/{print $2}' | tr -d '\r')" \
  "(commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ', uncommitted changes')," \
  "jar built $(date -u -r "$JAR" +%Y-%m-%dT%H:%MZ))"
echo "             3 nodes, default settings, LevelDB journal native, fsync = on; GET /kv linearizable (ReadIndex)"
echo "java:        $(java -version 2>&1 | head -1)"
echo "JVM flags:   $JVM_FLAGS   (bin/akka-raft-node)"
echo "etcd:        $(etcd --version | head -1 | awk '{print $3}'), 3 members, default flags (WAL fsync on) plus $ETCD_FLAGS_COMMON"
echo "             POST /v3/kv/range linearizable (no \"serializable\"); etcdctl $(etcdctl version | head -1 | awk '{print $3}')"
echo "wrk:         $(wrk -v 2>&1 | head -1 | awk '{print $2}'), $WRK_THREADS thread(s) (at most one per connection), --timeout 10s"
echo "load:        workloads '$WORKLOADS' at '$CONCURRENCY' connections (reads at '$READ_CONCURRENCY');" \
  "${WARMUP}s warm-up + ${DURATION}s measured per run; $REPS repetition(s); systems take turns run by run"
echo "data:        $NKEYS keys key-00000.., all preloaded on both; ${VALUE_BYTES}-byte values; random key per request"
echo

# ---------------------------------------------------------------- akka-raft cluster
AKKA_MEMBERS="n1=127.0.0.1:$(raft_port 1),n2=127.0.0.1:$(raft_port 2),n3=127.0.0.1:$(raft_port 3)"
start_akka_raft() {
  local i
  for i in 1 2 3; do
    "$NODE_LAUNCHER" --id "n$i" --host 127.0.0.1 --raft-port "$(raft_port $i)" --http-port "$(http_port $i)" \
      --members "$AKKA_MEMBERS" --data-dir "$WORK/akka-raft/n$i" >"$WORK/akka-raft-n$i.log" 2>&1 &
    AKKA_PIDS+=($!)
  done
  log "akka-raft nodes started: pids ${AKKA_PIDS[*]}"
}
# The leader's HTTP endpoint, when every node answers /status naming the same leader and it says it leads.
akka_raft_leader_now() {
  local i s leader="" term="" role
  for i in 1 2 3; do
    s=$(curl -sf --max-time 2 "http://127.0.0.1:$(http_port $i)/status") || return 1
    [ -z "$leader" ] && leader=$(jq -r '.leader // empty' <<<"$s")
    [ -n "$leader" ] && [ "$(jq -r '.leader // empty' <<<"$s")" = "$leader" ] || return 1
  done
  i=${leader#n}
  s=$(curl -sf --max-time 2 "http://127.0.0.1:$(http_port "$i")/status") || return 1
  role=$(jq -r .role <<<"$s"); term=$(jq -r .term <<<"$s")
  [ "$role" = leader ] || return 1
  echo "http://127.0.0.1:$(http_port "$i") $leader $term"
}

# ---------------------------------------------------------------- etcd cluster
ETCD_CLUSTER="e1=http://127.0.0.1:$(etcd_peer_port 1),e2=http://127.0.0.1:$(etcd_peer_port 2),e3=http://127.0.0.1:$(etcd_peer_port 3)"
ETCD_ENDPOINTS="127.0.0.1:$(etcd_client_port 1),127.0.0.1:$(etcd_client_port 2),127.0.0.1:$(etcd_client_port 3)"
start_etcd() {
  local i
  for i in 1 2 3; do
    # shellcheck disable=SC2086
    etcd --name "e$i" --data-dir "$WORK/etcd/e$i" \
      --listen-client-urls "http://127.0.0.1:$(etcd_client_port $i)" \
      --advertise-client-urls "http://127.0.0.1:$(etcd_client_port $i)" \
      --listen-peer-urls "http://127.0.0.1:$(etcd_peer_port $i)" \
      --initial-advertise-peer-urls "http://127.0.0.1:$(etcd_peer_port $i)" \
      --initial-cluster "$ETCD_CLUSTER" $ETCD_FLAGS_COMMON >"$WORK/etcd-e$i.log" 2>&1 &
    ETCD_PIDS+=($!)
  done
  log "etcd members started: pids ${ETCD_PIDS[*]}"
}
# The leader's client URL, its member id and raft term (from `etcdctl endpoint status`).
etcd_leader_now() {
  etcdctl --endpoints="$ETCD_ENDPOINTS" --command-timeout=2s endpoint status 2>/dev/null |
    awk -F', ' '$5 == "true" {print "http://" $1, $2, $7; found = 1} END {exit !found}'
}

await_leader() { # system seconds
  local deadline=$((SECONDS + $2)) leader pid pids
  while ((SECONDS < deadline)); do
    if leader=$("${1//-/_}_leader_now"); then echo "$leader"; return 0; fi
    if [ "$1" = akka-raft ]; then pids=("${AKKA_PIDS[@]}"); else pids=("${ETCD_PIDS[@]}"); fi
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || die "a $1 process ($pid) exited; see its log (--keep-logs)"; done
    sleep 0.5
  done
  return 1
}

has akka-raft && start_akka_raft
has etcd && start_etcd
declare -A LEADER TERM0
for sys in $SYSTEMS; do
  read -r url id term < <(await_leader "$sys" 120 || true) || true
  [ -n "${url:-}" ] || { KEEP_LOGS=1; die "$sys elected no leader within 120 s (logs kept in $WORK)"; }
  LEADER[$sys]=$url; TERM0[$sys]=$term
  echo "$sys leader: $id at $url (term $term)"
  unset url id term
done

# ---------------------------------------------------------------- preload and read-back checks
VALUE=$(head -c "$VALUE_BYTES" /dev/zero | tr '\0' v)
printf '%s' "$VALUE" >"$WORK/value"
key() { printf 'key-%05d' "$1"; }

# curl --parallel with one request per key; every answer's status is checked, not just the count.
preload() { # system
  local cfg="$WORK/preload-$1.curl" codes="$WORK/preload-$1.codes" ok
  if [ "$1" = akka-raft ]; then
    awk -v n="$NKEYS" -v base="${LEADER[akka-raft]}" -v vf="$WORK/value" 'BEGIN {
      for (i = 0; i < n; i++) {
        if (i) print "next"
        printf "url = \"%s/kv/key-%05d\"\nrequest = \"PUT\"\ndata-binary = \"@%s\"\n", base, i, vf
        print "header = \"Content-Type: application/octet-stream\""
        print "output = \"/dev/null\"\nwrite-out = \"%{http_code}\\n\""
      } }' >"$cfg"
  else
    jq -rn --argjson n "$NKEYS" --arg base "${LEADER[etcd]}" --arg v "$VALUE" '
      ($v | @base64) as $value
      | range(0; $n)
      | (if . > 0 then "next\n" else "" end)
        + "url = \"\($base)/v3/kv/put\"\n"
        + "data-binary = \({key: ("key-" + ("0000\(.)" | .[-5:]) | @base64), value: $value} | tojson | tojson)\n"
        + "output = \"/dev/null\"\nwrite-out = \"%{http_code}\\n\""' >"$cfg"
  fi
  curl -s --parallel --parallel-max 16 -K "$cfg" >"$codes" 2>"$WORK/preload-$1.err" || true
  ok=$(grep -c '^200$' "$codes" || true)
  ((ok == NKEYS)) || die "$1 preload: $ok of $NKEYS puts answered 200 (others: $(grep -v '^200$' "$codes" | sort | uniq -c | tr -s ' \n' ' '))"
}

read_back() { # system key -> the stored value (linearizable read)
  if [ "$1" = akka-raft ]; then
    curl -sf --max-time 10 "${LEADER[akka-raft]}/kv/$2"
  else
    curl -sf --max-time 10 -X POST "${LEADER[etcd]}/v3/kv/range" -d "{\"key\":\"$(printf '%s' "$2" | base64 -w0)\"}" |
      jq -r '.kvs[0].value // empty' | base64 -d
  fi
}
check_values() { # system when: a few keys, first and last included, must read back as the value
  local k got
  for k in 0 $((NKEYS - 1)) $((RANDOM % NKEYS)) $((RANDOM % NKEYS)); do
    got=$(read_back "$1" "$(key "$k")") || die "$1 $2: reading $(key "$k") failed"
    [ "$got" = "$VALUE" ] || die "$1 $2: $(key "$k") reads '${got:0:20}...', not the ${VALUE_BYTES}-byte value"
  done
}

for sys in $SYSTEMS; do
  t0=$SECONDS
  preload "$sys"
  check_values "$sys" "after the preload"
  if [ "$sys" = etcd ]; then
    n=$(etcdctl --endpoints="$ETCD_ENDPOINTS" get key- --prefix --keys-only --limit=1 -w json | jq .count)
    [ "$n" = "$NKEYS" ] || die "etcd holds $n keys key-* after the preload, not $NKEYS"
  fi
  echo "$sys: preloaded $NKEYS keys in $((SECONDS - t0)) s (every put answered 200; sample keys read back)"
done

# ---------------------------------------------------------------- load runs
CLK_TCK=$(getconf CLK_TCK)
# CPU ticks (user + system) of a list of processes, and of the whole machine (busy, total).
proc_ticks() { local s=0 p; for p in "$@"; do s=$((s + $(sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13}'))); done; echo "$s"; }
machine_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
pids_of() { if [ "$1" = akka-raft ]; then echo "${AKKA_PIDS[*]}"; else echo "${ETCD_PIDS[*]}"; fi; }
other_system() { if [ "$1" = akka-raft ]; then echo etcd; else echo akka-raft; fi; }

# What each cluster burns doing nothing (heartbeats, timers, idle threads), over 5 s with no load: it is
# part of what the other system competes with during its runs.
idle_cpu() { # system -> % of all cores
  local p0 p1 t0 t1 b
  # shellcheck disable=SC2046
  p0=$(proc_ticks $(pids_of "$1")); read -r b t0 < <(machine_ticks); sleep 5
  # shellcheck disable=SC2046
  p1=$(proc_ticks $(pids_of "$1")); read -r b t1 < <(machine_ticks)
  awk -v p="$((p1 - p0))" -v t="$((t1 - t0))" 'BEGIN {printf "%.1f", t ? 100 * p / t : 0}'
}
for sys in $SYSTEMS; do echo "$sys idle: $(idle_cpu "$sys")% of all cores (no load, 5 s)"; done

wrk_load() { # system workload connections seconds output
  local script op threads=$WRK_THREADS
  ((threads > $3)) && threads=$3
  if [ "$1" = akka-raft ]; then script=akka-raft.lua; op=$2; else script=etcd.lua; [ "$2" = put ] && op=put || op=range; fi
  # The subshell's `times` reports the CPU used by its children: timeout and wrk.
  (timeout $(($4 + 60)) wrk -t"$threads" -c"$3" -d"${4}s" --timeout 10s -s "$WRK_DIR/$script" "${LEADER[$1]}" -- "$op" \
    >"$5" 2>&1; rc=$?; times >"$5.times"; exit $rc) &
  LOAD_PID=$!
  local rc=0
  wait "$LOAD_PID" || rc=$?
  LOAD_PID=""
  return $rc
}

RAW="$WORK/raw/runs.tsv"
: >"$RAW"
# Columns: system workload conns rep req/s p50 p99 p99.9 requests sockerr non2xx cpu_system% cpu_idle_system%
# cpu_wrk% cpu_rest% cpu_us/request. CPU in % of all cores over the measured run; "idle system" is the other
# system, waiting; "rest" is everything else: other tenants, kernel threads (the ext4 journal among them).
measure() { # system workload connections rep
  local sys=$1 wl=$2 c=$3 rep=$4 out leader_now
  leader_now=$(await_leader "$sys" 30) || die "$sys has no leader before $wl c=$c"
  LEADER[$sys]=${leader_now%% *}
  if ((WARMUP > 0)); then
    wrk_load "$sys" "$wl" "$c" "$WARMUP" "$WORK/raw/$sys-$wl-c$c-r$rep.warmup" ||
      die "$sys $wl c=$c warm-up: wrk failed: $(tail -3 "$WORK/raw/$sys-$wl-c$c-r$rep.warmup")"
  fi
  out="$WORK/raw/$sys-$wl-c$c-r$rep.txt"
  local idle p0 p1 i0 i1 b0 t0 b1 t1
  idle=$(other_system "$sys")
  # shellcheck disable=SC2046
  p0=$(proc_ticks $(pids_of "$sys")); i0=$(proc_ticks $(pids_of "$idle")); read -r b0 t0 < <(machine_ticks)
  wrk_load "$sys" "$wl" "$c" "$DURATION" "$out" || die "$sys $wl c=$c: wrk failed: $(tail -3 "$out")"
  # shellcheck disable=SC2046
  p1=$(proc_ticks $(pids_of "$sys")); i1=$(proc_ticks $(pids_of "$idle")); read -r b1 t1 < <(machine_ticks)
  local result; result=$(awk '/^RESULT/ {$1 = ""; print substr($0, 2)}' "$out")
  [ -n "$result" ] || die "$sys $wl c=$c: no RESULT line in $out"
  local wrk_secs; wrk_secs=$(awk 'NR == 2 {for (i = 1; i <= 2; i++) {split($i, t, /[ms]/); s += t[1] * 60 + t[2]}} END {print s + 0}' "$out.times")
  awk -v sys="$sys" -v wl="$wl" -v c="$c" -v rep="$rep" -v r="$result" -v p="$((p1 - p0))" -v i="$((i1 - i0))" \
      -v busy="$((b1 - b0))" -v total="$((t1 - t0))" -v hz="$CLK_TCK" -v w="$wrk_secs" 'BEGIN {
    split(r, f, " ")
    if (total <= 0) total = 1
    sysp = 100 * p / total; idlep = 100 * i / total; wrkp = 100 * w * hz / total
    rest = 100 * busy / total - sysp - idlep - wrkp; if (rest < 0) rest = 0
    us = f[5] > 0 ? 1e6 * p / hz / f[5] : 0
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\n", sys, wl, c, rep,
      f[1], f[2], f[3], f[4], f[5], f[6], f[7], sysp, idlep, wrkp, rest, us }' >>"$RAW"
  log "$(tail -1 "$RAW" | awk -F'\t' '{printf "%s %s c=%s rep %s: %s req/s, p50 %s ms, p99 %s ms, errors %s+%s, cpu %s%% (idle system %s%%, wrk %s%%, rest %s%%)", $1, $2, $3, $4, $5, $6, $7, $10, $11, $12, $13, $14, $15}')"
}

order=($SYSTEMS)
for rep in $(seq "$REPS"); do
  for wl in $WORKLOADS; do
    if [ "$wl" = put ]; then conns=$CONCURRENCY; else conns=$READ_CONCURRENCY; fi
    for c in $conns; do
      for sys in "${order[@]}"; do measure "$sys" "$wl" "$c" "$rep"; done
      # Who goes first flips every cell, so neither system always runs right after the other's load.
      ((${#order[@]} == 2)) && order=("${order[1]}" "${order[0]}")
    done
  done
done
for sys in $SYSTEMS; do check_values "$sys" "after the load"; done

# ---------------------------------------------------------------- report
TERM_MOVED=()
for sys in $SYSTEMS; do
  read -r _ id term < <(await_leader "$sys" 30 || true) || true
  [ "${term:-}" = "${TERM0[$sys]}" ] || TERM_MOVED+=("$sys: term ${TERM0[$sys]} -> ${term:-no leader}")
done

COLS='system\tworkload\tconns\trep\treq/s\tp50 ms\tp99 ms\tp99.9 ms\trequests\tsocket errors\tnon-2xx\tcpu %\tcpu other system idle %\tcpu wrk %\tcpu rest %\tcpu us/req'
echo
echo "== per run (cpu: % of all $(nproc) cores during the measured run, by the system under load, by the other"
echo "   system idling, by wrk, and by the rest: other tenants, kernel threads; cpu us/req: the system's CPU per request)"
{ printf '%b\n' "$COLS"; cat "$RAW"; } | column -t -s $'\t'

# Median over the repetitions of one column (as numbered above) of one cell, to the precision of the per-run
# table (req/s 0.1, ms 0.001, cpu 1%); empty if the cell never ran.
median() { # system workload conns column
  local format='%.3f'
  case $4 in 5) format='%.1f' ;; 12) format='%.0f' ;; esac
  awk -F'\t' -v s="$1" -v w="$2" -v c="$3" -v k="$4" '$1 == s && $2 == w && $3 == c {print $k}' "$RAW" | sort -g |
    awk -v f="$format" '{v[NR] = $1} END {if (NR) printf f, (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
failures() { # system workload conns: socket errors + non-2xx over all repetitions
  awk -F'\t' -v s="$1" -v w="$2" -v c="$3" '$1 == s && $2 == w && $3 == c {n += $10 + $11; seen = 1} END {if (seen) print n}' "$RAW"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f", a / b}'; }
declare -A M # "system workload conns column" -> median
for wl in $WORKLOADS; do
  if [ "$wl" = put ]; then conns=$CONCURRENCY; else conns=$READ_CONCURRENCY; fi
  for c in $conns; do for sys in $SYSTEMS; do for k in 5 6 7 12; do M["$sys $wl $c $k"]=$(median "$sys" "$wl" "$c" $k); done; done; done
done
m() { echo "${M["$1 $2 $3 $4"]:-}"; }
or_dash() { echo "${1:--}"; }

echo
echo "== summary: medians over $REPS repetition(s); ratio = akka-raft / etcd (req/s: higher is better; p50, p99: lower is better)"
{
  printf 'workload\tconns\takka-raft req/s\tetcd req/s\tratio\takka-raft p50 ms\tetcd p50 ms\tratio\takka-raft p99 ms\tetcd p99 ms\tratio\takka-raft cpu %%\tetcd cpu %%\tfailed requests (a/e)\n'
  for wl in $WORKLOADS; do
    if [ "$wl" = put ]; then conns=$CONCURRENCY; label=put; else conns=$READ_CONCURRENCY; label="get (linearizable)"; fi
    for c in $conns; do
      fa=$(failures akka-raft "$wl" "$c"); fe=$(failures etcd "$wl" "$c")
      flag=""; [ "${fa:-0}${fe:-0}" = 00 ] || flag=" FAILED REQUESTS"
      printf '%s\t%s' "$label" "$c"
      for k in 5 6 7; do
        a=$(m akka-raft "$wl" "$c" $k); e=$(m etcd "$wl" "$c" $k)
        printf '\t%s\t%s\t%s' "$(or_dash "$a")" "$(or_dash "$e")" "$(ratio "$a" "$e")"
      done
      printf '\t%s\t%s\t%s/%s%s\n' "$(or_dash "$(m akka-raft "$wl" "$c" 12)")" "$(or_dash "$(m etcd "$wl" "$c" 12)")" \
        "$(or_dash "$fa")" "$(or_dash "$fe")" "$flag"
    done
  done
} | column -t -s $'\t'

echo
echo "== targets (medians of this run; informative)"
# One target: a condition on the medians of one cell, in awk over ar, er (req/s of akka-raft, etcd), a50, e50
# (p50) and a99, e99 (p99).
target() { # description workload conns condition
  local ar er a50 e50 a99 e99 verdict
  ar=$(m akka-raft "$2" "$3" 5); a50=$(m akka-raft "$2" "$3" 6); a99=$(m akka-raft "$2" "$3" 7)
  er=$(m etcd "$2" "$3" 5); e50=$(m etcd "$2" "$3" 6); e99=$(m etcd "$2" "$3" 7)
  if [ -z "$ar" ] || [ -z "$er" ]; then printf '%-4s  %s  (not measured)\n' n/a "$1"; return; fi
  verdict=$(awk -v ar="$ar" -v er="$er" -v a50="$a50" -v e50="$e50" -v a99="$a99" -v e99="$e99" \
    "BEGIN {print ($4) ? \"PASS\" : \"FAIL\"}")
  printf '%-4s  %s  (req/s %s vs %s: %sx; p50 %s vs %s ms: %sx; p99 %s vs %s ms: %sx)\n' "$verdict" "$1" \
    "$ar" "$er" "$(ratio "$ar" "$er")" "$a50" "$e50" "$(ratio "$a50" "$e50")" "$a99" "$e99" "$(ratio "$a99" "$e99")"
}
target "put at 16 connections: akka-raft >= 1.2x etcd's req/s, p99 no worse" put 16 'ar >= 1.2 * er && a99 <= e99'
target "put at 64 connections: akka-raft >= 1.2x etcd's req/s, p99 no worse" put 64 'ar >= 1.2 * er && a99 <= e99'
target "linearizable get at 64 connections: akka-raft >= 1.2x etcd's req/s" get 64 'ar >= 1.2 * er'
target "put at 1 connection: akka-raft p50 within 1.2x of etcd's" put 1 'a50 <= 1.2 * e50'

echo
status=0
for moved in "${TERM_MOVED[@]}"; do echo "WARNING: leader election during the runs ($moved): compare with care"; done
noisy=$(awk -F'\t' '$15 > 15 {n++} END {print n + 0}' "$RAW")
((noisy == 0)) || echo "WARNING: in $noisy run(s) other tenants or kernel threads used more than 15% of the machine (cpu rest): compare with care"
failed=$(awk -F'\t' '{n += $10 + $11} END {print n + 0}' "$RAW")
if ((failed > 0)); then
  echo "FAILED REQUESTS: $failed (socket errors or non-2xx answers; see the per-run table): these figures are not valid"
  status=3
else
  echo "every request answered 2xx, no socket errors"
fi
exit $status

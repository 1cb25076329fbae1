# Shared by the benchmarks in bench/ (sourced, not run): the lab of run/lab, the two tools under
# test (ipfailover, keepalived) driven the same way, the client probe, loss rules, and the
# cleanup of everything a benchmark made. Labs are named ipfobench*, so they never meet the
# end-to-end suite's or run/demo's.
#
# Safety: every address, route, rule and daemon lives inside the lab's namespaces; nothing is
# configured in the root namespace. Processes are stopped by the PIDs recorded here, never by name.

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(dirname "$bench_dir")
dist=$repo_dir/run
VIP=198.51.100.10
ECHO_PORT=7007
HTTP_PORT=8080
VRID=51
# The service check both tools run when $service_check is set (bench/failover --faults service):
# every CHECK_INTERVAL s, CHECK_TIMEOUT s at most, CHECK_FALL failures in a row make the node
# unhealthy, CHECK_RISE passes healthy again. keepalived counts whole seconds (interval >= 1).
CHECK_INTERVAL=1
CHECK_TIMEOUT=1
CHECK_RISE=2
CHECK_FALL=2
# what keepalived's vrrp_script runs, and ipfailover's script check (service_check=script)
CHECK_COMMAND="/usr/bin/curl -fsS -m $CHECK_TIMEOUT -o /dev/null http://127.0.0.1:$HTTP_PORT/"
# empty: no service check; http: ipfailover's HTTP check; script: ipfailover's script check running CHECK_COMMAND
service_check=
declare -A PUBLIC=([pri]=198.51.100.1 [sec]=198.51.100.2 [cli]=198.51.100.100)
declare -A OTHER=([pri]=sec [sec]=pri)

bench_pids=()
bench_labs=()
bench_work=
bench_keep=false
# ipfailover only: how many groups pri holds (web and g001... with one address each); bench/idle --groups
bench_groups=1
declare -A node_pid=()
declare -A echo_pid=()
declare -A http_pid=()
declare -A zk_pid=()

say() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
die() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || die "'$1' is missing; install it with: apt-get install -y $2"; }

now_us() { echo "${EPOCHREALTIME/./}"; }
now_ms() { local us=${EPOCHREALTIME/./}; echo $((us / 1000)); }
# sleep_ms N: N milliseconds
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

bench_checks() {
    local why
    why=$("$dist/lab" check 2>&1) || die "$why"
    need java openjdk-17-jre-headless
    need arping iputils-arping
    need nft nftables
    [ -f "$dist/target/node.jar" ] && [ -f "$dist/target/ipfailover-ctl.jar" ] && [ -d "$dist/target/classes/org/ipfailover/run/lab" ] \
        || die "the node is not built; build it first: (cd $repo_dir && mvn -B -DskipTests install)"
}

bench_init() {
    bench_work=$(mktemp -d "/tmp/ipfobench.$1.XXXXXX")
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM HUP
    snapshot_dist
}

# snapshot_dist: a copy of the node, the launcher, the lab and the probe classes, so that a build
# running beside the benchmark cannot change what is measured halfway
snapshot_dist() {
    local copy=$bench_work/dist
    mkdir -p "$copy/conf" "$copy/target/classes/org/ipfailover/run"
    cp "$dist/ipfailover" "$dist/lab" "$copy/"
    cp "$dist/conf/logback.xml" "$copy/conf/"
    cp "$dist/target/node.jar" "$dist/target/ipfailover-ctl.jar" "$copy/target/"
    cp -r "$dist/target/classes/org/ipfailover/run/lab" "$copy/target/classes/org/ipfailover/run/"
    node_build="node.jar $(sha256sum "$copy/target/node.jar" | cut -c1-12), built $(date -u -r "$dist/target/node.jar" +%Y-%m-%dT%H:%MZ), $(git -C "$repo_dir" log -1 --format='commit %h' 2>/dev/null || echo 'no git')"
    dist=$copy
}

load1() { cut -d' ' -f1 /proc/loadavg; }

bench_cleanup() {
    local status=$?
    trap - EXIT INT TERM HUP
    local entry lab
    for entry in "${bench_pids[@]}"; do
        if [ "$(start_time "${entry%%:*}")" = "${entry#*:}" ]; then
            kill -9 "${entry%%:*}" 2>/dev/null || true
        fi
    done
    for lab in "${bench_labs[@]}"; do
        "$dist/lab" down "$lab" >/dev/null 2>&1 || true
        zk_down "$lab"
    done
    if [ -n "$bench_work" ]; then
        if $bench_keep; then
            say "kept the logs in $bench_work"
        else
            rm -rf "$bench_work"
        fi
    fi
    exit "$status"
}

# background CMD...: starts it, records its PID in $last_pid and, with its start time, for the cleanup
background() {
    "$@" &
    last_pid=$!
    disown "$last_pid"
    bench_pids+=("$last_pid:$(start_time "$last_pid")")
}

# start_time PID: the process's start time (clock ticks since boot), to tell it from a later one with its PID
start_time() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}'; }

# ours PID: the process is still the one this benchmark started
ours() {
    local entry
    for entry in "${bench_pids[@]}"; do
        if [ "${entry%%:*}" = "$1" ]; then
            [ "${entry#*:}" = "$(start_time "$1")" ]
            return
        fi
    done
    return 1
}

# alive PID: a process this benchmark started, still running (not a zombie)
alive() {
    ours "$1" && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

forget() {
    local entry kept=()
    for entry in "${bench_pids[@]}"; do
        [ "${entry%%:*}" = "$1" ] || kept+=("$entry")
    done
    bench_pids=("${kept[@]}")
}

# stop_pid PID: SIGKILL a process this benchmark started, and wait (at most 5 s) until it is gone
stop_pid() {
    local pid=$1 i
    if ours "$pid"; then
        kill -9 "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do
            [ -d "/proc/$pid" ] && [ "$(start_time "$pid")" != "" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null || break
            sleep 0.05
        done
    fi
    forget "$pid"
}

# await TIMEOUT_MS WHAT CMD...: until CMD succeeds, polling every 50 ms; 1 on timeout
await() {
    local timeout=$1 what=$2
    shift 2
    local deadline=$(($(now_ms) + timeout))
    until "$@"; do
        if (($(now_ms) >= deadline)); then
            [ -z "$what" ] || say "timed out after $timeout ms waiting for $what"
            return 1
        fi
        sleep 0.05
    done
}

# ---- the lab

lab_up() {
    lab=$1
    bench_labs+=("$lab")
    "$dist/lab" up "$lab"
}

lab_down() {
    "$dist/lab" down "$1" >/dev/null 2>&1 || true
    zk_down "$1"
}

ns() { echo "$lab-$1"; }

# cable HOST DEV up|down; public-cable changes of pri are written to the timeline for the dual-active count
cable() {
    ip -n "$(ns "$1")" link set "$2" "$3"
    if [ "$2" = eth0 ] && [ -n "${timeline:-}" ]; then
        echo "$(now_us) $1 link$3" >>"$timeline"
    fi
}

holds() { ip -n "$(ns "$1")" -o -4 addr show dev eth0 2>/dev/null | grep -q " $VIP/"; }

# start_echo [HOST...]: the UDP service that answers with its host's name, on pri and sec (or the hosts named)
start_echo() {
    local host hosts=("$@")
    [ $# -gt 0 ] || hosts=(pri sec)
    for host in "${hosts[@]}"; do
        background ip netns exec "$(ns "$host")" java -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
            -cp "$dist/target/classes" org.ipfailover.run.lab.UdpEcho "$host" "$ECHO_PORT" >>"$bench_work/$lab-echo-$host.out" 2>&1
        echo_pid[$lab:$host]=$last_pid
    done
}

# ensure_echo: starts again an echo service that has ended (run/'s UdpEcho exits when a reply cannot be
# sent, as when its host's cable is out); the hosts it restarted are in $echo_restarted
ensure_echo() {
    local host
    echo_restarted=()
    for host in pri sec; do
        if ! alive "${echo_pid[$lab:$host]:-}"; then
            forget "${echo_pid[$lab:$host]:-}"
            start_echo "$host"
            echo_restarted+=("$host")
        fi
    done
}

# start_http HOST: the service the checks guard, run/'s HttpService (200 and the host's name) on
# HTTP_PORT in the host's namespace, until it listens (at most 10 s)
start_http() {
    local host=$1 out=$bench_work/$lab-http-$1.out
    : >"$out"
    background ip netns exec "$(ns "$host")" java -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
        -cp "$dist/target/classes" org.ipfailover.run.lab.HttpService "$host" "$HTTP_PORT" >>"$out" 2>&1
    http_pid[$lab:$host]=$last_pid
    await 10000 "the HTTP service on $host" grep -q listening "$out"
}

# stop_http HOST: SIGKILL of the host's HTTP service, by its PID
stop_http() { stop_pid "${http_pid[$lab:$1]:-}"; }

# start_probe FILE DURATION_MS: the client asks the VIP every $probe_ms ms (default 10); FILE gets "<epoch-us> <host>" per answer
start_probe() {
    background ip netns exec "$(ns cli)" java -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
        -cp "$dist/target/classes" org.ipfailover.run.lab.UdpProbe "$VIP" "$ECHO_PORT" "${probe_ms:-10}" "$2" >"$1" 2>&1
    probe_pid=$last_pid
    probe_out=$1
}

# answered_by HOST AFTER_US: the probe heard HOST after the time
answered_by() { tail -n 4000 "$probe_out" | awk -v h="$1" -v t="$2" '$2 == h && $1 > t {found = 1} END {exit !found}'; }

# only_from HOST MS: every answer of the last MS milliseconds came from HOST, and there were some
only_from() {
    local since=$(($(now_us) - $2 * 1000))
    tail -n 4000 "$probe_out" | awk -v h="$1" -v t="$since" '$1 > t {n++; if ($2 != h) bad = 1} END {exit !(n > 0 && !bad)}'
}

# start_monitors: `ip -ts monitor address` in pri's and sec's namespaces, into the work folder
start_monitors() {
    local host
    for host in pri sec; do
        TZ=UTC background ip -n "$(ns "$host")" -ts monitor address >"$bench_work/$lab-monitor-$host.out" 2>&1
    done
}

# monitor_events: the monitors' VIP changes so far, as "<epoch-us> <host> add|del" lines
monitor_events() {
    local host
    for host in pri sec; do
        TZ=UTC awk -v h="$host" -v vip=" $VIP/" '
            index($0, vip) && /^\[/ {
                ts = substr($1, 2, 26); gsub(/[-T:]/, " ", ts); split(ts, p, ".")
                printf "%.0f %s %s\n", mktime(p[1]) * 1000000 + p[2], h, ($2 == "Deleted" ? "del" : "add")
            }' "$bench_work/$lab-monitor-$host.out"
    done
}

# ---- loss: a random share of the frames crossing a segment's bridge is dropped (no netem on this kernel)

loss_on() {
    local percent=$1 seg
    for seg in pub prv; do
        ip netns exec "$(ns "$seg")" nft -f - <<EOF
table bridge ipfobench {
    chain forward {
        type filter hook forward priority 0; policy accept;
        numgen random mod 100 < $percent counter drop
    }
}
EOF
    done
}

loss_counters() {
    local seg
    for seg in pub prv; do
        printf '%s: %s\n' "$seg" "$(ip netns exec "$(ns "$seg")" nft list chain bridge ipfobench forward | grep -o 'packets [0-9]* bytes [0-9]*')"
    done
}

# ---- ipfailover

# ipfo_configure INTERVAL DEADTIME: homes for pri and sec under the work folder, a fresh shared key;
# $ipfo_backend, when set, names netif's backend (else the node's default); $ipfo_failback, when set,
# is the group's failbackDelay in ms
ipfo_configure() {
    local interval=$1 dead=$2 host home key
    key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
    for host in pri sec; do
        home=$bench_work/$lab-ipfo-$host
        rm -rf "$home"
        mkdir -p "$home/conf"
        (umask 077 && echo "$key" >"$home/conf/ipfailover.key")
        {
            echo "id = $host"
            echo "networks = public=198.51.100.255; private=203.0.113.255"
            [ "$interval" = default ] || echo "interval = $interval"
            [ "$dead" = default ] || echo "deadTime = $dead"
        } >"$home/conf/org.ipfailover.node.cfg"
        printf 'nodes = pri, sec\nvips = eth0:%s/24\n%s' "$VIP" "${ipfo_failback:+failbackDelay = $ipfo_failback
}" >"$home/conf/org.ipfailover.group-web.cfg"
        [ -z "${ipfo_backend:-}" ] || echo "backend = $ipfo_backend" >"$home/conf/org.ipfailover.netif.cfg"
        [ -z "$service_check" ] || ipfo_check >"$home/conf/org.ipfailover.check.$service_check-web.cfg"
        ipfo_more_groups "$home"
    done
}

# ipfo_more_groups HOME: groups g001... up to $bench_groups in all, one address each on eth0: 198.51.100.3-254 but the
# lab's own, then host routes from 203.0.113.3-254 (the private link's /24, but on eth0: nothing asks them here)
ipfo_more_groups() {
    local home=$1 n=1 i address
    local -a free=()
    for ((i = 3; i < 255; i++)); do [[ $i == 10 || $i == 100 ]] || free+=("198.51.100.$i/24"); done
    for ((i = 3; i < 255; i++)); do free+=("203.0.113.$i/32"); done
    ((bench_groups <= ${#free[@]} + 1)) || die "--groups takes at most $((${#free[@]} + 1))"
    for address in "${free[@]}"; do
        ((n < bench_groups)) || break
        printf 'nodes = pri, sec\nvips = eth0:%s\n' "$address" >"$home/conf/org.ipfailover.group-$(printf 'g%03d' "$n").cfg"
        n=$((n + 1))
    done
}

# ipfo_check: the check file of $service_check on both nodes, with keepalived's vrrp_script settings
ipfo_check() {
    case $service_check in
        http) echo "url = http://127.0.0.1:$HTTP_PORT/" ;;
        script) echo "command = $CHECK_COMMAND" ;;
    esac
    printf 'groups = web\ninterval = %d\ntimeout = %d\nrise = %d\nfall = %d\n' $((CHECK_INTERVAL * 1000)) $((CHECK_TIMEOUT * 1000)) \
        "$CHECK_RISE" "$CHECK_FALL"
}

ipfo_home() { echo "$bench_work/$lab-ipfo-$1"; }
ipfo_log() { echo "$(ipfo_home "$1")/log/ipfailover.log"; }

ipfo_start() {
    local host=$1
    rm -f "$(ipfo_home "$host")/var/ipfailover.sock"
    # ip netns exec, the launcher and java exec one another: the PID is the node's
    IPFAILOVER_HOME=$(ipfo_home "$host") background ip netns exec "$(ns "$host")" "$dist/ipfailover" --daemon \
        >>"$(ipfo_home "$host").out" 2>&1
    node_pid[$lab:$host]=$last_pid
}

ipfo_kill() { stop_pid "${node_pid[$lab:$1]:-}"; }

# ipfo_state HOST: the group's state after the last transition the node logged
ipfo_state() {
    grep -a 'org.ipfailover.events - [A-Z_]* group web ' "$(ipfo_log "$1")" 2>/dev/null | tail -n 1 | sed -n 's/.* -> \([A-Z_]*\):.*/\1/p'
}

ipfo_pids() { echo "${node_pid[$lab:$1]:-}"; }

# ---- keepalived (VRRPv3, unicast peers inside the lab, the same interval)

# ka_configure INTERVAL_MS
ka_configure() {
    local interval=$1 host
    for host in pri sec; do
        cat >"$bench_work/$lab-ka-$host.conf" <<EOF
global_defs {
    router_id $host
    vrrp_version 3
    enable_script_security
    script_user root
}
$(ka_script)
vrrp_instance web {
    state BACKUP
    interface eth0
    virtual_router_id $VRID
    priority $([ "$host" = pri ] && echo 150 || echo 100)
    advert_int $(printf '%d.%02d' $((interval / 1000)) $((interval % 1000 / 10)))
    unicast_src_ip ${PUBLIC[$host]}
    unicast_peer {
        ${PUBLIC[${OTHER[$host]}]}
    }
    virtual_ipaddress {
        $VIP/24 dev eth0
    }
$([ -z "$service_check" ] || printf '    track_script {\n        chk_web\n    }')
}
EOF
    done
}

# ka_script: with a service check, the vrrp_script a keepalived user writes for it (no weight: a
# failing script puts the instance in FAULT, as a failing check makes an ipfailover node ineligible)
ka_script() {
    [ -n "$service_check" ] || return 0
    cat <<EOF
vrrp_script chk_web {
    script "$CHECK_COMMAND"
    interval $CHECK_INTERVAL
    timeout $CHECK_TIMEOUT
    rise $CHECK_RISE
    fall $CHECK_FALL
}
EOF
}

ka_log() { echo "$bench_work/$lab-ka-$1.log"; }

ka_start() {
    local host=$1 base=$bench_work/$lab-ka-$1
    rm -f "$base.pid" "$base.vrrp.pid"
    background ip netns exec "$(ns "$host")" keepalived --dont-fork --log-console --log-detail --vrrp \
        -f "$base.conf" -p "$base.pid" -r "$base.vrrp.pid" >>"$base.log" 2>&1
    node_pid[$lab:$host]=$last_pid
    await 5000 "keepalived's VRRP process on $host" test -s "$base.vrrp.pid" || true
}

# ka_vrrp_child HOST: keepalived's VRRP process, if it is the child of the keepalived this benchmark started
ka_vrrp_child() {
    local child
    child=$(cat "$bench_work/$lab-ka-$1.vrrp.pid" 2>/dev/null || true)
    [ -n "$child" ] && [ "$(sed 's/.*) //' "/proc/$child/stat" 2>/dev/null | awk '{print $2}')" = "${node_pid[$lab:$1]:-}" ] && echo "$child"
    return 0
}

# ka_kill HOST: both processes stopped first, so that neither sees the other go, then SIGKILL
ka_kill() {
    local host=$1 parent=${node_pid[$lab:$1]:-} child
    child=$(ka_vrrp_child "$host")
    ours "$parent" || return 0
    kill -STOP "$parent" ${child:+"$child"} 2>/dev/null || true
    kill -9 ${child:+"$child"} "$parent" 2>/dev/null || true
    stop_pid "$parent"
}

ka_state() {
    grep -a '(web) Entering [A-Z]* STATE' "$(ka_log "$1")" 2>/dev/null | tail -n 1 | sed -n 's/.*Entering \([A-Z]*\) STATE.*/\1/p'
}

ka_pids() { echo "${node_pid[$lab:$1]:-}" "$(ka_vrrp_child "$1")"; }

# ---- the quorum: three ZooKeeper servers on the private segment (zk1..zk3, 203.0.113.11-13), each
# a JVM in a namespace of its own, as an administrator puts them on the nodes' management network

ZK_TICK_MS=200
ZK_SESSION_MS=${ZK_SESSION_MS:-2000}

# zk_classpath: the ZooKeeper server and what it needs, from the end-to-end suite's dependencies (resolved once)
zk_classpath() {
    local file=$bench_work/zookeeper.classpath
    if [ ! -s "$file" ]; then
        mvn -o -q -f "$repo_dir/run/pom.xml" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$file" \
            >"$bench_work/zookeeper.classpath.log" 2>&1 \
            || die "cannot resolve the ZooKeeper server's classpath (see $bench_work/zookeeper.classpath.log; build first: mvn -B -DskipTests install)"
    fi
    cat "$file"
}

# zk_up: the ensemble in lab $lab, until one server leads and two follow
zk_up() {
    local id peer dir classpath
    classpath=$(zk_classpath)
    for id in 1 2 3; do
        ip netns add "$lab-zk$id"
        ip -n "$lab-zk$id" link set lo up
        ip -n "$lab-prv" link add "zk$id" type veth peer name eth0 netns "$lab-zk$id"
        ip -n "$lab-prv" link set "zk$id" master br0 up
        ip -n "$lab-zk$id" link set eth0 up
        ip -n "$lab-zk$id" addr add "203.0.113.1$id/24" dev eth0
        dir=$bench_work/$lab-zk$id
        mkdir -p "$dir/data"
        echo "$id" >"$dir/data/myid"
        {
            printf 'tickTime=%s\ninitLimit=20\nsyncLimit=5\ndataDir=%s\nclientPort=2181\nclientPortAddress=203.0.113.1%s\n' \
                "$ZK_TICK_MS" "$dir/data" "$id"
            printf 'admin.enableServer=false\n4lw.commands.whitelist=srvr\n'
            for peer in 1 2 3; do echo "server.$peer=203.0.113.1$peer:2888:3888"; done
        } >"$dir/zoo.cfg"
        printf '<configuration><appender name="f" class="ch.qos.logback.core.FileAppender"><file>%s</file><encoder><pattern>%%d{HH:mm:ss.SSS} %%-5level %%logger{30} - %%msg%%n</pattern></encoder></appender><root level="INFO"><appender-ref ref="f"/></root></configuration>\n' \
            "$dir/server.log" >"$dir/logback.xml"
        background ip netns exec "$lab-zk$id" java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
            -Dlogback.configurationFile="$dir/logback.xml" -Dzookeeper.admin.enableServer=false -cp "$classpath" \
            org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zoo.cfg" >"$dir/console.out" 2>&1
        zk_pid[$lab:$id]=$last_pid
    done
    await 60000 "the ZooKeeper ensemble to elect a leader" zk_serving
}

# zk_mode ID: leader, follower or nothing, from the server's srvr answer
zk_mode() {
    ip netns exec "$lab-zk$1" timeout 2 bash -c 'exec 3<>/dev/tcp/$0/2181 && echo srvr >&3 && cat <&3' "203.0.113.1$1" 2>/dev/null \
        | sed -n 's/^Mode: //p'
}

zk_serving() {
    local id modes=""
    for id in 1 2 3; do modes+=" $(zk_mode "$id")"; done
    [[ $modes == *leader* ]] && [ "$(grep -o follower <<<"$modes" | wc -l)" = 2 ]
}

# zk_down LAB: the servers and their namespaces gone
zk_down() {
    local id
    for id in 1 2 3; do
        stop_pid "${zk_pid[$1:$id]:-}"
        ! ip netns list | awk '{print $1}' | grep -qx "$1-zk$id" || ip netns del "$1-zk$id"
    done
}

# ipfo_quorum: both nodes' quorum configuration, the ensemble's session timeout $ZK_SESSION_MS
ipfo_quorum() {
    local host
    for host in pri sec; do
        printf 'connectString = 203.0.113.11:2181,203.0.113.12:2181,203.0.113.13:2181\nsessionTimeoutMillis = %s\n' "$ZK_SESSION_MS" \
            >"$(ipfo_home "$host")/conf/org.ipfailover.quorum.zookeeper.cfg"
    done
}

# ---- either tool, as $tool says (ipfailover, quorum: ipfailover with the ZooKeeper quorum, or keepalived)

is_ipfo() { [ "$tool" = ipfailover ] || [ "$tool" = quorum ]; }
tool_start() { if is_ipfo; then ipfo_start "$1"; else ka_start "$1"; fi; }
tool_kill() { if is_ipfo; then ipfo_kill "$1"; else ka_kill "$1"; fi; }
tool_state() { if is_ipfo; then ipfo_state "$1"; else ka_state "$1"; fi; }
tool_pids() { if is_ipfo; then ipfo_pids "$1"; else ka_pids "$1"; fi; }
tool_log() { if is_ipfo; then ipfo_log "$1"; else ka_log "$1"; fi; }
holding_state() { is_ipfo && echo UP || echo MASTER; }
standby_state() { is_ipfo && echo STANDBY || echo BACKUP; }

# tool_configure INTERVAL: ipfailover with interval I and dead time $dead_intervals x I (default 3, the
# node's own ratio: 100 and 300 are its defaults, left unwritten); keepalived advert_int I. Sets $label.
tool_configure() {
    local interval=$1 dead=$((${dead_intervals:-3} * $1))
    if is_ipfo; then
        if [ "$interval" = 100 ] && [ "$dead" = 300 ]; then
            ipfo_configure default default
            label="ipfailover, defaults (interval 100, dead time 300)"
        else
            ipfo_configure "$interval" "$dead"
            label="ipfailover, interval $interval, dead time $dead"
        fi
        [ -z "${ipfo_backend:-}" ] || label+=", backend $ipfo_backend"
        [ -z "${ipfo_failback:-}" ] || label+=", failbackDelay $ipfo_failback"
        if [ "$tool" = quorum ]; then
            zk_up || die "the ZooKeeper ensemble did not form (see the servers' logs with --keep)"
            ipfo_quorum
            label+=", ZooKeeper quorum (3 servers, session $ZK_SESSION_MS ms, tickTime $ZK_TICK_MS ms)"
        fi
    else
        ka_configure "$interval"
        label="keepalived VRRPv3, advert_int $interval ms"
    fi
}

# start_pair: pri first, until it holds the VIP, then sec, until it stands by
start_pair() {
    tool_start pri
    await 30000 "pri to hold the VIP" eval 'holds pri && [ "$(tool_state pri)" = "$(holding_state)" ]' || return 1
    tool_start sec
    await 30000 "sec to stand by" eval '[ "$(tool_state sec)" = "$(standby_state)" ]'
}

# cpu_ticks PID...: user + system clock ticks of the processes
cpu_ticks() {
    local pid total=0 t
    for pid in "$@"; do
        t=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}')
        total=$((total + ${t:-0}))
    done
    echo "$total"
}

# status_kb FIELD PID...: a /proc/PID/status field (VmRSS, VmHWM) in kB, summed over the processes
status_kb() {
    local field=$1 pid total=0 v
    shift
    for pid in "$@"; do
        v=$(awk -v f="$field:" '$1 == f {print $2}' "/proc/$pid/status" 2>/dev/null)
        total=$((total + ${v:-0}))
    done
    echo "$total"
}

# ---- statistics

# stats [DECIMALS]: numbers on stdin, one a line ("-" ignored) -> "min / median / max" (n/a when none)
stats() {
    sort -n | awk -v d="${1:-0}" '$1 != "-" {v[n++] = $1} END {
        if (n == 0) {print "n/a"; exit}
        m = (n % 2) ? v[int(n / 2)] : (v[n / 2 - 1] + v[n / 2]) / 2
        f = "%." d "f"
        printf f " / " f " / " f "\n", v[0], m, v[n - 1]}'
}

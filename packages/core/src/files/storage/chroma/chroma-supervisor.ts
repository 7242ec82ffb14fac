/**
 * A POSIX shell supervisor between the studio and its Chroma, run as `sh -c SCRIPT chroma-supervisor
 * <command…>`. It starts Chroma, prints its pid on the first line, and kills it when the studio's end
 * of its stdin pipe closes, which happens however the studio dies, SIGKILL included: a server must
 * never outlive the studio and keep listening. SIGTERM/SIGINT are passed on; it exits with Chroma's
 * code, so the studio still sees a crash and restarts it. A shell costs about 1 MB, a node process 40.
 */
export const CHROMA_SUPERVISOR_SCRIPT = `
exec 3<&0
"$@" </dev/null >/dev/null &
child=$!
echo "$child"
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
( while read -r _; do :; done; kill -TERM "$child" 2>/dev/null; sleep 3; kill -KILL "$child" 2>/dev/null ) <&3 >/dev/null 2>&1 &
watcher=$!
exec 3<&-
code=0
while kill -0 "$child" 2>/dev/null; do
  wait "$child"
  code=$?
done
kill "$watcher" 2>/dev/null
exit "$code"
`;

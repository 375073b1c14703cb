# Sourced by ./mvnw and ./parley: selects a JDK 25 or newer, so neither depends on the machine's default JDK.
# Keeps JAVA_HOME when it already points at one; otherwise takes the newest JDK 25+ under /usr/lib/jvm.
parley_java_feature() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}
if [ -z "${JAVA_HOME-}" ] || [ ! -x "$JAVA_HOME/bin/javac" ] || [ "$(parley_java_feature "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
  parley_found=""
  for parley_jdk in $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 2>/dev/null | sort); do
    [ -x "$parley_jdk/bin/javac" ] || continue
    parley_v=$(parley_java_feature "$parley_jdk")
    case "$parley_v" in '' | *[!0-9]*) continue ;; esac
    if [ "$parley_v" -ge 25 ]; then parley_found="$parley_jdk"; fi
  done
  if [ -z "$parley_found" ]; then
    echo "parley: no JDK 25 or newer found (set JAVA_HOME, or install one under /usr/lib/jvm)" >&2
    exit 2
  fi
  export JAVA_HOME="$parley_found"
fi
export PATH="$JAVA_HOME/bin:$PATH"

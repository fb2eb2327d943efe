# Sourced by ./descent and ./mvnw (POSIX sh): points JAVA_HOME at a JDK 25 (or newer), or stops with one clear line.
java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
  JAVA_HOME=""
  if command -v java >/dev/null 2>&1; then
    candidate="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    [ "$(java_major "$candidate")" -ge 25 ] 2>/dev/null && JAVA_HOME="$candidate"
  fi
  if [ -z "$JAVA_HOME" ]; then
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
      if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate")" -ge 25 ] 2>/dev/null; then JAVA_HOME="$candidate"; break; fi
    done
  fi
  if [ -z "$JAVA_HOME" ]; then
    echo "descent: no JDK 25 found (looked at JAVA_HOME, the java on PATH, /usr/lib/jvm and /Library/Java/JavaVirtualMachines); install one and set JAVA_HOME" >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

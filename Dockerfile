# ---------------------------------------------------------------------------
# Build stage: compile with the Maven wrapper and split the Boot jar into layers.
# ---------------------------------------------------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build

# Wrapper and POM first, so the dependency download is cached until pom.xml changes. This image has no
# unzip, so the wrapper fetches Maven's .tar.gz and checks it against distributionTarGzSha256Sum.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN chmod +x mvnw && ./mvnw -B dependency:go-offline

# Sources last: a code change only rebuilds from here on.
COPY src src
RUN ./mvnw -B -Dmaven.test.skip=true package \
    && java -Djarmode=tools -jar target/aurora-intelligence-0.1.0.jar extract --layers --launcher --destination extracted

# ---------------------------------------------------------------------------
# Runtime stage: JRE only, non-root, layers ordered from least to most often changed.
# ---------------------------------------------------------------------------
# Java 25: virtual threads without carrier pinning on synchronized JDBC calls (Java 21 pins them)
FROM eclipse-temurin:25-jre
WORKDIR /app

RUN groupadd --system --gid 10001 aurora \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin aurora \
    && mkdir -p /data \
    && chown 10001:10001 /data

COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

# SQLite database (WAL mode: the .db, -wal and -shm files all live here); must be writable and persistent.
VOLUME /data
ENV STORE_FILE=/data/decisions.db
# glibc keeps up to 8 malloc arenas a core; two bound the native memory beside the heap.
ENV MALLOC_ARENA_MAX=2
EXPOSE 8080

USER 10001

# No curl/wget needed: bash's /dev/tcp speaks just enough HTTP/1.0 to check the status line of liveness,
# which turns DOWN when the store's writer thread is gone (/healthz always answers healthy). The start
# period covers a start that replays the whole feedback log (up to 10 minutes, as the k8s startup probe).
# It asks the port the service listens on: SERVER_PORT, else PORT, else 8080.
HEALTHCHECK --interval=30s --timeout=5s --start-period=600s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-${PORT:-8080}} && printf 'GET /health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# The jar's manifest grants sqlite-jdbc native access only to `java -jar`; launched from the classpath,
# the grant is given here. 65% of the container's memory for the heap leaves room for metaspace, code,
# thread stacks and SQLite's native memory. G1 explicitly: below 1792 MB of memory the JVM would pick the
# single-threaded Serial collector, unlike the machine the benchmarks were measured on.
# An OutOfMemoryError ends the process, so that Kubernetes restarts it and the model is rebuilt from
# the log, instead of running on with a model that may have applied half a feedback.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=65", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED", "org.springframework.boot.loader.launch.JarLauncher"]
